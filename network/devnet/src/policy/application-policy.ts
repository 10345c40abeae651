import { common } from '@hyperledger/fabric-protos';
import type { EndorsementPolicySpec } from '../topology/schema';
import { parseSignaturePolicy } from './signature-policy-parser';
import { toSignaturePolicyEnvelope } from './signature-policy-envelope';

/**
 * The `ApplicationPolicy` a chaincode definition carries as its validation parameter, built as the peer CLI
 * builds it from `--signature-policy` or `--channel-config-policy`.
 */
export function toApplicationPolicy(spec: EndorsementPolicySpec): common.ApplicationPolicy {
  const policy = new common.ApplicationPolicy();
  if ('signature' in spec) policy.setSignaturePolicy(toSignaturePolicyEnvelope(parseSignaturePolicy(spec.signature)));
  else policy.setChannelConfigPolicyReference(spec.channelConfigPolicy);
  return policy;
}
