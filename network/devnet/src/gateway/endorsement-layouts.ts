import type { EndorsementPolicy } from '../policy';

/** Enough alternatives for any retry; stops the enumeration on channels with very many orgs. */
const MAX_LAYOUTS = 64;
const CACHE_LIMIT = 256;
const cache = new WeakMap<EndorsementPolicy, Map<string, readonly (readonly string[])[]>>();

/**
 * The layouts Fabric's discovery service offers the gateway for a chaincode: every minimal set of orgs (one
 * peer each) whose endorsements satisfy the policy, drawn from `orgs`. Smaller sets come first, then sets
 * whose orgs come earlier in `orgs`; Fabric shuffles layouts, this order keeps runs reproducible.
 */
export function policyLayouts(policy: EndorsementPolicy, orgs: readonly string[]): readonly (readonly string[])[] {
  let byOrgs = cache.get(policy);
  if (!byOrgs) cache.set(policy, (byOrgs = new Map()));
  const key = orgs.join('\n');
  let layouts = byOrgs.get(key);
  if (!layouts) {
    if (byOrgs.size >= CACHE_LIMIT) byOrgs.clear();
    layouts = satisfyingLayouts((set) => policy.evaluate(set.map((mspId) => ({ mspId, role: 'peer' as const }))), orgs);
    byOrgs.set(key, layouts);
  }
  return layouts;
}

/**
 * Every minimal set of orgs from `orgs` (smallest first, then earlier orgs first) for which `satisfies` holds:
 * the layouts for any combination of policies (a chaincode's, those it called, its collections').
 */
export function satisfyingLayouts(
  satisfies: (orgs: readonly string[]) => boolean,
  orgs: readonly string[],
): string[][] {
  const pool = [...new Set(orgs)];
  const found: string[][] = [];
  for (let size = 1; size <= pool.length && found.length < MAX_LAYOUTS; size++) {
    for (const set of combinations(pool, size)) {
      if (found.some((smaller) => smaller.every((mspId) => set.includes(mspId)))) continue; // not minimal
      if (satisfies(set)) found.push(set);
      if (found.length >= MAX_LAYOUTS) break;
    }
  }
  return found;
}

/** Subsets of `pool` of the given size, in lexicographic order of positions. */
function* combinations(pool: readonly string[], size: number): Generator<string[]> {
  const indices = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    yield indices.map((i) => pool[i]);
    let i = size - 1;
    while (i >= 0 && indices[i] === pool.length - size + i) i--;
    if (i < 0) return;
    indices[i]++;
    for (let j = i + 1; j < size; j++) indices[j] = indices[j - 1] + 1;
  }
}
