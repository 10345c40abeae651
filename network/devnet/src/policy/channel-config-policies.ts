import { common } from '@hyperledger/fabric-protos';
import { implicitMetaThreshold, type ImplicitMetaRuleType } from './implicit-meta-policy';
import type { SignerIdentity } from './policy-node';
import { compileSignaturePolicy, distinctSigners } from './signature-policy-evaluator';
import { fromSignaturePolicyEnvelope } from './signature-policy-envelope';
import { decode } from '../wire';

/** Evaluates a set of validated signers; returns undefined when satisfied, else Fabric's reason. */
type CompiledPolicy = (signers: readonly SignerIdentity[]) => string | undefined;

const RULE_NAMES: Readonly<Record<number, ImplicitMetaRuleType>> = {
  [common.ImplicitMetaPolicy.Rule.ANY]: 'ANY',
  [common.ImplicitMetaPolicy.Rule.ALL]: 'ALL',
  [common.ImplicitMetaPolicy.Rule.MAJORITY]: 'MAJORITY',
};

/**
 * The policies of a channel configuration (`/Channel/...` paths), evaluated the way Fabric's policy manager
 * does: SIGNATURE policies with cauthdsl semantics, IMPLICIT_META policies over the same-named policy of each
 * sub-group that has one (no sub-policies: satisfied). Policies are compiled on first use.
 */
export class ChannelConfigPolicies {
  readonly #root: common.ConfigGroup;
  readonly #compiled = new Map<string, CompiledPolicy>();

  constructor(config: common.Config) {
    const root = config.getChannelGroup();
    if (!root) throw new Error('channel config has no channel group');
    this.#root = root;
  }

  /**
   * Evaluates the policy at `path` (e.g. `/Channel/Application/Readers`) against signers whose identities and
   * signatures were already validated by the channel's MSPs. Returns undefined when satisfied, otherwise the
   * error text Fabric gives (a missing policy is never satisfied).
   */
  evaluate(path: string, signers: readonly SignerIdentity[]): string | undefined {
    let policy = this.#compiled.get(path);
    if (!policy) {
      policy = this.#compile(path);
      this.#compiled.set(path, policy);
    }
    return policy(distinctSigners(signers));
  }

  #compile(path: string): CompiledPolicy {
    const parts = path.split('/');
    if (parts.length < 3 || parts[0] !== '' || parts[1] !== 'Channel') return () => `policy ${path} not found`;
    let group: common.ConfigGroup | undefined = this.#root;
    for (const name of parts.slice(2, -1)) group = group?.getGroupsMap().get(name);
    const policy = group && policyIn(group, parts[parts.length - 1]);
    return policy ?? (() => `policy ${path} not found`);
  }
}

function policyIn(group: common.ConfigGroup, name: string): CompiledPolicy | undefined {
  const policy = group.getPoliciesMap().get(name)?.getPolicy();
  if (!policy) return undefined;
  switch (policy.getType()) {
    case common.Policy.PolicyType.SIGNATURE: {
      const satisfied = compileSignaturePolicy(fromSignaturePolicyEnvelope(policy.getValue_asU8()));
      return (signers) => (satisfied(signers) ? undefined : 'signature set did not satisfy policy');
    }
    case common.Policy.PolicyType.IMPLICIT_META: {
      const meta = decode(common.ImplicitMetaPolicy, policy.getValue_asU8());
      const subPolicyName = meta.getSubPolicy();
      const subPolicies: CompiledPolicy[] = [];
      group.getGroupsMap().forEach((subGroup) => {
        const subPolicy = policyIn(subGroup, subPolicyName);
        if (subPolicy) subPolicies.push(subPolicy);
      });
      const threshold = implicitMetaThreshold(RULE_NAMES[meta.getRule()] ?? 'ANY', subPolicies.length);
      return (signers) => {
        let satisfied = 0;
        for (const subPolicy of subPolicies) if (subPolicy(signers) === undefined && ++satisfied >= threshold) break;
        if (satisfied >= threshold) return undefined;
        return `implicit policy evaluation failed - ${satisfied} sub-policies were satisfied, but this policy requires ${threshold} of the '${subPolicyName}' sub-policies to be satisfied`;
      };
    }
    default:
      return () => `policy type ${policy.getType()} is not supported`;
  }
}
