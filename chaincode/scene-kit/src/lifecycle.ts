import type { RecordType, Stored } from './record-type';
import type { Scene } from './scene';
import type { StateMachine } from './state-machine';

/** A record governed by a state machine keeps its state in `status`. */
export interface WithStatus<S extends string> {
  readonly status: S;
}

/**
 * Creates a record through a `new` transition: checks who may, runs guards on the draft, sets `status` to the
 * transition's target, writes it with its indexes and emits the transition's event.
 */
export async function createThrough<
  S extends string,
  N extends string,
  T extends WithStatus<S> & Record<K, string>,
  K extends string,
>(
  scene: Scene,
  records: RecordType<T, K>,
  machine: StateMachine<S, N, T>,
  transition: N,
  draft: T,
  details?: Record<string, unknown>,
): Promise<Stored<T>> {
  const step = machine.fire(transition, null, {
    record: draft,
    actor: scene.actor,
    now: scene.now,
    id: records.idOf(draft),
    attribute: scene.identity.attribute,
  });
  return records.create(scene, { ...draft, status: step.to as S }, { step, details });
}

/**
 * Moves a stored record through a transition: checks who may, that the current state allows it, and the
 * guards; then writes `change(data)` with `status` set to the target, keeps indexes in step and emits the event.
 */
export async function advance<
  S extends string,
  N extends string,
  T extends WithStatus<S> & Record<K, string>,
  K extends string,
>(
  scene: Scene,
  records: RecordType<T, K>,
  machine: StateMachine<S, N, T>,
  current: Stored<T>,
  transition: N,
  change: (data: T) => T = (data) => data,
  details?: Record<string, unknown>,
): Promise<Stored<T>> {
  const step = machine.fire(transition, current.data.status, {
    record: current.data,
    actor: scene.actor,
    now: scene.now,
    id: records.idOf(current.data),
    attribute: scene.identity.attribute,
  });
  return records.update(scene, current, { ...change(current.data), status: step.to as S }, { step, details });
}

/** Checks a transition that records something beside a record without changing it; returns the step to record. */
export function checkThrough<
  S extends string,
  N extends string,
  T extends WithStatus<S> & Record<K, string>,
  K extends string,
>(scene: Scene, records: RecordType<T, K>, machine: StateMachine<S, N, T>, current: Stored<T>, transition: N) {
  return machine.fire(transition, current.data.status, {
    record: current.data,
    actor: scene.actor,
    now: scene.now,
    id: records.idOf(current.data),
    attribute: scene.identity.attribute,
  });
}
