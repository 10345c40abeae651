import type { ChannelSpec, EndorsementPolicySpec } from '../topology/schema';
import { planSmallestOrgSet } from './endorser-plan';
import {
  compileImplicitMeta,
  DEFAULT_APPLICATION_POLICIES,
  implicitMetaThreshold,
  orgSubPolicy,
  parseImplicitMetaRule,
} from './implicit-meta-policy';
import { PolicyError } from './policy-error';
import { mspIdsSatisfiableBy, policyMspIds, type SignerIdentity } from './policy-node';
import { compileSignaturePolicy, type SignerSetPredicate } from './signature-policy-evaluator';
import { parseSignaturePolicy } from './signature-policy-parser';

/** A chaincode's endorsement policy, resolved against its channel and ready to evaluate. */
export interface EndorsementPolicy {
  /** True when these endorsing identities satisfy the policy (Fabric's semantics; compiled once, cheap). */
  evaluate(signers: readonly SignerIdentity[]): boolean;
  /** Human-readable policy: the expression as written, or the channel policy and its rule. */
  describe(): string;
  /**
   * The fewest orgs from `candidateOrgs` whose peers (one peer identity per org) satisfy the policy,
   * preferring orgs listed earlier; undefined when no combination can. Endorsements assembled in the
   * returned order satisfy the policy (order can matter to Fabric's greedy evaluation of contrived policies).
   */
  planEndorsers(candidateOrgs: readonly string[]): string[] | undefined;
  /** Every MSP ID the policy names or delegates to. */
  principalsOrgs(): string[];
}

const CHANNEL_POLICY_PREFIX = '/Channel/Application/';
const PLAN_CACHE_LIMIT = 256;

/**
 * Resolves a chaincode's endorsement policy: a signature-policy expression, or a reference to one of the
 * channel's Application policies (from `channel.policies`, else fabric-samples' defaults such as
 * `Endorsement: MAJORITY Endorsement`) evaluated as an ImplicitMeta rule over the channel's orgs.
 *
 * @throws PolicySyntaxError for a malformed expression, PolicyError for an unknown channel policy.
 */
export function resolveEndorsementPolicy(
  spec: EndorsementPolicySpec,
  channel: Pick<ChannelSpec, 'name' | 'orgs' | 'policies'>,
): EndorsementPolicy {
  if ('signature' in spec) {
    const node = parseSignaturePolicy(spec.signature);
    return new ResolvedEndorsementPolicy(
      spec.signature.trim(),
      compileSignaturePolicy(node),
      policyMspIds(node),
      mspIdsSatisfiableBy(node, 'peer'),
    );
  }

  const reference = spec.channelConfigPolicy;
  const name = reference.startsWith(CHANNEL_POLICY_PREFIX) ? reference.slice(CHANNEL_POLICY_PREFIX.length) : '';
  if (!/^[A-Za-z]+$/.test(name)) {
    throw new PolicyError(`channel policy reference '${reference}' must look like ${CHANNEL_POLICY_PREFIX}Endorsement`);
  }
  const policies: Readonly<Record<string, string>> = { ...DEFAULT_APPLICATION_POLICIES, ...channel.policies };
  if (!Object.hasOwn(policies, name)) {
    throw new PolicyError(
      `channel ${channel.name} has no Application policy '${name}' (it has ${Object.keys(policies).join(', ')})`,
    );
  }
  const ruleText = policies[name];
  const rule = parseImplicitMetaRule(ruleText);
  const orgs = [...new Set(channel.orgs)];
  const peerOrgs = orgs.filter((mspId) => mspIdsSatisfiableBy(orgSubPolicy(mspId, rule.subPolicy), 'peer').length > 0);
  const needed = implicitMetaThreshold(rule.rule, orgs.length);
  return new ResolvedEndorsementPolicy(
    `${reference} = ${ruleText} (${needed} of ${orgs.length} orgs of channel ${channel.name})`,
    compileImplicitMeta(rule, orgs),
    orgs,
    peerOrgs,
  );
}

class ResolvedEndorsementPolicy implements EndorsementPolicy {
  private readonly peerOrgs: ReadonlySet<string>;
  private readonly plans = new Map<string, readonly string[] | undefined>();

  constructor(
    private readonly description: string,
    private readonly predicate: SignerSetPredicate,
    private readonly orgs: readonly string[],
    peerOrgs: readonly string[],
  ) {
    this.peerOrgs = new Set(peerOrgs);
  }

  evaluate(signers: readonly SignerIdentity[]): boolean {
    return this.predicate(signers);
  }

  describe(): string {
    return this.description;
  }

  principalsOrgs(): string[] {
    return [...this.orgs];
  }

  planEndorsers(candidateOrgs: readonly string[]): string[] | undefined {
    // The gateway plans for every transaction with the same few candidate lists, so remember the answers.
    const key = candidateOrgs.join('\n');
    if (!this.plans.has(key)) {
      if (this.plans.size >= PLAN_CACHE_LIMIT) this.plans.clear();
      const plan = planSmallestOrgSet(
        candidateOrgs,
        (mspId) => this.peerOrgs.has(mspId),
        (orgs) => this.predicate(orgs.map((mspId): SignerIdentity => ({ mspId, role: 'peer' }))),
      );
      this.plans.set(key, plan);
    }
    const plan = this.plans.get(key);
    return plan && [...plan];
  }
}
