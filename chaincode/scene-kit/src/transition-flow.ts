import type { z } from 'zod';
import { InternalError } from './errors';
import { submitFlow, type SubmitFlow } from './flow';
import { objectFields } from './schema-shape';
import type { Lifecycle, WithStatus } from './lifecycle';
import type { Stored } from './record-type';
import type { Scene } from './scene';

export interface TransitionFlowSpec<S extends z.ZodType, T, O> {
  readonly description: string;
  /** Must have the lifecycle's key field (`recordId`) naming the record to move. */
  readonly request: S;
  /** The record's next data (status aside); may be async, runs after every check. */
  readonly change?: (data: T, input: z.output<S>, scene: Scene) => T | Promise<T>;
  /** Event details of this change (a reason, a linked record). */
  readonly details?: (input: z.output<S>) => Record<string, unknown>;
  /** Work after the record moved (keep a version, move a linked record); its answer, if any, replaces the record. */
  readonly after?: (scene: Scene, moved: Stored<T>, input: z.output<S>) => Promise<O | void>;
  readonly label?: string;
}

/**
 * The common submit flow "read the record the request's key field names, move it through `transition`, answer
 * it": declared `on` the lifecycle with the transition, so who may is the machine's `by`.
 */
export function transitionFlow<
  St extends string,
  N extends string,
  T extends WithStatus<St> & Record<K, string>,
  K extends string,
  S extends z.ZodType,
  O = Stored<T>,
>(life: Lifecycle<St, N, T, K>, transition: N, spec: TransitionFlowSpec<S, T, O>): SubmitFlow<S, Stored<T> | O> {
  const { description, request, change, details, after, label } = spec;
  if (!(transition in life.machine.spec.transitions)) {
    throw new InternalError(`transitionFlow: ${life.name} has no transition ${transition}`);
  }
  if (!objectFields(request)?.[life.keyField]) {
    throw new InternalError(
      `transitionFlow ${transition}: the request has no field ${life.keyField} naming the ${life.name}`,
    );
  }
  return submitFlow({
    description,
    request,
    on: life,
    transition,
    label,
    run: async (scene, input) => {
      const key = (input as Record<string, unknown>)[life.keyField];
      if (typeof key !== 'string') {
        throw new InternalError(`transitionFlow ${transition}: the request has no string field ${life.keyField}`);
      }
      const moved = await life.advance(
        scene,
        key,
        transition,
        change && ((data) => change(data, input, scene)),
        details?.(input),
      );
      const answer = after ? await after(scene, moved, input) : undefined;
      return answer === undefined ? moved : answer;
    },
  });
}
