import type { z } from 'zod';
import type { Scene } from './scene';

/**
 * One transaction of a scenario: its request schema and what it does. `submit` flows may write and are
 * ordered into blocks; `evaluate` flows only read (the store refuses their writes), and only they may use
 * paginated reads.
 */
export interface Flow<S extends z.ZodType = z.ZodType, O = unknown> {
  readonly kind: 'submit' | 'evaluate';
  readonly request: S;
  readonly description: string;
  run(scene: Scene, input: z.output<S>): Promise<O>;
}

export function submitFlow<S extends z.ZodType, O>(
  description: string,
  request: S,
  run: (scene: Scene, input: z.output<S>) => Promise<O>,
): Flow<S, O> {
  return { kind: 'submit', request, description, run };
}

export function evaluateFlow<S extends z.ZodType, O>(
  description: string,
  request: S,
  run: (scene: Scene, input: z.output<S>) => Promise<O>,
): Flow<S, O> {
  return { kind: 'evaluate', request, description, run };
}
