import { common, ledger, peer } from '@hyperledger/fabric-protos';
import type { MembershipRegistry } from '../identity';
import {
  metadataOfWrite,
  type ChannelLedger,
  type CollectionHashedWrites,
  type KeyMetadataWrite,
  type KeyWrite,
  type Version,
} from '../ledger';
import type { EndorsementPolicy } from '../policy';
import type { ChaincodeCollections } from '../privdata/collection-store';
import type { PrivateDataChannel } from '../privdata/private-data-channel';
import { decode } from '../wire';
import { checkChaincodeAction } from './chaincode-action-checks';
import { endorsementSigners } from './endorsement-signers';
import { checkEnvelope } from './envelope-checks';
import { Invalid, parse } from './invalid-tx';
import { KeyLevelEndorsement, type EndorsedWrites } from './key-level-policy';
import {
  hashedKeyId,
  hashedReadConflict,
  hashedWritesOf,
  parseCollectionRwSets,
  PolicyLookupError,
  writtenCollections,
  prefetchHashedVersions,
  type CollectionRwSet,
} from './private-data-validation';
import { compareUtf8 } from '../ledger/utf8-order';

const Code = peer.TxValidationCode;
const { kvrwset } = ledger.rwset;

export interface CommittedChaincode {
  name: string;
  policy: EndorsementPolicy;
  /** Private data collections; writes to them are validated against their endorsement policies. */
  collections?: ChaincodeCollections;
}

export interface ValidationContext {
  channelId: string;
  membership: MembershipRegistry;
  chaincodes: ReadonlyMap<string, CommittedChaincode>;
  ledger: ChannelLedger;
  /** Transient store and collections: where the committer finds the plaintext behind a block's hashes. */
  privateData?: PrivateDataChannel;
}

export interface ValidatedTx {
  txId: string;
  code: number;
  timestamp: { seconds: number; nanos: number };
  writes: KeyWrite[];
  metadataWrites: KeyMetadataWrite[];
  /** Hashed writes to private data collections (valid transactions only). */
  hashedWrites?: CollectionHashedWrites[];
  /** pvt_rwset_hash of each collection the transaction wrote: what member orgs' plaintext must hash to. */
  pvtRwsetHashes?: Array<{ namespace: string; collection: string; hash: Uint8Array }>;
  /** The chaincode event of a valid transaction, with chaincode and transaction IDs filled in. */
  event?: peer.ChaincodeEvent;
}

interface ParsedTx {
  txId: string;
  timestamp: { seconds: number; nanos: number };
  rwsets: Array<{ namespace: string; rwset: ledger.rwset.kvrwset.KVRWSet; collections: CollectionRwSet[] }>;
  /** Checked against endorsement policies (chaincode, collection and key-level) in block order. */
  endorsed: EndorsedWrites;
  event?: peer.ChaincodeEvent;
}

/**
 * Validates the transactions of one block in order, as a Fabric committing peer does: structure and
 * creator signature, transaction ID, duplicates, endorsement policy of every namespace written, then MVCC
 * and phantom checks against committed state plus the writes of earlier valid transactions in the block.
 */
