import { deserializeStateMetadata, type ChannelLedger, type StateEntry, type Version } from '../ledger';
import { sha256 } from '../ledger/private-key-layout';
import { SimulationError, type TxSimulator } from './tx-simulator';

/** Fabric's `version.Height` text: `{BlockNum: 5, TxNum: 0}`, or `<nil>`. */
function heightText(version: Version | undefined): string {
  return version ? `{BlockNum: ${version.blockNum}, TxNum: ${version.txNum}}` : '<nil>';
}

function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.blockNum === b.blockNum && a.txNum === b.txNum;
}

/**
 * Private data operations of one simulated transaction on one org's peer, as Fabric's query executor and
 * transaction simulator do them: plaintext comes from the org's own private store and must match the hashed
 * state's version (a peer that did not receive the data cannot read it), hashes come from the hashed state,
 * writes are recorded in plaintext and hashed form. Reads see committed state only, as for public data.
 */
export class PrivateDataSimulator {
  constructor(
    private readonly simulator: TxSimulator,
    private readonly channelLedger: ChannelLedger,
    /** The org whose private store this peer reads. */
    private readonly mspId: string,
  ) {}

  async getPrivateData(ns: string, coll: string, key: string): Promise<Uint8Array | undefined> {
    const { value, hashVersion } = await this.channelLedger.privateState.getPrivateWithHashVersion(
      this.mspId,
      ns,
      coll,
      key,
    );
    if (!sameVersion(hashVersion, value?.version)) {
      throw new SimulationError(
        `private data matching public hash version is not available. Public hash version = ${heightText(hashVersion)}, Private data version = ${heightText(value?.version)}`,
      );
    }
    this.simulator.privateRwSet.addPlaintextRead(ns, coll, key, value?.version);
    return value?.value;
  }

  async getPrivateDataHash(ns: string, coll: string, key: string): Promise<Uint8Array | undefined> {
    const hashed = await this.channelLedger.privateState.getHashed(ns, coll, sha256(key));
    this.simulator.privateRwSet.addHashedRead(ns, coll, key, hashed?.version);
    return hashed?.valueHash;
  }

  /**
   * The key's committed metadata entries, from the hashed state (so a peer without the plaintext answers too); like
   * Fabric it records a hashed read of the key.
   */
  async getPrivateDataMetadata(ns: string, coll: string, key: string): Promise<Map<string, Uint8Array>> {
    const hashed = await this.channelLedger.privateState.getHashed(ns, coll, sha256(key));
    this.simulator.privateRwSet.addHashedRead(ns, coll, key, hashed?.version);
    return deserializeStateMetadata(hashed?.metadata);
  }

  /** Replaces the key's metadata with `entries` (Fabric's SetPrivateDataMetadata: a write, subject to its rules). */
  putPrivateDataMetadata(ns: string, coll: string, key: string, entries: ReadonlyMap<string, Uint8Array>): void {
    this.simulator.notePrivateWrite(key);
    this.simulator.privateRwSet.addMetadataWrite(ns, coll, key, entries);
  }

  putPrivateData(ns: string, coll: string, key: string, value: Uint8Array): void {
    this.simulator.notePrivateWrite(key);
    this.simulator.privateRwSet.addWrite(ns, coll, key, value);
  }

  deletePrivateData(ns: string, coll: string, key: string): void {
    this.simulator.notePrivateWrite(key);
    this.simulator.privateRwSet.addWrite(ns, coll, key, undefined);
  }

  purgePrivateData(ns: string, coll: string, key: string): void {
    this.simulator.notePrivateWrite(key);
    this.simulator.privateRwSet.addPurge(ns, coll, key);
  }

  /** Starts a private range or rich query: allowed only before any write, and no write may follow it. */
  beginQuery(): void {
    this.simulator.notePrivateQuery();
  }

  /**
   * This org's committed plaintext of a collection from `startKey` (inclusive) in key order: the documents a rich
   * query on the collection reads. A peer whose org is not a member holds none, so its queries find nothing, as
   * on Fabric. Results are not recorded: Fabric adds nothing to the read set for a query on private data.
   */
  scanForQuery(ns: string, coll: string, startKey: string): AsyncIterable<StateEntry> {
    return this.channelLedger.privateState.privateRange(this.mspId, ns, coll, startKey, '');
  }

  /**
   * Up to `limit` committed plaintext entries of [startKey, endKey) from this org's store, and the key after them
   * if there are more. Private ranges are not re-checked at commit, as in Fabric.
   */
  async scanRange(
    ns: string,
    coll: string,
    startKey: string,
    endKey: string,
    limit: number,
  ): Promise<{ results: Array<{ key: string; value: Uint8Array }>; nextKey: string | undefined }> {
    const results: Array<{ key: string; value: Uint8Array }> = [];
    let nextKey: string | undefined;
    for await (const entry of this.channelLedger.privateState.privateRange(
      this.mspId,
      ns,
      coll,
      startKey,
      endKey,
      limit + 1,
    )) {
      if (results.length === limit) {
        nextKey = entry.key;
        break;
      }
      results.push({ key: entry.key, value: entry.value });
    }
    return { results, nextKey };
  }
}
