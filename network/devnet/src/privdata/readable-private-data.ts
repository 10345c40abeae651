import { ledger } from '@hyperledger/fabric-protos';
import type { SignerIdentity } from '../policy';
import type { ChaincodeCollections } from './collection-store';

/**
 * What a peer sends with a block to a DeliverWithPrivateData client: the private data it holds for the block, less
 * the collections marked memberOnlyRead whose member policy the requesting client does not satisfy (as Fabric's
 * deliver service filters them). Transactions left with nothing are left out.
 */
export function readablePrivateData(
  held: ReadonlyMap<number, ledger.rwset.TxPvtReadWriteSet>,
  collectionsOf: (namespace: string) => ChaincodeCollections | undefined,
  requester: SignerIdentity,
): Map<number, ledger.rwset.TxPvtReadWriteSet> {
  const readable = new Map<number, ledger.rwset.TxPvtReadWriteSet>();
  for (const [txNum, txSet] of held) {
    const namespaces = txSet.getNsPvtRwsetList().flatMap((nsSet) => {
      const collections = collectionsOf(nsSet.getNamespace());
      const kept = nsSet.getCollectionPvtRwsetList().filter((set) => {
        const collection = collections?.get(set.getCollectionName());
        return collection !== undefined && (!collection.memberOnlyRead || collection.isMember(requester));
      });
      if (kept.length === 0) return [];
      const filtered = new ledger.rwset.NsPvtReadWriteSet();
      filtered.setNamespace(nsSet.getNamespace());
      filtered.setCollectionPvtRwsetList(kept);
      return [filtered];
    });
    if (namespaces.length === 0) continue;
    const filtered = new ledger.rwset.TxPvtReadWriteSet();
    filtered.setDataModel(txSet.getDataModel());
    filtered.setNsPvtRwsetList(namespaces);
    readable.set(txNum, filtered);
  }
  return readable;
}
