import type { Scene, Stored } from '@scenechain/scene-kit';
import { advance, checkThrough } from '@scenechain/scene-kit';
import { patentLifecycle } from '../lifecycle/patent-lifecycle';
import { patents, type Patent } from '../model/patent';

export type PatentTransition = keyof typeof patentLifecycle.spec.transitions;

/** Reads an application or patent (NOT_FOUND if absent). */
export function patentOf(scene: Scene, applicationId: string): Promise<Stored<Patent>> {
  return patents.mustGet(scene, { id: applicationId });
}

/** Moves a patent through its lifecycle (see `advance`). */
export function movePatent(
  scene: Scene,
  current: Stored<Patent>,
  transition: PatentTransition,
  change?: (data: Patent) => Patent,
  details?: Record<string, unknown>,
): Promise<Stored<Patent>> {
  return advance(scene, patents, patentLifecycle, current, transition, change, details);
}

/** Checks a transition that records something beside the patent without changing it; returns the step. */
export function checkPatent(scene: Scene, current: Stored<Patent>, transition: PatentTransition) {
  return checkThrough(scene, patents, patentLifecycle, current, transition);
}
