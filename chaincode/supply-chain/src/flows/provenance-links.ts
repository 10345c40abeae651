import { LimitExceededError, plainStep, type Scene } from '@scenechain/scene-kit';
import { links, MAX_DOWNSTREAM_LINKS, type Link } from '../model/link';

/**
 * Records that each `from` went into its `to`, once: packing the same batch on the same pallet again adds
 * nothing. Refuses (LIMIT_EXCEEDED, nothing written) when an item would have more than MAX_DOWNSTREAM_LINKS.
 * Each item's outgoing links are read once, for the cap, and tell which drafts are already recorded.
 */
export async function recordLinks(scene: Scene, drafts: readonly Omit<Link, 'at'>[]): Promise<void> {
  const fresh = new Map<string, Omit<Link, 'at'>>();
  for (const link of drafts) {
    const key = links.keyOf(link);
    if (!fresh.has(key)) fresh.set(key, link);
  }
  for (const from of new Set(drafts.map((link) => link.from))) {
    const held = await downstreamLinks(scene, from);
    for (const { data } of held) fresh.delete(links.keyOf(data));
    const count = [...fresh.values()].filter((link) => link.from === from).length;
    if (held.length + count > MAX_DOWNSTREAM_LINKS) {
      throw new LimitExceededError(
        `${from} already went into ${held.length} items; one item goes into at most ${MAX_DOWNSTREAM_LINKS} (splits, transformations, pallets)`,
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
