import { authorizationError } from './ca-errors';
import type { RegisteredAttribute, RegisteredIdentity } from './ca-store';

/** Fabric CA's reserved attributes (lib/attr): who may register them, and how their values are checked. */
const booleanAttrs = new Set(['hf.Revoker', 'hf.IntermediateCA', 'hf.GenCRL', 'hf.AffiliationMgr']);
const listAttrs = new Set(['hf.Registrar.Roles', 'hf.Registrar.DelegateRoles', 'hf.Registrar.Attributes']);
const fixedAttrs = new Set(['hf.EnrollmentID', 'hf.Type', 'hf.Affiliation']);

/** An identity's attribute (the last registered under that name, as Fabric CA keeps one per name). */
export function attribute(identity: RegisteredIdentity, name: string): RegisteredAttribute | undefined {
  return identity.attrs.findLast((attr) => attr.name === name);
}

/** Whether the identity has the attribute with a true value (Go's strconv.ParseBool). */
export function isTrue(identity: RegisteredIdentity, name: string): boolean {
  const value = attribute(identity, name)?.value;
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** Comma-separated lists as Fabric CA reads them (GetSliceFromList: whitespace removed). */
function list(value: string): string[] {
  return value
    .replace(/\s+/g, '')
    .split(',')
    .filter((item) => item !== '');
}

/** CanActOnType: the caller is a registrar (hf.Registrar.Roles) for this type, or for `*`. */
export function canActOnType(caller: RegisteredIdentity, type: string): void {
  const roles = attribute(caller, 'hf.Registrar.Roles')?.value ?? '';
  if (roles === '') throw authorizationError(`'${caller.name}' is not allowed to manage users`);
  const types = list(roles);
  const wanted = type === '' ? 'client' : type;
  if (!types.includes('*') && !types.some((candidate) => candidate.toLowerCase() === wanted.toLowerCase())) {
    throw authorizationError(`Registrar does not have authority to act on type '${type}'`);
  }
}

/** ContainsAffiliation: the caller's affiliation is the root, the same, or a parent of `affiliation`. */
export function containsAffiliation(caller: RegisteredIdentity, affiliation: string): void {
  const own = caller.affiliation;
  if (own === '' || affiliation === own || affiliation.startsWith(`${own}.`)) return;
  throw authorizationError(`Caller does not have authority to act on affiliation '${affiliation}'`);
}

/** CanManageUser: affiliation and type both within the caller's authority. */
export function canManageUser(caller: RegisteredIdentity, user: RegisteredIdentity): void {
  containsAffiliation(caller, user.affiliation);
  canActOnType(caller, user.type);
}

/**
 * CanRegisterRequestedAttributes: every requested attribute is within the registrar's hf.Registrar.Attributes
 * (exact names or `prefix*`); reserved hf.* attributes need the registrar to own them with at least those
 * values; the fixed ones (hf.EnrollmentID, hf.Type, hf.Affiliation) are set by the CA. Returns why not, or
 * undefined.
 */
export function attributeRefusal(
  requested: readonly RegisteredAttribute[],
  registrar: RegisteredIdentity,
): string | undefined {
  for (const attr of requested) {
    const allowed = attribute(registrar, 'hf.Registrar.Attributes')?.value ?? '';
    if (allowed === '') {
      return "Registrar does not have any values for 'hf.Registrar.Attributes' thus can't register any attributes";
    }
    const patterns = list(allowed);
    if (!mayRegister(attr.name, patterns)) {
      return `Attribute is not part of caller's 'hf.Registrar.Attributes' attribute list [${patterns.join(' ')}]`;
    }
    const refusal = reservedRefusal(attr, requested, registrar, patterns);
    if (refusal) return `Registrar is not authorized to register attribute: ${refusal}`;
  }
  return undefined;
}

function mayRegister(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('*') ? name.startsWith(pattern.replace(/\*+$/, '')) : name === pattern,
  );
}

function reservedRefusal(
  attr: RegisteredAttribute,
  requested: readonly RegisteredAttribute[],
  registrar: RegisteredIdentity,
  patterns: readonly string[],
): string | undefined {
  const { name, value } = attr;
  if (fixedAttrs.has(name)) return `Cannot register fixed value attribute '${name}'`;
  if (!booleanAttrs.has(name) && !listAttrs.has(name)) {
    return name.startsWith('hf.')
      ? `Registering attribute '${name}' using a reserved prefix 'hf.', however this not a supported reserved attribute`
      : undefined;
  }
  const owned = attribute(registrar, name);
  if (!owned) return `Attribute '${name}' requires ownership but the caller does not own this attribute`;
  if (booleanAttrs.has(name)) {
    if (parseBool(owned.value) !== true) {
      return `Caller has a value of 'false' for boolean attribute '${name}', can't perform any actions on this attribute`;
    }
    return value === '' || parseBool(value) !== undefined ? undefined : `Failed to get boolean value of '${value}'`;
  }
  if (value === '') return undefined;
  if (name === 'hf.Registrar.Attributes') {
    for (const wanted of list(value)) {
      if (!mayRegister(wanted, patterns))
        return `Attribute is not part of caller's 'hf.Registrar.Attributes' attribute list`;
      if (wanted.startsWith('hf.') && !requested.some((other) => other.name === wanted)) {
        return `Requesting value of '${wanted}' for 'hf.Registrar.Attributes', but the identity being registered is not being registered with this attribute`;
      }
    }
    return undefined;
  }
  const ownedValues = list(owned.value);
  if (ownedValues.includes('*')) return undefined;
  const extra = list(value).find((item) => !ownedValues.some((own) => own.toLowerCase() === item.toLowerCase()));
  return extra === undefined
    ? undefined
    : `The requested values for attribute '${name}' is a superset of the caller's attribute value: '${extra}' is not a member of '${owned.value}'`;
}
