import type { ClientIdentity } from 'fabric-shim';
import { judgeRole, type RoleAuthorities } from './authority';
import { ForbiddenError } from './errors';

/** Who submitted the transaction, as stored in audit trails and events. */
export interface Actor {
  readonly mspId: string;
  /** The certificate subject's common name (the enrollment ID for Fabric CA identities). */
  readonly user: string;
  /**
   * The certificate's `role` attribute when it counts (the org is the role's authority, see authority.ts), else
   * null.
   */
  readonly role: string | null;
}

/** The submitter plus the certificate attributes a flow may check (e.g. `subject`). */
export interface Identity {
  readonly actor: Actor;
  /** An attribute that counts with the actor's role (declared for it by its authority), else null. */
  attribute(name: string): string | null;
}

/**
 * Role claims that did not count, kept beside the actor (not in it: actors are written to audit trails and
 * events as they are) so that every refusal can say why the role was ignored.
 */
const ignoredClaims = new WeakMap<Actor, string>();

/**
 * The submitter as the scenario sees it: the role counts only from an org that `authorities` names for it,
 * and other attributes only when declared for that role; anything else reads as absent.
 */
export function identityOf(
  clientIdentity: Pick<ClientIdentity, 'getMSPID' | 'getID' | 'getAttributeValue'>,
  authorities: RoleAuthorities,
): Identity {
  return countedIdentity(
    clientIdentity.getMSPID(),
    commonNameOf(clientIdentity.getID()),
    (name) => clientIdentity.getAttributeValue(name),
    authorities,
  );
}

/**
 * The identity as the scenario counts it, from the certificate's org, user and attributes as claimed: shared by
 * the chaincode (`identityOf`) and by whoever asks what a user may do (`availableActions`).
 */
export function countedIdentity(
  mspId: string,
  user: string,
  claimedAttribute: (name: string) => string | null,
  authorities: RoleAuthorities,
): Identity {
  const claimed = claimedAttribute('role');
  const claim = judgeRole(authorities, mspId, claimed === null || claimed === '' ? null : claimed);
  const role = claim.trusted ? claim.role : null;
  const actor: Actor = Object.freeze({ mspId, user, role });
  if (!claim.trusted) ignoredClaims.set(actor, `claims role ${claim.role}, ${claim.why}`);
  const counted = new Set(role === null ? [] : (authorities[role].attributes ?? []));
  return {
    actor,
    attribute: (name) => (name === 'role' ? role : counted.has(name) ? claimedAttribute(name) : null),
  };
}

/** `x509::/C=US/O=Org/CN=User1::/C=US/CN=ca` → `User1` (the last CN of the subject part). */
export function commonNameOf(clientId: string): string {
  const subject = clientId.split('::')[1] ?? '';
  let commonName = '';
  for (const match of subject.matchAll(/\/CN=((?:\\\/|[^/])*)/g)) commonName = match[1].replace(/\\\//g, '/');
  return commonName;
}

/** One kind of party allowed to act: members of any of `orgs` (all orgs if absent) holding any of `roles`. */
export interface Party {
  readonly orgs?: readonly string[];
  readonly roles?: readonly string[];
}

/** Who may do something: any of the listed parties. */
export type AccessRule = readonly Party[];

export const anyone: AccessRule = [{}];

export function party(orgs: readonly string[] | undefined, roles?: readonly string[]): Party {
  return { orgs, roles };
}

export function mayAct(actor: Actor, rule: AccessRule): boolean {
  return rule.some(
    (p) =>
      (p.orgs === undefined || p.orgs.includes(actor.mspId)) &&
      (p.roles === undefined || (actor.role !== null && p.roles.includes(actor.role))),
  );
}

/** `RegulatorMSP with role inspector, or any org with role carrier` */
export function describeRule(rule: AccessRule): string {
  if (rule.length === 0) return 'nobody';
  return rule
    .map((p) => {
      const who = p.orgs === undefined ? 'any org' : p.orgs.join(' or ');
      return p.roles === undefined ? who : `${who} with role ${p.roles.join(' or ')}`;
    })
    .join(', or ');
}

/**
 * `BankMSP user o (role loan-officer)`, or `BankMSP user o claims role citizen, which counts only from
 * CitizenAgentMSP, so the user`: the subject of a sentence going on `may not ...`.
 */
export function describeActor(actor: Actor): string {
  const ignored = ignoredClaims.get(actor);
  if (ignored) return `${actor.mspId} user ${actor.user} ${ignored}, so the user`;
  return actor.role === null
    ? `${actor.mspId} user ${actor.user} (no role)`
    : `${actor.mspId} user ${actor.user} (role ${actor.role})`;
}

/** Throws FORBIDDEN naming the submitter, the action and who would be allowed. */
export function requireAccess(actor: Actor, rule: AccessRule, action: string): void {
  const refused = accessRefusal(actor, rule, action);
  if (refused) throw refused;
}

/** The FORBIDDEN error `requireAccess` would throw, or undefined when the actor may act. */
export function accessRefusal(actor: Actor, rule: AccessRule, action: string): ForbiddenError | undefined {
  return mayAct(actor, rule)
    ? undefined
    : new ForbiddenError(`${describeActor(actor)} may not ${action}; allowed: ${describeRule(rule)}`);
}
