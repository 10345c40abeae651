export { toApplicationPolicy } from './application-policy';
export { resolveEndorsementPolicy, type EndorsementPolicy } from './endorsement-policy';
export { planSmallestOrgSet } from './endorser-plan';
export {
  compileImplicitMeta,
  DEFAULT_APPLICATION_POLICIES,
  evaluateImplicitMeta,
  implicitMetaThreshold,
  ORG_SUB_POLICY_NAMES,
  orgSubPolicy,
  parseImplicitMetaRule,
  type ImplicitMetaRule,
  type ImplicitMetaRuleType,
} from './implicit-meta-policy';
export { PolicyError, PolicySyntaxError } from './policy-error';
export {
  formatPolicy,
  mspIdsSatisfiableBy,
  outOf,
  policyMspIds,
  PRINCIPAL_ROLES,
  satisfiesPrincipal,
  signedBy,
  type OutOfNode,
  type PolicyNode,
  type PrincipalRole,
  type SignedByNode,
  type SignerIdentity,
  type SignerRole,
} from './policy-node';
export {
  compileForDistinctSigners,
  compileSignaturePolicy,
  distinctSigners,
  evaluatePolicy,
  type SignerSetPredicate,
} from './signature-policy-evaluator';
export { fromSignaturePolicyEnvelope, toSignaturePolicyEnvelope } from './signature-policy-envelope';
export { parseSignaturePolicy } from './signature-policy-parser';
export { ChannelConfigPolicies } from './channel-config-policies';
