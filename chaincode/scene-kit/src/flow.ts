import type { z } from 'zod';
import type { ReadRule } from './read-rule';
import type { Scene } from './scene';

/**
 * One transaction of a scenario: its request schema and what it does. `submit` flows may write and are
 * ordered into blocks; `evaluate` flows only read (the store refuses their writes), and only they may use
 * paginated reads. Every `evaluate` flow declares who may read its answer (`readers`), which the kit checks
 * before it runs.
 */
export type Flow<S extends z.ZodType = z.ZodType, O = unknown> = SubmitFlow<S, O> | EvaluateFlow<S, O>;

interface FlowBase<S extends z.ZodType, O> {
  readonly request: S;
  readonly description: string;
  run(scene: Scene, input: z.output<S>): Promise<O>;
}

export interface SubmitFlow<S extends z.ZodType = z.ZodType, O = unknown> extends FlowBase<S, O> {
  readonly kind: 'submit';
}

export interface EvaluateFlow<S extends z.ZodType = z.ZodType, O = unknown> extends FlowBase<S, O> {
  readonly kind: 'evaluate';
  readonly readers: ReadRule;
}

export function submitFlow<S extends z.ZodType, O>(
  description: string,
  request: S,
  run: (scene: Scene, input: z.output<S>) => Promise<O>,
): SubmitFlow<S, O> {
  return { kind: 'submit', request, description, run };
}

/** A query; `readers` says who may read its answer (`channelMembers` for a public register). */
export function evaluateFlow<S extends z.ZodType, O>(
  description: string,
  request: S,
  readers: ReadRule,
  run: (scene: Scene, input: z.output<S>) => Promise<O>,
): EvaluateFlow<S, O> {
  return { kind: 'evaluate', request, description, readers, run };
}
