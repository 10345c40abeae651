import { AlreadyExistsError } from './errors';
import type { KeyOf, RecordType, Stored } from './record-type';
import type { Scene } from './scene';

/** Who took a once-only step on a record, and when. */
export interface StepTaken {
  readonly by: string;
  readonly at: string;
}

export interface OnceOnlySpec<T> {
  /** The transition (or step) taken once, named in the refusal's facts. */
  readonly step: string;
  /** Who took it and when, if the record says it was taken. */
  readonly taken: (data: T) => StepTaken | undefined;
  /** The refusal's words. */
  readonly says: (data: T, taken: StepTaken) => string;
}

/**
 * A step a record takes once (an invoice reimbursed, credits retired): the reader it answers reads the record
 * (NOT_FOUND if absent) and refuses it when `taken` says the step was taken, with ALREADY_EXISTS saying `says` and
 * facts `{ recordType, id, step, by, at }`, so a client can show who took it and when. A flow reads with it before
 * firing the transition, so a repeat is told it is a repeat rather than that the record's state allows no step.
 */
export function onceOnly<T extends Record<K, string>, K extends string>(
  records: RecordType<T, K>,
  spec: OnceOnlySpec<T>,
): (scene: Scene, key: KeyOf<K>) => Promise<Stored<T>> {
  return async (scene, key) => {
    const stored = await records.mustGet(scene, key);
    const done = spec.taken(stored.data);
    if (!done) return stored;
    const record = { recordType: records.name, id: records.idOf(key) };
    throw new AlreadyExistsError(spec.says(stored.data, done), record, { step: spec.step, ...done });
  };
}
