import { InternalError } from './errors';

/**
 * Which organisations' certificates a role counts from. Any org's CA can put `role=citizen, subject=...` in a
 * certificate, so a role (and the attributes that go with it) means something only when the org that issued
 * the certificate is the one the scenario trusts to vouch for it: citizens from the citizen-services org,
 * examiners from the patent office. Roles that only speak for the org's own staff (an enterprise's operator)
 * are declared `'own-org'`: any org may issue them, and rules say which orgs they apply to.
 */
export interface RoleAuthority {
  /** MSP IDs whose certificates may carry the role, or `'own-org'`. */
  readonly issuedBy: readonly string[] | 'own-org';
  /** Certificate attributes that count together with the role (e.g. `subject`); none other is read. */
  readonly attributes?: readonly string[];
}

/** Every role a scenario recognises, with its authority. A role not listed counts for nothing. */
export type RoleAuthorities = Readonly<Record<string, RoleAuthority>>;

/** Declares a scenario's role authorities; refuses a declaration that trusts nobody. */
export function roleAuthorities<R extends string>(table: Readonly<Record<R, RoleAuthority>>): RoleAuthorities {
  for (const [role, authority] of Object.entries<RoleAuthority>(table)) {
    if (authority.issuedBy !== 'own-org' && authority.issuedBy.length === 0) {
      throw new InternalError(`role ${role} names no organisation as its authority`);
    }
  }
  return table;
}

/** What a certificate's role claim is worth under the scenario's authorities. */
export type RoleClaim =
  | { readonly trusted: true; readonly role: string | null }
  | { readonly trusted: false; readonly role: string; readonly why: string };

export function judgeRole(authorities: RoleAuthorities, mspId: string, claimed: string | null): RoleClaim {
  if (claimed === null) return { trusted: true, role: null };
  const authority = Object.hasOwn(authorities, claimed) ? authorities[claimed] : undefined;
  if (!authority) {
    return { trusted: false, role: claimed, why: `which this chaincode does not recognise` };
  }
  if (authority.issuedBy !== 'own-org' && !authority.issuedBy.includes(mspId)) {
    return { trusted: false, role: claimed, why: `which counts only from ${authority.issuedBy.join(' or ')}` };
  }
  return { trusted: true, role: claimed };
}

/** The authorities as plain data, for describe output, OpenAPI and docs. */
export function describeAuthorities(authorities: RoleAuthorities) {
  return Object.entries(authorities).map(([role, authority]) => ({
    role,
    issuedBy: authority.issuedBy === 'own-org' ? 'any org, for its own staff' : authority.issuedBy.join(' or '),
    attributes: [...(authority.attributes ?? [])],
  }));
}
