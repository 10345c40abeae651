import { InternalError } from './errors';
import type { KeyOf, RecordType, Stored } from './record-type';
import type { Scene } from './scene';
import {
  defineStateMachine,
  type FireInput,
  type StateMachine,
  type StateMachineSpec,
  type Step,
} from './state-machine';

/** A record governed by a state machine keeps its state in `status`. */
export interface WithStatus<S extends string> {
  readonly status: S;
}

/** A record named by its key (a string for a one-field key) or already read in this transaction. */
export type RecordRef<T, K extends string> = string | KeyOf<K> | Stored<T>;

/**
 * A record type bound to its state machine once, so flows name only the record and the transition. Every
 * transition runs: who may (the machine), the current state, the guards, then the async `checks` that may read
 * other records; it writes the record with `status` set to the target, keeps indexes in step and emits the event.
 */
export class Lifecycle<
  S extends string,
  N extends string,
  T extends WithStatus<S> & Record<K, string>,
  K extends string,
> {
  /** The request field naming one record (`recordId`); defaults to the record's one key field. */
  readonly keyField: string;

  constructor(
    readonly records: RecordType<T, K>,
    readonly machine: StateMachine<S, N, T>,
    keyField?: string,
  ) {
    if (machine.spec.entity !== records.name) {
      throw new InternalError(`lifecycle: state machine ${machine.spec.entity} does not govern ${records.name}`);
    }
    const key = records.spec.key;
    if (keyField === undefined && key.length !== 1) {
      throw new InternalError(`lifecycle ${records.name}: a key of ${key.length} fields needs a keyField`);
    }
    this.keyField = keyField ?? key[0];
  }

  get name(): string {
    return this.records.name;
  }

  /** Creates a record through a `from: 'new'` transition; `status` is set to the transition's target. */
  async create(scene: Scene, transition: N, draft: T, details?: Record<string, unknown>): Promise<Stored<T>> {
    const step = await this.fire(scene, transition, null, draft);
    return this.records.create(scene, { ...draft, status: step.to as S }, { step, details });
  }

  /**
   * Moves a record through a transition and writes `change(data)` (may be async; runs after every check) with
   * `status` set to the target. A key is read first (NOT_FOUND if absent).
   */
  async advance(
    scene: Scene,
    ref: RecordRef<T, K>,
    transition: N,
    change: (data: T) => T | Promise<T> = (data) => data,
    details?: Record<string, unknown>,
  ): Promise<Stored<T>> {
    const current = await this.read(scene, ref);
    const step = await this.fire(scene, transition, current.data.status, current.data);
    const next = await change(current.data);
    return this.records.update(scene, current, { ...next, status: step.to as S }, { step, details });
  }

  /**
   * Checks a transition that records something beside the record without changing it (a use, a link); returns
   * the record as read and the step to record.
   */
  async check(scene: Scene, ref: RecordRef<T, K>, transition: N): Promise<{ current: Stored<T>; step: Step<S> }> {
    const current = await this.read(scene, ref);
    return { current, step: await this.fire(scene, transition, current.data.status, current.data) };
  }

  /** The record a reference names, read with NOT_FOUND if it is a key. */
  async read(scene: Scene, ref: RecordRef<T, K>): Promise<Stored<T>> {
    if (typeof ref === 'string') {
      if (this.records.spec.key.length !== 1) {
        throw new InternalError(`${this.name}: a key of ${this.records.spec.key.length} fields is not one string`);
      }
      return this.records.mustGet(scene, { [this.records.spec.key[0]]: ref } as KeyOf<K>);
    }
    return isStored<T>(ref) ? ref : this.records.mustGet(scene, ref);
  }

  private async fire(scene: Scene, transition: N, state: S | null, record: T): Promise<Step<S>> {
    const input = transitionInput(scene, this.records, record);
    const step = this.machine.fire(transition, state, input);
    for (const check of this.machine.spec.transitions[transition].checks ?? []) {
      const refused = await check({ ...input, scene, attribute: scene.identity.attribute });
      if (refused) throw refused;
    }
    return step;
  }
}

/** Binds a record type to its state machine (see `Lifecycle`). */
export function lifecycle<
  S extends string,
  N extends string,
  T extends WithStatus<S> & Record<K, string>,
  K extends string,
>(records: RecordType<T, K>, machine: StateMachine<S, N, T>, keyField?: string): Lifecycle<S, N, T, K> {
  return new Lifecycle(records, machine, keyField);
}

/**
 * A record type's lifecycle with its state machine declared in place: the machine's entity is the record type's
 * name (as a lifecycle requires), so the spec gives only `states` and `transitions`.
 */
export function defineLifecycle<
  S extends string,
  N extends string,
  T extends WithStatus<S> & Record<K, string>,
  K extends string,
>(
  records: RecordType<T, K>,
  spec: Omit<StateMachineSpec<S, N, T>, 'entity'>,
  keyField?: string,
): Lifecycle<S, N, T, K> {
  return new Lifecycle(records, defineStateMachine({ entity: records.name, ...spec }), keyField);
}

/** A lifecycle of any record type, where only its record type and machine matter (descriptors, actions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SomeLifecycle = Lifecycle<string, string, any, string>;

/** The one place a transition's input is built from the running transaction. */
export function transitionInput<T extends Record<K, string>, K extends string>(
  scene: Scene,
  records: RecordType<T, K>,
  record: T,
): FireInput<T> {
  return {
    record,
    actor: scene.actor,
    now: scene.now,
    id: records.idOf(record),
    attribute: scene.identity.attribute,
  };
}

function isStored<T>(ref: object): ref is Stored<T> {
  return 'data' in ref && 'audit' in ref;
}
