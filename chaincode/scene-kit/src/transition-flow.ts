import { z } from 'zod';
import { InternalError } from './errors';
import { submitFlow, type FlowTarget, type SubmitFlow } from './flow';
import { keyRequest } from './key-request';
import { objectFields } from './schema-shape';
import type { Lifecycle, WithStatus } from './lifecycle';
import type { Stored } from './record-type';
import type { Scene } from './scene';
import { reasonText } from './validation/fields';

export interface TransitionFlowSpec<S extends z.ZodType, T, O> {
  readonly description: string;
  /**
   * Must have the lifecycle's key field (`recordId`) naming the record to move. Default: that field alone (its
   * schema from the record's), plus `reason` (`reasonText`) when the flow keeps a `reason`.
   */
  readonly request?: S;
  /** The record's next data (status aside); may be async, runs after every check. */
  readonly change?: (data: T, input: z.output<S>, scene: Scene) => T | Promise<T>;
  /** Event details of this change (a reason, a linked record). */
  readonly details?: (input: z.output<S>) => Record<string, unknown>;
  /** Work after the record moved (keep a version, move a linked record); its answer, if any, replaces the record. */
  readonly after?: (scene: Scene, moved: Stored<T>, input: z.output<S>) => Promise<O | void>;
  /**
   * For a transition taken for a reason: the record field that keeps it as `{ reason, at }` (`reasonNote`), from
   * the request's `reason` field, which must exist; the event's details carry the reason too.
   */
  readonly reason?: keyof T & string;
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
  const { description, change, details, after, reason, label } = spec;
  const request = spec.request ?? (defaultRequest(life, reason !== undefined) as unknown as S);
  if (!(transition in life.machine.spec.transitions)) {
    throw new InternalError(`transitionFlow: ${life.name} has no transition ${transition}`);
  }
  if (!objectFields(request)?.[life.keyField]) {
    throw new InternalError(
      `transitionFlow ${transition}: the request has no field ${life.keyField} naming the ${life.name}`,
    );
  }
  if (reason !== undefined && !objectFields(request)?.reason) {
    throw new InternalError(`transitionFlow ${transition}: keeps a reason in ${reason}, but the request has no reason`);
  }
  const noted = (input: z.output<S>) => (input as { reason: string }).reason;
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
      const next = async (data: T): Promise<T> => {
        const changed = change ? await change(data, input, scene) : data;
        return reason === undefined ? changed : { ...changed, [reason]: { reason: noted(input), at: scene.now.iso } };
      };
      const facts = reason === undefined ? details?.(input) : { reason: noted(input), ...details?.(input) };
      const moved = await life.advance(scene, key, transition, next, facts);
      const answer = after ? await after(scene, moved, input) : undefined;
      return answer === undefined ? moved : answer;
    },
  });
}

function defaultRequest(target: FlowTarget, withReason: boolean): z.ZodType {
  const { field, schema } = keyRequest(target);
  return z.strictObject(withReason ? { [field]: schema, reason: reasonText } : { [field]: schema });
}
