import { plainStep, type Scene } from '@scenechain/scene-kit';
import { links, type Link } from '../model/link';

/** Records that `from` went into `to`, once: packing the same batch on the same pallet again adds nothing. */
export async function recordLink(scene: Scene, link: Omit<Link, 'at'>): Promise<void> {
  if (await links.exists(scene, link)) return;
  await links.create(scene, { ...link, at: scene.now.iso }, { step: plainStep('link', 'ProvenanceLinked') });
}

/** IDs of the batches made or split from a batch (committed links only), in key order. */
export async function downstreamBatchIds(scene: Scene, batchId: string): Promise<string[]> {
  const found = await links.scanByKey(scene, [batchId]);
  return found.filter((link) => link.data.toKind === 'batch').map((link) => link.data.to);
}
