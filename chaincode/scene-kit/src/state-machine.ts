import { accessRefusal, describeRule, type AccessRule, type Actor } from './access';
import { IllegalTransitionError, InternalError, type SceneError } from './errors';
import type { Scene } from './scene';
import type { Instant } from './time';

/** What a guard may look at: the record as it is now, who acts (with certificate attributes), and when. */
export interface GuardInput<R> {
  readonly record: R;
  readonly actor: Actor;
  readonly now: Instant;
  /** A certificate attribute of the submitter (e.g. `subject`), or null. */
  readonly attribute: (name: string) => string | null;
  /** The record's ID, for messages (given by `fire`). */
  readonly id?: string;
}

/** The facts `fire` needs besides the transition and state. */
export interface FireInput<R> {
  readonly record: R;
  readonly actor: Actor;
  readonly now: Instant;
  /** Record ID for messages. */
  readonly id: string;
  /** Certificate attributes for guards; none if absent. */
  readonly attribute?: (name: string) => string | null;
}

/** A guard answers undefined to allow the transition, or the error that refuses it. */
export type Guard<R> = (input: GuardInput<R>) => SceneError | undefined;

/** What a check may look at: a guard's input plus the scene, to read other records. */
export interface CheckInput<R> extends GuardInput<R> {
  readonly scene: Scene;
}

/**
 * A condition that needs the ledger ("the university must be accredited"): like a guard, undefined to allow or
 * the refusal. The lifecycle runs checks after who, state and guards; `availableActions` cannot run them.
 */
export type Check<R> = (input: CheckInput<R>) => Promise<SceneError | undefined>;

/** One transition, declared as data. `from: 'new'` declares how records of the type come to exist. */
export interface TransitionSpec<S extends string, R> {
  readonly from: 'new' | readonly S[];
  /** The state afterwards; absent for a transition that records something without changing state. */
  readonly to?: S;
  /** Who may fire it (org and role from the submitter's certificate). */
  readonly by: AccessRule;
  /** The event emitted when it fires. */
  readonly event: string;
  /** Further conditions on the record, the submitter or the time (e.g. "only the named receiver"). */
  readonly guards?: readonly Guard<R>[];
  /** Conditions that read other records; run by the lifecycle (`lifecycle(...)`) after the guards. */
  readonly checks?: readonly Check<R>[];
  /** One line for docs and metadata. */
  readonly description?: string;
}

export interface StateMachineSpec<S extends string, T extends string, R> {
  /** The record type the machine governs, used in messages. */
  readonly entity: string;
  readonly states: readonly S[];
  readonly transitions: { readonly [name in T]: TransitionSpec<S, R> };
}

/** The outcome of firing a transition, what the kit writes to the audit trail and the event. */
export interface Step<S extends string = string> {
  readonly action: string;
  readonly event: string;
  readonly from: S | null;
  readonly to: S | null;
}

export interface StateMachine<S extends string, T extends string, R> {
  readonly spec: StateMachineSpec<S, T, R>;
  /** Names of the transitions that may fire from `state`, in declaration order. */
  allowedFrom(state: S): readonly T[];
  /**
   * Checks that `actor` may fire `transition` on a record in `state` (`null` for a record that does not exist
   * yet) and that its guards pass; returns the step. Order of checks: who, then state, then guards.
   */
  fire(transition: T, state: S | null, input: FireInput<R>): Step<S>;
  /** What `fire` would throw (who, state, guards), or undefined if it would fire: for offering actions. */
  refusal(transition: T, state: S | null, input: FireInput<R>): SceneError | undefined;
}

export function defineStateMachine<S extends string, T extends string, R>(
  spec: StateMachineSpec<S, T, R>,
): StateMachine<S, T, R> {
  const names = Object.keys(spec.transitions) as T[];
  for (const name of names) {
    const transition = spec.transitions[name];
    const states = transition.from === 'new' ? [] : transition.from;
    for (const state of [...states, ...(transition.to ? [transition.to] : [])]) {
      if (!spec.states.includes(state)) {
        throw new InternalError(`state machine ${spec.entity}: transition ${name} names unknown state ${state}`);
      }
    }
  }

  const allowedFrom = (state: S): readonly T[] =>
    names.filter((name) => {
      const from = spec.transitions[name].from;
      return from !== 'new' && from.includes(state);
    });

  const refusal = (name: T, state: S | null, input: FireInput<R>): SceneError | undefined => {
    const { record, actor, now, id, attribute = () => null } = input;
    const transition = spec.transitions[name];
    if (!transition) throw new InternalError(`state machine ${spec.entity} has no transition ${name}`);
    const forbidden = accessRefusal(actor, transition.by, transitionAction(spec.entity, name));
    if (forbidden) return forbidden;
    const legal =
      state === null ? transition.from === 'new' : transition.from !== 'new' && transition.from.includes(state);
    if (!legal) {
      if (state === null) {
        throw new InternalError(`state machine ${spec.entity}: ${name} needs an existing record`);
      }
      const allowed = allowedFrom(state);
      const fromList =
        transition.from === 'new' ? 'creates a new record' : `is allowed only from ${transition.from.join(', ')}`;
      return new IllegalTransitionError(
        `${spec.entity} ${id} is ${state}; ${name} ${fromList}; transitions allowed from ${state}: ${
          allowed.length ? allowed.join(', ') : 'none'
        }`,
        state,
        allowed,
        spec.entity,
        id,
      );
    }
    for (const guard of transition.guards ?? []) {
      const refused = guard({ record, actor, now, attribute, id });
      if (refused) return refused;
    }
    return undefined;
  };

  return {
    spec,
    allowedFrom,
    refusal,
    fire(name, state, input) {
      const refused = refusal(name, state, input);
      if (refused) throw refused;
      const transition = spec.transitions[name];
      return { action: name, event: transition.event, from: state, to: transition.to ?? state };
    },
  };
}

/** The machine as plain data (no functions): for documentation and tests. */
export function describeStateMachine<S extends string, T extends string, R>(machine: StateMachine<S, T, R>) {
  const { spec } = machine;
  return {
    entity: spec.entity,
    states: [...spec.states],
    transitions: (Object.keys(spec.transitions) as T[]).map((name) => {
      const t = spec.transitions[name];
      return {
        name,
        from: t.from === 'new' ? ['(new)'] : [...t.from],
        to: t.to ?? '(unchanged)',
        by: describeRule(t.by),
        event: t.event,
        guarded: (t.guards ?? []).length > 0,
        checked: (t.checks ?? []).length > 0,
        description: t.description ?? '',
      };
    }),
  };
}

/** `suspend a Diploma`: what a refusal says the submitter may not do. */
export function transitionAction(entity: string, transition: string): string {
  return `${transition} ${article(entity)} ${entity}`;
}

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? 'an' : 'a';
}

/** The step of a change to a record type without a lifecycle (a product registered, a link recorded). */
export function plainStep(action: string, event: string): Step {
  return { action, event, from: null, to: null };
}
