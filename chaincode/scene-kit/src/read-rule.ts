import { anyone, describeActor, describeRule, mayAct, type AccessRule, type Actor } from './access';
import { ForbiddenError, InternalError } from './errors';

/**
 * Who may read what a query answers. `parties` (org and counted role) is checked by the kit before the query
 * runs; `only`, when present, says in words what the data decides besides (the record's subject, the issuing
 * department), which the query checks with `requireRead` once it has the record.
 */
export interface ReadRule {
  readonly parties: AccessRule;
  readonly only?: string;
}

export function readableBy(parties: AccessRule, only?: string): ReadRule {
  return only === undefined ? { parties } : { parties, only };
}

/** A public register: every member of the channel may read it (its values are on every peer anyway). */
export const channelMembers: ReadRule = { parties: anyone };

/** `any channel member`, or `CitizenAgentMSP with role citizen, ...; only the record's subject ...` */
export function describeReadRule(rule: ReadRule): string {
  const who =
    rule.parties.length === 1 && isEveryone(rule.parties[0]) ? 'any channel member' : describeRule(rule.parties);
  return rule.only ? `${who}; only ${rule.only}` : who;
}

function isEveryone(party: AccessRule[number]): boolean {
  return party.orgs === undefined && party.roles === undefined;
}

/** Throws FORBIDDEN unless the actor is one of the rule's parties (checked by the kit for every query). */
export function requireReader(actor: Actor, rule: ReadRule, transaction: string): void {
  requireRead(actor, mayAct(actor, rule.parties), transaction, rule);
}

/** Throws FORBIDDEN naming what was read and who may read it, when the data-dependent check failed. */
export function requireRead(actor: Actor, allowed: boolean, what: string, rule: ReadRule): void {
  if (!allowed) {
    throw new ForbiddenError(`${describeActor(actor)} may not read ${what}; readable by ${describeReadRule(rule)}`);
  }
}

/**
 * The readers of a standard query (`getFlow`, `listFlow`, `verifyFlow`, ...), which answers whatever the kit's
 * parties check lets through: a rule whose `only` the data decides would go unchecked, so it is refused at load
 * (INTERNAL); such a query is an `evaluateFlow` that checks it with `requireRead`.
 */
export function partiesOnly(rule: ReadRule, query: string): ReadRule {
  if (rule.only !== undefined) {
    throw new InternalError(
      `${query}: its readers say "only ${rule.only}", which the data decides and this query cannot check; write an evaluateFlow that checks it with requireRead`,
    );
  }
  return rule;
}
