import { ledger, peer } from '@hyperledger/fabric-protos';
import type { PrivateRwSetBuilder } from './private-rwset';
import { decode } from '../wire';

/**
 * The ChaincodeInterest a Fabric endorser returns with its response, which the gateway uses to plan the
 * remaining endorsements: a call for each namespace whose chaincode policy applies (it was read, or written
 * publicly), and one per collection the transaction wrote or read in plaintext (`noPrivateReads` when it only
 * wrote, so non-members may endorse).
 */
export function chaincodeInterest(
  rwset: ledger.rwset.TxReadWriteSet,
  privateRwSet: PrivateRwSetBuilder,
): peer.ChaincodeInterest {
  // namespace -> collection ('' = public) -> whether that policy is needed
  const required = new Map<string, Map<string, boolean>>();
  for (const nsRwSet of rwset.getNsRwsetList()) {
    const ns = nsRwSet.getNamespace();
    const publicWrites = decode(ledger.rwset.kvrwset.KVRWSet, nsRwSet.getRwset_asU8()).getWritesList();
    const written = privateRwSet.collections(ns).filter((coll) => privateRwSet.hasWrites(ns, coll));
    const entry = new Map<string, boolean>();
    if (publicWrites.length > 0 || written.length > 0) {
      entry.set('', publicWrites.length > 0);
      for (const coll of written) entry.set(coll, true);
    } else {
      entry.set('', true);
    }
    for (const coll of privateRwSet.collections(ns)) if (privateRwSet.readPlaintext(ns, coll)) entry.set(coll, true);
    required.set(ns, entry);
  }
  const interest = new peer.ChaincodeInterest();
  for (const [ns, collections] of required) {
    for (const [coll, needed] of collections) {
      if (!needed) continue;
      const call = new peer.ChaincodeCall();
      call.setName(ns);
      if (coll !== '') {
        call.setCollectionNamesList([coll]);
        call.setNoPrivateReads(!privateRwSet.readPlaintext(ns, coll));
      }
      interest.addChaincodes(call);
    }
  }
  return interest;
}
