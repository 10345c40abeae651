import { common, msp } from '@hyperledger/fabric-protos';
import { PolicyError } from './policy-error';
import { outOf, signedBy, type PolicyNode, type PrincipalRole, type SignedByNode } from './policy-node';
import { decode } from '../wire';

type MspRoleType = msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap];

const ROLE_TYPES: Readonly<Record<PrincipalRole, MspRoleType>> = {
  member: msp.MSPRole.MSPRoleType.MEMBER,
  admin: msp.MSPRole.MSPRoleType.ADMIN,
  client: msp.MSPRole.MSPRoleType.CLIENT,
  peer: msp.MSPRole.MSPRoleType.PEER,
  orderer: msp.MSPRole.MSPRoleType.ORDERER,
};

const ROLE_NAMES: ReadonlyMap<number, PrincipalRole> = new Map(
  Object.entries(ROLE_TYPES).map(([name, type]) => [type, name as PrincipalRole]),
);

/**
 * The `SignaturePolicyEnvelope` Fabric's policydsl (`FromString`) builds for the same expression, field for
 * field, so its bytes can stand in a real chaincode definition: version 0, one MSPRole principal per principal
 * occurrence (policydsl does not merge repeats), numbered the way policydsl numbers them. policydsl evaluates
 * a gate's arguments before the gate, so every nested gate's principals are numbered before the gate's own
 * principals: `OR('A.member', AND('B.member', 'C.member'))` lists B, C, then A.
 */
export function toSignaturePolicyEnvelope(node: PolicyNode): common.SignaturePolicyEnvelope {
  const identities: msp.MSPPrincipal[] = [];
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(buildRule(node, identities));
  envelope.setIdentitiesList(identities);
  return envelope;
}

function buildRule(node: PolicyNode, identities: msp.MSPPrincipal[]): common.SignaturePolicy {
  if (node.kind === 'signedBy') return signedByRule(addPrincipal(node, identities));
  const rules: common.SignaturePolicy[] = [];
  node.rules.forEach((rule, i) => {
    if (rule.kind === 'outOf') rules[i] = buildRule(rule, identities);
  });
  node.rules.forEach((rule, i) => {
    if (rule.kind === 'signedBy') rules[i] = signedByRule(addPrincipal(rule, identities));
  });
  const nOutOf = new common.SignaturePolicy.NOutOf();
  nOutOf.setN(node.n);
  nOutOf.setRulesList(rules);
  const policy = new common.SignaturePolicy();
  policy.setNOutOf(nOutOf);
  return policy;
}

function addPrincipal(node: SignedByNode, identities: msp.MSPPrincipal[]): number {
  const role = new msp.MSPRole();
  role.setMspIdentifier(node.mspId);
  role.setRole(ROLE_TYPES[node.role]);
  const principal = new msp.MSPPrincipal();
  principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  principal.setPrincipal(role.serializeBinary());
  return identities.push(principal) - 1;
}

function signedByRule(index: number): common.SignaturePolicy {
  const policy = new common.SignaturePolicy();
  policy.setSignedBy(index);
  return policy;
}

/**
 * Reads a signature policy back into a tree (from the message or its bytes), checking it as Fabric's cauthdsl
 * does when it compiles one: version 0, every rule set, every index naming a principal. Only MSPRole
 * principals are supported; the dev network has no OU or identity principals.
 */
export function fromSignaturePolicyEnvelope(envelope: common.SignaturePolicyEnvelope | Uint8Array): PolicyNode {
  const message = envelope instanceof Uint8Array ? decodeEnvelope(envelope) : envelope;
  if (message.getVersion() !== 0) {
    throw new PolicyError(`signature policy version ${message.getVersion()} is not supported (only version 0 is)`);
  }
  const principals = message.getIdentitiesList().map(readPrincipal);
  const rule = message.getRule();
  if (rule === undefined) throw new PolicyError('signature policy has no rule');
  return readRule(rule, principals);
}

function decodeEnvelope(bytes: Uint8Array): common.SignaturePolicyEnvelope {
  try {
    return decode(common.SignaturePolicyEnvelope, bytes);
  } catch (err) {
    throw new PolicyError((err as Error).message);
  }
}

function readPrincipal(principal: msp.MSPPrincipal, index: number): SignedByNode {
  if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
    throw new PolicyError(
      `principal ${index} has classification ${principal.getPrincipalClassification()}; only ROLE principals are supported`,
    );
  }
  let role: msp.MSPRole;
  try {
    role = decode(msp.MSPRole, principal.getPrincipal_asU8());
  } catch (err) {
    throw new PolicyError(`principal ${index} is not a valid MSPRole: ${(err as Error).message}`);
  }
  const roleName = ROLE_NAMES.get(role.getRole());
  if (roleName === undefined) throw new PolicyError(`principal ${index} has unknown MSP role ${role.getRole()}`);
  return signedBy(role.getMspIdentifier(), roleName);
}

function readRule(rule: common.SignaturePolicy, principals: readonly SignedByNode[]): PolicyNode {
  switch (rule.getTypeCase()) {
    case common.SignaturePolicy.TypeCase.SIGNED_BY: {
      const index = rule.getSignedBy();
      const principal = principals[index];
      if (principal === undefined) {
        throw new PolicyError(`rule refers to principal ${index}, but the policy has ${principals.length}`);
      }
      return principal;
    }
    case common.SignaturePolicy.TypeCase.N_OUT_OF: {
      const nOutOf = rule.getNOutOf() as common.SignaturePolicy.NOutOf;
      return outOf(
        nOutOf.getN(),
        nOutOf.getRulesList().map((child) => readRule(child, principals)),
      );
    }
    default:
      throw new PolicyError('signature policy has an empty rule');
  }
}
