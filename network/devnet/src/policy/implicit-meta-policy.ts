import { PolicyError } from './policy-error';
import { outOf, signedBy, type PolicyNode, type SignerIdentity } from './policy-node';
import { compileForDistinctSigners, distinctSigners, type SignerSetPredicate } from './signature-policy-evaluator';

export type ImplicitMetaRuleType = 'ANY' | 'ALL' | 'MAJORITY';

/** An ImplicitMeta rule such as `MAJORITY Endorsement`: how many orgs' `subPolicy` must hold. */
export interface ImplicitMetaRule {
  readonly rule: ImplicitMetaRuleType;
  readonly subPolicy: string;
}

/** The Application policies of fabric-samples' configtx.yaml, used for names a channel does not set. */
export const DEFAULT_APPLICATION_POLICIES: Readonly<Record<string, string>> = {
  Readers: 'ANY Readers',
  Writers: 'ANY Writers',
  Admins: 'MAJORITY Admins',
  LifecycleEndorsement: 'MAJORITY Endorsement',
  Endorsement: 'MAJORITY Endorsement',
};

/** Each org's own policies, as fabric-samples' configtx.yaml defines them for a peer org. */
const ORG_SUB_POLICIES: Readonly<Record<string, (mspId: string) => PolicyNode>> = {
  Readers: (mspId) => outOf(1, [signedBy(mspId, 'admin'), signedBy(mspId, 'peer'), signedBy(mspId, 'client')]),
  Writers: (mspId) => outOf(1, [signedBy(mspId, 'admin'), signedBy(mspId, 'client')]),
  Admins: (mspId) => outOf(1, [signedBy(mspId, 'admin')]),
  Endorsement: (mspId) => outOf(1, [signedBy(mspId, 'peer')]),
};

export const ORG_SUB_POLICY_NAMES: readonly string[] = Object.keys(ORG_SUB_POLICIES);

/** Parses `ANY|ALL|MAJORITY <SubPolicy>` exactly as Fabric's configtxgen does: two tokens, one space. */
export function parseImplicitMetaRule(text: string): ImplicitMetaRule {
  const tokens = text.split(' ');
  if (tokens.length !== 2 || tokens[1] === '') {
    throw new PolicyError(
      `ImplicitMeta rule '${text}' must be two tokens separated by one space, e.g. 'MAJORITY Endorsement'`,
    );
  }
  const [rule, subPolicy] = tokens;
  if (rule !== 'ANY' && rule !== 'ALL' && rule !== 'MAJORITY') {
    throw new PolicyError(`unknown ImplicitMeta rule type '${rule}' in '${text}': expected ANY, ALL or MAJORITY`);
  }
  return { rule, subPolicy };
}

/** How many sub-policies must hold: ANY 1, ALL every one, MAJORITY more than half; 0 when there are none. */
export function implicitMetaThreshold(rule: ImplicitMetaRuleType, subPolicyCount: number): number {
  if (subPolicyCount === 0) return 0;
  if (rule === 'ANY') return 1;
  return rule === 'ALL' ? subPolicyCount : Math.floor(subPolicyCount / 2) + 1;
}

/** One org's sub-policy (`Endorsement`, `Readers`, `Writers` or `Admins`) as a signature policy. */
export function orgSubPolicy(mspId: string, subPolicy: string): PolicyNode {
  if (!Object.hasOwn(ORG_SUB_POLICIES, subPolicy)) {
    throw new PolicyError(
      `orgs have no policy named '${subPolicy}': ImplicitMeta rules can use ${ORG_SUB_POLICY_NAMES.join(', ')}`,
    );
  }
  return ORG_SUB_POLICIES[subPolicy](mspId);
}

/**
 * Compiles an ImplicitMeta rule over the given orgs with Fabric's semantics: each org's sub-policy is evaluated
 * on its own against the whole signer set, and the rule holds when at least the threshold of them hold.
 */
export function compileImplicitMeta(rule: ImplicitMetaRule, orgs: readonly string[]): SignerSetPredicate {
  const subPolicies = [...new Set(orgs)].map((mspId) => compileForDistinctSigners(orgSubPolicy(mspId, rule.subPolicy)));
  const threshold = implicitMetaThreshold(rule.rule, subPolicies.length);
  return (signers) => {
    if (threshold === 0) return true;
    const distinct = distinctSigners(signers);
    let remaining = threshold;
    for (const subPolicy of subPolicies) {
      if (subPolicy(distinct) && --remaining === 0) return true;
    }
    return false;
  };
}

/** One-off evaluation of an ImplicitMeta rule (`MAJORITY Endorsement`) over a channel's orgs. */
export function evaluateImplicitMeta(
  rule: string | ImplicitMetaRule,
  orgs: readonly string[],
  signers: readonly SignerIdentity[],
): boolean {
  return compileImplicitMeta(typeof rule === 'string' ? parseImplicitMetaRule(rule) : rule, orgs)(signers);
}
