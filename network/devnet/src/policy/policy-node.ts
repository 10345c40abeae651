/** Roles a principal can name, as in Fabric's `MSPRole` and its signature-policy language. */
export type PrincipalRole = 'member' | 'admin' | 'client' | 'peer' | 'orderer';

export const PRINCIPAL_ROLES: readonly PrincipalRole[] = ['member', 'admin', 'client', 'peer', 'orderer'];

/** Roles a signing identity can hold (NodeOU classification); `member` is not one: every identity is a member. */
export type SignerRole = Exclude<PrincipalRole, 'member'>;

/**
 * Who signed: an identity of an MSP with a NodeOU role. `id` names the identity (for example its certificate
 * fingerprint); signers sharing `mspId` and `id` count once, as Fabric de-duplicates signature sets.
 */
export interface SignerIdentity {
  readonly mspId: string;
  readonly role: SignerRole;
  readonly id?: string;
}

export interface SignedByNode {
  readonly kind: 'signedBy';
  readonly mspId: string;
  readonly role: PrincipalRole;
}

/** `n` of `rules` must hold; AND is `n = rules.length`, OR is `n = 1`. */
export interface OutOfNode {
  readonly kind: 'outOf';
  readonly n: number;
  readonly rules: readonly PolicyNode[];
}

/** A signature policy as a tree, the shape of Fabric's `SignaturePolicy` with principals inlined. */
export type PolicyNode = SignedByNode | OutOfNode;

export function signedBy(mspId: string, role: PrincipalRole): SignedByNode {
  return { kind: 'signedBy', mspId, role };
}

export function outOf(n: number, rules: readonly PolicyNode[]): OutOfNode {
  return { kind: 'outOf', n, rules };
}

/** True when an identity satisfies a role principal of the same MSP: `member` takes any role. */
export function satisfiesPrincipal(signer: SignerIdentity, mspId: string, role: PrincipalRole): boolean {
  return signer.mspId === mspId && (role === 'member' || signer.role === role);
}

/**
 * Canonical text for a policy in the signature-policy language; parsing it gives back an equal tree (and so
 * the same envelope bytes).
 */
export function formatPolicy(node: PolicyNode): string {
  if (node.kind === 'signedBy') return `'${node.mspId}.${node.role}'`;
  const rules = node.rules.map(formatPolicy).join(', ');
  if (node.rules.length > 0 && node.n === 1) return `OR(${rules})`;
  if (node.rules.length > 1 && node.n === node.rules.length) return `AND(${rules})`;
  return node.rules.length > 0 ? `OutOf(${node.n}, ${rules})` : `OutOf(${node.n})`;
}

/** MSP IDs a policy names, in order of first appearance in its text. */
export function policyMspIds(node: PolicyNode): string[] {
  const seen = new Set<string>();
  const visit = (current: PolicyNode): void => {
    if (current.kind === 'signedBy') seen.add(current.mspId);
    else current.rules.forEach(visit);
  };
  visit(node);
  return [...seen];
}

/** MSP IDs that have a principal a signer with `role` satisfies, in order of first appearance. */
export function mspIdsSatisfiableBy(node: PolicyNode, role: SignerRole): string[] {
  const seen = new Set<string>();
  const visit = (current: PolicyNode): void => {
    if (current.kind === 'outOf') current.rules.forEach(visit);
    else if (satisfiesPrincipal({ mspId: current.mspId, role }, current.mspId, current.role)) seen.add(current.mspId);
  };
  visit(node);
  return [...seen];
}
