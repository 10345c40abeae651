import { ConflictError } from './errors';
import type { Stored } from './record-type';
import type { Scene } from './scene';
import type { Guard, StateMachine } from './state-machine';
import { msOf } from './time';

/**
 * Whose clock a time rule trusts. Scene time is the proposal timestamp, which the submitter sets; Fabric 2.5 peers
 * do not bound it (Fabric 3's TimeWindowCheck and the dev network refuse proposals outside their time window).
 * - `authority`: only the authority whose clock counts may fire the rule (the office declares a fee overdue).
 * - `counterparty`: the rule is fired by the party a wrong time would harm, so the beneficiary cannot choose it.
 * - `submitter`: the party that benefits sets the time. It holds only to within the endorsers' time window and
 *   the monotonic rule ({@link notBeforeRecorded}); on a network whose peers do not bound time it is advisory.
 */
export type TrustedClock = 'authority' | 'counterparty' | 'submitter';

/** A rule that depends on the transaction time, declared with the clock it trusts (for docs and `describe`). */
export interface TimeRule {
  /** What the rule decides: `consent expiry`. */
  readonly rule: string;
  /** Who gains when the time is in their favour. */
  readonly benefits: string;
  readonly trusts: TrustedClock;
  /** What bounds the time besides the clock trusted, and what stays advisory where peers do not bound it. */
  readonly note: string;
}

const declared = new WeakMap<Guard<never>, TimeRule>();

/** Marks a guard as a time rule, naming the clock it trusts; the guard itself is unchanged. */
export function timeRule<R>(rule: TimeRule, guard: Guard<R>): Guard<R> {
  declared.set(guard as Guard<never>, rule);
  return guard;
}

/** The time rules among a state machine's guards, by transition, in declaration order. */
export function describeTimeRules<S extends string, T extends string, R>(
  machine: StateMachine<S, T, R>,
): (TimeRule & { transition: T })[] {
  const transitions = machine.spec.transitions;
  return (Object.keys(transitions) as T[]).flatMap((transition) =>
    (transitions[transition].guards ?? []).flatMap((guard) => {
      const rule = declared.get(guard as Guard<never>);
      return rule ? [{ transition, ...rule }] : [];
    }),
  );
}

/**
 * The monotonic rule: a transaction may not be dated before the last change already recorded on the records it
 * depends on. A record's last change is a time the ledger holds, so a submitter who backdates a proposal cannot
 * place it before an event others have seen committed (an amendment, a grant, a decision). Throws CONFLICT,
 * naming the record and both times. A writer who forward-dates its own change delays this rule for the others
 * by as much, so use it where peers bound timestamps and only on records their authorities or counterparties
 * write. `records` maps a label (`Consent C-1`) to the stored record.
 */
export function notBeforeRecorded(scene: Scene, records: Readonly<Record<string, Stored<unknown>>>): void {
  for (const [label, stored] of Object.entries(records)) {
    const recorded = stored.audit.timestamp;
    if (scene.now.ms < msOf(recorded)) {
      throw new ConflictError(
        `the transaction is dated ${scene.now.iso}, before ${recorded}, when ${label} was last changed ` +
          `(${stored.audit.action}); a transaction may not be dated before what it depends on: check the ` +
          `submitting client's clock`,
      );
    }
  }
}
