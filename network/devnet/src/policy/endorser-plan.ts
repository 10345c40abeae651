/**
 * The smallest set of orgs, drawn from `candidates`, that `satisfies` accepts, or undefined if none does.
 * Sets are tried by increasing size and, within a size, in lexicographic order of candidate positions, so the
 * answer leans on the orgs listed first; the returned orgs keep candidate order. Repeated candidates and
 * those `canHelp` rules out are dropped before the search, which is exhaustive: fine for the few orgs a
 * channel has.
 */
export function planSmallestOrgSet(
  candidates: readonly string[],
  canHelp: (mspId: string) => boolean,
  satisfies: (orgs: readonly string[]) => boolean,
): string[] | undefined {
  const pool = [...new Set(candidates)].filter(canHelp);
  for (let size = 0; size <= pool.length; size++) {
    const found = firstSatisfyingCombination(pool, size, satisfies);
    if (found) return found;
  }
  return undefined;
}

function firstSatisfyingCombination(
  pool: readonly string[],
  size: number,
  satisfies: (orgs: readonly string[]) => boolean,
): string[] | undefined {
  const indices = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    const orgs = indices.map((i) => pool[i]);
    if (satisfies(orgs)) return orgs;
    // Advance to the next combination: bump the rightmost index that still has room, reset those after it.
    let i = size - 1;
    while (i >= 0 && indices[i] === pool.length - size + i) i--;
    if (i < 0) return undefined;
    indices[i]++;
    for (let j = i + 1; j < size; j++) indices[j] = indices[j - 1] + 1;
  }
}
