import { common, msp } from '@hyperledger/fabric-protos';
import { bytesOf, enumName, parseProto } from '../fabric/proto-read';

/** Deepest policy nesting rendered (a policy is a tree; a hostile one could nest without end). */
const MAX_DEPTH = 8;
const ROLES = msp.MSPRole.MSPRoleType as unknown as Record<string, number>;

function principalText(principal: msp.MSPPrincipal | undefined): string {
  if (!principal) return '?';
  if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) return 'identity';
  const role = parseProto('policy principal', bytesOf(principal.getPrincipal()), msp.MSPRole);
  return `${role.getMspIdentifier()}.${enumName(ROLES, role.getRole()).toLowerCase()}`;
}

function ruleText(rule: common.SignaturePolicy | undefined, identities: msp.MSPPrincipal[], depth: number): string {
  if (!rule || depth > MAX_DEPTH) return '…';
  const nOutOf = rule.getNOutOf();
  if (!nOutOf) return principalText(identities[rule.getSignedBy()]);
  const rules = nOutOf.getRulesList().map((r) => ruleText(r, identities, depth + 1));
  const n = nOutOf.getN();
  const name = n === rules.length && n > 1 ? 'AND' : n === 1 && rules.length > 1 ? 'OR' : `OutOf(${n},`;
  return name.startsWith('OutOf') ? `${name} ${rules.join(', ')})` : `${name}(${rules.join(', ')})`;
}

/** A signature policy in Fabric's own notation: `OutOf(2, ManufacturerMSP.peer, LogisticsMSP.peer, ...)`. */
export function signaturePolicyText(envelope: common.SignaturePolicyEnvelope): string {
  return ruleText(envelope.getRule(), envelope.getIdentitiesList(), 0);
}
