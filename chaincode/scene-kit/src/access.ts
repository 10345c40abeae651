import type { ClientIdentity } from 'fabric-shim';
import { ForbiddenError } from './errors';

/** Who submitted the transaction, as stored in audit trails and events. */
export interface Actor {
  readonly mspId: string;
  /** The certificate subject's common name (the enrollment ID for Fabric CA identities). */
  readonly user: string;
  /** The certificate's `role` attribute, or null when it has none. */
  readonly role: string | null;
}

/** The submitter plus the certificate attributes a flow may check (e.g. `subject`). */
export interface Identity {
  readonly actor: Actor;
  attribute(name: string): string | null;
}

export function identityOf(clientIdentity: Pick<ClientIdentity, 'getMSPID' | 'getID' | 'getAttributeValue'>): Identity {
  const role = clientIdentity.getAttributeValue('role');
  const actor: Actor = {
    mspId: clientIdentity.getMSPID(),
    user: commonNameOf(clientIdentity.getID()),
    role: role === null || role === '' ? null : role,
  };
  return { actor, attribute: (name) => clientIdentity.getAttributeValue(name) };
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

export function describeActor(actor: Actor): string {
  return actor.role === null
    ? `${actor.mspId} user ${actor.user} (no role)`
    : `${actor.mspId} user ${actor.user} (role ${actor.role})`;
}

/** Throws FORBIDDEN naming the submitter, the action and who would be allowed. */
export function requireAccess(actor: Actor, rule: AccessRule, action: string): void {
  if (!mayAct(actor, rule)) {
    throw new ForbiddenError(`${describeActor(actor)} may not ${action}; allowed: ${describeRule(rule)}`);
  }
}