export async function validateBlock(
  blockNum: number,
  envelopes: readonly Uint8Array[],
  context: ValidationContext,
): Promise<ValidatedTx[]> {
  // Structure, signatures and policies need no ledger access; do them first, synchronously.
  const parsed = envelopes.map((envelope): ParsedTx | Invalid => {
    try {
      return parseAndCheck(envelope, context);
    } catch (err) {
      if (err instanceof Invalid) return err;
      throw err;
    }
  });
  // Committed state cannot change while this block is validated, so every look-up the sequential checks
  // need is fetched at once: one wait for the whole block instead of one per read.
  const valid = parsed.filter((tx): tx is ParsedTx => !(tx instanceof Invalid));
  const [committed, keyLevel] = await Promise.all([
    prefetch(parsed, context.ledger),
    KeyLevelEndorsement.prefetch(
      valid.map((tx) => tx.endorsed),
      context.ledger,
    ),
  ]);

  const blockUpdates = new Map<string, Version>(); // `${ns}\0${key}` -> version written earlier in this block
  const hashedBlockUpdates = new Set<string>(); // hashedKeyId of private keys written earlier in this block
  const seenTxIds = new Set<string>();
  return parsed.map((tx, txNum): ValidatedTx => {
    try {
      if (tx instanceof Invalid) throw tx;
      const policyFailure = keyLevel.check(
        { blockNum, txNum },
        tx.endorsed,
        (namespace) => context.chaincodes.get(namespace)!.policy,
      );
      if (policyFailure) throw new Invalid(Code.ENDORSEMENT_POLICY_FAILURE, policyFailure);
      if (seenTxIds.has(tx.txId) || committed.txIds.has(tx.txId)) {
        throw new Invalid(Code.DUPLICATE_TXID, `duplicate transaction ${tx.txId}`);
      }
      seenTxIds.add(tx.txId);
      checkReadConflicts(tx, committed, blockUpdates);
      for (const { namespace, collections } of tx.rwsets) {
        const conflict = hashedReadConflict(namespace, collections, committed.hashedVersions, hashedBlockUpdates);
        if (conflict) throw new Invalid(Code.MVCC_READ_CONFLICT, conflict);
      }
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      const txId = tx instanceof Invalid ? tryTxId(envelopes[txNum]) : tx.txId;
      if (txId && err.code !== Code.DUPLICATE_TXID) seenTxIds.add(txId);
      const timestamp = tx instanceof Invalid ? { seconds: 0, nanos: 0 } : tx.timestamp;
      return { txId, code: err.code, timestamp, writes: [], metadataWrites: [] };
    }
    const writes: KeyWrite[] = [];
    const metadataWrites: KeyMetadataWrite[] = [];
    const hashedWrites: CollectionHashedWrites[] = [];
    const pvtRwsetHashes: NonNullable<ValidatedTx['pvtRwsetHashes']> = [];
    for (const { namespace, rwset, collections } of tx.rwsets) {
      for (const write of rwset.getWritesList()) {
        const isDelete = write.getIsDelete();
        writes.push({ namespace, key: write.getKey(), isDelete, value: isDelete ? undefined : write.getValue_asU8() });
        blockUpdates.set(stateKey(namespace, write.getKey()), { blockNum, txNum });
      }
      for (const write of rwset.getMetadataWritesList()) {
        metadataWrites.push({ namespace, key: write.getKey(), metadata: metadataOfWrite(write) });
        // A metadata write gives an existing key a new version; counting it for absent keys too only makes a later
        // read of that absent key in the same block conflict, which is safe.
        blockUpdates.set(stateKey(namespace, write.getKey()), { blockNum, txNum });
      }
      hashedWrites.push(...hashedWritesOf(namespace, collections, context.chaincodes.get(namespace)?.collections));
      for (const set of collections) {
        // A metadata write gives an existing hashed key a new version, as it does a public key.
        for (const write of [...set.writes, ...set.metadataWrites])
          hashedBlockUpdates.add(hashedKeyId(namespace, set.collection, write.getKeyHash_asU8()));
        if (set.writes.length > 0 || set.metadataWrites.length > 0)
          pvtRwsetHashes.push({ namespace, collection: set.collection, hash: set.pvtRwsetHash });
      }
    }
    return {
      txId: tx.txId,
      code: Code.VALID,
      timestamp: tx.timestamp,
      writes,
      metadataWrites,
      ...(hashedWrites.length > 0 ? { hashedWrites, pvtRwsetHashes } : {}),
      event: tx.event,
    };
  });
}

/** What the sequential checks need from committed state, fetched concurrently. */
interface CommittedView {
  /** Transaction IDs of this block already in the ledger. */
  txIds: ReadonlySet<string>;
  /** Committed version of every key read (`undefined`: absent). */
  versions: ReadonlyMap<string, Version | undefined>;
  /** Committed entries of every range query, keyed by the query object. */
  ranges: ReadonlyMap<ledger.rwset.kvrwset.RangeQueryInfo, Array<{ key: string; version: Version }>>;
  /** Committed version of every private key hash read (`undefined`: absent), by hashedKeyId. */
  hashedVersions: ReadonlyMap<string, Version | undefined>;
}

