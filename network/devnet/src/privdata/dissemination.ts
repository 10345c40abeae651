import type { Collection } from './collection-store';

/**
 * Fabric's dissemination plan check: the endorsing peer must know at least requiredPeerCount other peers of
 * member orgs that are up, or the endorsement fails. Each org runs one peer here.
 */
export function checkDissemination(
  chaincodeName: string,
  collection: Collection,
  localMspId: string,
  isPeerUp: (mspId: string) => boolean,
): void {
  const { requiredPeerCount } = collection.dissemination(localMspId);
  if (requiredPeerCount === 0) return;
  const eligible = collection.memberOrgs.filter((mspId) => mspId !== localMspId && isPeerUp(mspId)).length;
  if (eligible < requiredPeerCount) {
    throw new Error(
      `could not build private data dissemination plan for chaincode ${chaincodeName} and collection ${collection.name}: required to disseminate to at least ${requiredPeerCount} peers, but know of only ${eligible} eligible peers`,
    );
  }
}
