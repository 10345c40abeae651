import { common } from '@hyperledger/fabric-protos';
import {
  parseImplicitMetaRule,
  toSignaturePolicyEnvelope,
  type ImplicitMetaRuleType,
  type PolicyNode,
} from '../../policy';

/** An ImplicitMeta policy such as `MAJORITY Admins`. */
export function implicitMetaPolicy(rule: ImplicitMetaRuleType, subPolicy: string): common.Policy {
  const meta = new common.ImplicitMetaPolicy();
  meta.setSubPolicy(subPolicy);
  meta.setRule(common.ImplicitMetaPolicy.Rule[rule]);
  const policy = new common.Policy();
  policy.setType(common.Policy.PolicyType.IMPLICIT_META);
  policy.setValue(meta.serializeBinary());
  return policy;
}

/** An ImplicitMeta policy from configtx.yaml syntax (`ANY Readers`). */
export function implicitMetaPolicyOf(text: string): common.Policy {
  const { rule, subPolicy } = parseImplicitMetaRule(text);
  return implicitMetaPolicy(rule, subPolicy);
}

/** A SIGNATURE policy carrying the envelope Fabric's policy DSL would compile for `node`. */
export function signaturePolicy(node: PolicyNode): common.Policy {
  const policy = new common.Policy();
  policy.setType(common.Policy.PolicyType.SIGNATURE);
  policy.setValue(toSignaturePolicyEnvelope(node).serializeBinary());
  return policy;
}