async function prefetch(
  parsed: ReadonlyArray<ParsedTx | Invalid>,
  channelLedger: ChannelLedger,
): Promise<CommittedView> {
  const txs = parsed.filter((tx): tx is ParsedTx => !(tx instanceof Invalid));
  const txIds = new Set<string>();
  const versions = new Map<string, Version | undefined>();
  const ranges = new Map<ledger.rwset.kvrwset.RangeQueryInfo, Array<{ key: string; version: Version }>>();
  const pending: Promise<void>[] = [];
  for (const tx of txs) {
    pending.push(
      channelLedger.getTx(tx.txId).then((found) => {
        if (found) txIds.add(tx.txId);
      }),
    );
    for (const { namespace, rwset } of tx.rwsets) {
      for (const read of rwset.getReadsList()) {
        const id = stateKey(namespace, read.getKey());
        if (versions.has(id)) continue;
        versions.set(id, undefined);
        pending.push(
          channelLedger.getStateVersion(namespace, read.getKey()).then((version) => {
            versions.set(id, version);
          }),
        );
      }
      for (const query of rwset.getRangeQueriesInfoList()) pending.push(scanCommitted(namespace, query));
    }
  }

  async function scanCommitted(namespace: string, query: ledger.rwset.kvrwset.RangeQueryInfo): Promise<void> {
    const simulated = query.getRawReads()?.getKvReadsList() ?? [];
    // Not exhausted: the chaincode stopped early, so only as many entries as it read can matter.
    const limit = query.getItrExhausted() ? undefined : simulated.length;
    const entries: Array<{ key: string; version: Version }> = [];
    if (limit !== 0) {
      for await (const entry of channelLedger.rangeScan(namespace, query.getStartKey(), query.getEndKey(), limit)) {
        entries.push({ key: entry.key, version: entry.version });
      }
    }
    ranges.set(query, entries);
  }

  const hashed = prefetchHashedVersions(
    txs.flatMap((tx) => tx.rwsets),
    channelLedger,
  );
  await Promise.all(pending);
  return { txIds, versions, ranges, hashedVersions: await hashed };
}

function parseAndCheck(envelopeBytes: Uint8Array, context: ValidationContext): ParsedTx {
  if (envelopeBytes.length === 0) throw new Invalid(Code.NIL_ENVELOPE, 'nil envelope');
  const envelope = parse(() => decode(common.Envelope, envelopeBytes), Code.INVALID_OTHER_REASON);
  // Fabric's ValidateTransaction and its dispatcher's structural checks (envelope-checks.ts and
  // chaincode-action-checks.ts): headers, creator signature, transaction ID, proposal hash, chaincode IDs.
  const checked = checkEnvelope(envelope, context.membership);
  const { channelHeader, endorsedAction } = checked;
  if (channelHeader.getChannelId() !== context.channelId) {
    throw new Invalid(Code.TARGET_CHAIN_NOT_FOUND, `transaction for channel ${channelHeader.getChannelId()}`);
  }
  const txId = channelHeader.getTxId();
  const timestamp = channelHeader.getTimestamp();
  const { chaincodeName, txRwSet, event } = checkChaincodeAction(checked);
  const rwsets = txRwSet.getNsRwsetList().map((ns) => ({
    namespace: ns.getNamespace(),
    rwset: parse(() => decode(kvrwset.KVRWSet, ns.getRwset_asU8()), Code.BAD_RWSET),
    collections: parse(() => parseCollectionRwSets(ns), Code.BAD_RWSET),
  }));

  const invoked = context.chaincodes.get(chaincodeName);
  if (!invoked) throw new Invalid(Code.INVALID_CHAINCODE, `chaincode ${chaincodeName} is not defined`);

  const signers = endorsementSigners(
    endorsedAction,
    endorsedAction.getProposalResponsePayload_asU8(),
    context.membership,
  );
  let namespaces;
  try {
    namespaces = rwsets.map(({ namespace, rwset, collections }) => ({
      namespace,
      writes: rwset.getWritesList().map((write) => write.getKey()),
      metadataWrites: rwset.getMetadataWritesList().map((write) => write.getKey()),
      collections: writtenCollections(namespace, collections, context.chaincodes.get(namespace)?.collections),
    }));
  } catch (err) {
    if (err instanceof PolicyLookupError) throw new Invalid(err.code, err.message);
    throw err;
  }
  for (const { namespace, writes, metadataWrites, collections } of namespaces) {
    const written = writes.length > 0 || metadataWrites.length > 0 || collections.length > 0;
    if (written && !context.chaincodes.has(namespace)) {
      throw new Invalid(Code.INVALID_CHAINCODE, `write to undefined namespace ${namespace}`);
    }
  }

  return {
    txId,
    timestamp: { seconds: timestamp?.getSeconds() ?? 0, nanos: timestamp?.getNanos() ?? 0 },
    rwsets,
    endorsed: { chaincodeName, namespaces, signers },
    event: event?.getEventName() ? event : undefined,
  };
}

