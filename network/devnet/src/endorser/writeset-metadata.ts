import { deserializeStateMetadata, type ChannelLedger } from '../ledger';
import { sha256 } from '../ledger/private-key-layout';
import type { TxSimulator } from './tx-simulator';

/**
 * Fabric's ledger.WritesetMetadata: the committed metadata of every key a simulated transaction writes (values,
 * deletes, purges or metadata), by namespace, collection ('' for public state) and key. The endorser turns its
 * key-level policies into the ChaincodeInterest's KeyPolicies.
 */
export type WritesetMetadata = Map<string, Map<string, Map<string, Map<string, Uint8Array>>>>;

/**
 * Looks the metadata up once simulation is over (committed state is what Fabric's simulator reads it from when
 * each write is made). Private keys' metadata comes from the hashed state, so any peer can answer. On a channel
 * where no key ever had metadata nothing is looked up.
 */
export async function writesetMetadata(
  simulator: TxSimulator,
  channelLedger: ChannelLedger,
): Promise<WritesetMetadata> {
  const lookUp = channelLedger.hasStateMetadata();
  const result: WritesetMetadata = new Map();
  const pending: Promise<void>[] = [];
  const add = (ns: string, coll: string, key: string, metadata: () => Promise<Uint8Array | undefined>): void => {
    let collections = result.get(ns);
    if (!collections) result.set(ns, (collections = new Map()));
    let keys = collections.get(coll);
    if (!keys) collections.set(coll, (keys = new Map()));
    const entries = new Map<string, Uint8Array>();
    keys.set(key, entries);
    if (!lookUp) return;
    pending.push(
      metadata().then((bytes) => {
        for (const [name, value] of deserializeStateMetadata(bytes)) entries.set(name, value);
      }),
    );
  };
  for (const [ns, keys] of simulator.writtenKeys()) {
    for (const key of keys) add(ns, '', key, async () => (await channelLedger.getState(ns, key))?.metadata);
  }
  const privateRwSet = simulator.privateRwSet;
  for (const ns of privateRwSet.namespaces()) {
    for (const coll of privateRwSet.collections(ns)) {
      for (const key of privateRwSet.writtenKeys(ns, coll)) {
        add(ns, coll, key, async () => (await channelLedger.privateState.getHashed(ns, coll, sha256(key)))?.metadata);
      }
    }
  }
  await Promise.all(pending);
  return result;
}
