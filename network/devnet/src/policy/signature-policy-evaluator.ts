import { satisfiesPrincipal, type PolicyNode, type SignerIdentity } from './policy-node';

/** Decides whether a set of signers satisfies a policy; built once per policy, called per transaction. */
export type SignerSetPredicate = (signers: readonly SignerIdentity[]) => boolean;

/** `used[i]` is 1 once signer i has been counted for a principal. */
type Evaluator = (signers: readonly SignerIdentity[], used: Uint8Array) => boolean;

/**
 * Compiles a signature policy with Fabric's cauthdsl semantics:
 * - a principal takes the first signer, in signer order, that satisfies it and is not yet used, and marks it
 *   used, so one identity never counts twice;
 * - an OutOf gate evaluates every rule in order (even after reaching its threshold), each on a copy of the
 *   used flags that it keeps only if the rule held; the gate holds when at least `n` rules held.
 * The search is greedy, as in Fabric, so the order of signers can matter for contrived policies.
 * Signers repeating an `id` within an MSP count once, as Fabric de-duplicates a signature set first.
 */
export function compileSignaturePolicy(node: PolicyNode): SignerSetPredicate {
  const evaluate = compileForDistinctSigners(node);
  return (signers) => evaluate(distinctSigners(signers));
}

/** As `compileSignaturePolicy`, for callers that have already passed the signers through `distinctSigners`. */
export function compileForDistinctSigners(node: PolicyNode): SignerSetPredicate {
  const evaluator = compile(node);
  return (signers) => evaluator(signers, new Uint8Array(signers.length));
}

/** One-off evaluation; compile the policy once with `compileSignaturePolicy` when it is evaluated repeatedly. */
export function evaluatePolicy(node: PolicyNode, signers: readonly SignerIdentity[]): boolean {
  return compileSignaturePolicy(node)(signers);
}

function compile(node: PolicyNode): Evaluator {
  if (node.kind === 'signedBy') {
    const { mspId, role } = node;
    return (signers, used) => {
      for (let i = 0; i < signers.length; i++) {
        if (used[i] === 0 && satisfiesPrincipal(signers[i], mspId, role)) {
          used[i] = 1;
          return true;
        }
      }
      return false;
    };
  }
  const rules = node.rules.map(compile);
  const { n } = node;
  return (signers, used) => {
    let verified = 0;
    const trial = new Uint8Array(used.length);
    for (const rule of rules) {
      trial.set(used);
      if (rule(signers, trial)) {
        verified++;
        used.set(trial);
      }
    }
    return verified >= n;
  };
}

/** Drops later signers that repeat an earlier signer's MSP ID and `id`; signers without an `id` all stay. */
export function distinctSigners(signers: readonly SignerIdentity[]): readonly SignerIdentity[] {
  if (signers.length < 2 || !signers.some((signer) => signer.id !== undefined)) return signers;
  const seen = new Set<string>();
  return signers.filter((signer) => {
    if (signer.id === undefined) return true;
    const key = `${signer.mspId}\u0000${signer.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