function checkReadConflicts(tx: ParsedTx, committed: CommittedView, blockUpdates: ReadonlyMap<string, Version>): void {
  for (const { namespace, rwset } of tx.rwsets) {
    for (const read of rwset.getReadsList()) {
      const key = read.getKey();
      const id = stateKey(namespace, key);
      if (blockUpdates.has(id)) {
        throw new Invalid(Code.MVCC_READ_CONFLICT, `key ${key} was updated earlier in the block`);
      }
      if (!sameVersion(committed.versions.get(id), read.getVersion())) {
        throw new Invalid(Code.MVCC_READ_CONFLICT, `key ${key} changed since it was read`);
      }
    }
    for (const query of rwset.getRangeQueriesInfoList()) {
      checkRangeQuery(namespace, query, committed.ranges.get(query) ?? [], blockUpdates);
    }
  }
}

/** Compares what a range query saw during simulation with committed state plus this block's writes. */
function checkRangeQuery(
  namespace: string,
  query: ledger.rwset.kvrwset.RangeQueryInfo,
  committedEntries: ReadonlyArray<{ key: string; version: Version }>,
  blockUpdates: ReadonlyMap<string, Version>,
): void {
  const phantom = (): Invalid =>
    new Invalid(Code.PHANTOM_READ_CONFLICT, `range [${query.getStartKey()}, ${query.getEndKey()}) changed`);
  if (query.hasReadsMerkleHashes()) throw phantom(); // this network never summarises range reads
  const simulated = query.getRawReads()?.getKvReadsList() ?? [];
  const exhausted = query.getItrExhausted();
  if (!exhausted && simulated.length === 0) return;
  const lastRead = simulated.length > 0 ? simulated[simulated.length - 1].getKey() : undefined;
  const inScope = (key: string): boolean =>
    compareUtf8(key, query.getStartKey()) >= 0 &&
    (query.getEndKey() === '' || compareUtf8(key, query.getEndKey()) < 0) &&
    (exhausted || (lastRead !== undefined && compareUtf8(key, lastRead) <= 0));
  const prefix = `${namespace}\u0000`;
  for (const updated of blockUpdates.keys()) {
    if (updated.startsWith(prefix) && inScope(updated.slice(prefix.length))) throw phantom();
  }
  if (committedEntries.length !== simulated.length) throw phantom();
  committedEntries.forEach((entry, index) => {
    const expected = simulated[index];
    if (expected.getKey() !== entry.key || !sameVersion(entry.version, expected.getVersion())) throw phantom();
  });
}

function sameVersion(committed: Version | undefined, read: ledger.rwset.kvrwset.Version | undefined): boolean {
  if (!committed || !read) return !committed && !read;
  return committed.blockNum === read.getBlockNum() && committed.txNum === read.getTxNum();
}

function tryTxId(envelopeBytes: Uint8Array): string {
  try {
    const payload = decode(common.Payload, decode(common.Envelope, envelopeBytes).getPayload_asU8());
    return decode(common.ChannelHeader, payload.getHeader()!.getChannelHeader_asU8()).getTxId();
  } catch {
    return '';
  }
}

function stateKey(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}
