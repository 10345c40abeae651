import { LimitExceededError, plainStep, type Scene } from '@scenechain/scene-kit';
import { links, MAX_DOWNSTREAM_LINKS, type Link } from '../model/link';

/**
 * Records that each `from` went into its `to`, once: packing the same batch on the same pallet again adds
 * nothing. Refuses (LIMIT_EXCEEDED, nothing written) when an item would have more than MAX_DOWNSTREAM_LINKS.
 */
export async function recordLinks(scene: Scene, drafts: readonly Omit<Link, 'at'>[]): Promise<void> {
  const fresh = new Map<string, Omit<Link, 'at'>>();
  for (const link of drafts) {
    const key = links.keyOf(link);
    if (!fresh.has(key) && !(await links.exists(scene, link))) fresh.set(key, link);
  }
  const adding = new Map<string, number>();
  for (const link of fresh.values()) adding.set(link.from, (adding.get(link.from) ?? 0) + 1);
  for (const [from, count] of adding) {
    const held = (await downstreamLinks(scene, from)).length;
    if (held + count > MAX_DOWNSTREAM_LINKS) {
      throw new LimitExceededError(
        `${from} already went into ${held} items; one item goes into at most ${MAX_DOWNSTREAM_LINKS} (splits, transformations, pallets)`,
        MAX_DOWNSTREAM_LINKS,
      );
    }
  }
  for (const link of fresh.values()) {
    await links.create(scene, { ...link, at: scene.now.iso }, { step: plainStep('link', 'ProvenanceLinked') });
  }
}

/** The links going out of an item, in key order, as this transaction sees them; never more than the cap. */
export async function downstreamLinks(scene: Scene, from: string) {
  return links.scanByKey(scene, [from], { max: MAX_DOWNSTREAM_LINKS });
}
