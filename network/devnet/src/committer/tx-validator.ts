import { common, ledger, peer } from '@hyperledger/fabric-protos';
import type { Identity, MembershipRegistry } from '../identity';
import type { ChannelLedger, KeyWrite, Version } from '../ledger';
import type { EndorsementPolicy } from '../policy';
import { computeTxId } from '../endorser/proposal';

const Code = peer.TxValidationCode;
const { kvrwset } = ledger.rwset;

export interface CommittedChaincode {
  name: string;
  policy: EndorsementPolicy;
}

export interface ValidationContext {
  channelId: string;
  membership: MembershipRegistry;
  chaincodes: ReadonlyMap<string, CommittedChaincode>;
  ledger: ChannelLedger;
}

export interface ValidatedTx {
  txId: string;
  code: number;
  timestamp: { seconds: number; nanos: number };
  writes: KeyWrite[];
  /** The chaincode event of a valid transaction, with chaincode and transaction IDs filled in. */
  event?: peer.ChaincodeEvent;
}

class Invalid extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface ParsedTx {
  txId: string;
  timestamp: { seconds: number; nanos: number };
  rwsets: Array<{ namespace: string; rwset: ledger.rwset.kvrwset.KVRWSet }>;
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
  const blockUpdates = new Map<string, Version>(); // `${ns}\0${key}` -> version written earlier in this block
  const seenTxIds = new Set<string>();
  const results: ValidatedTx[] = [];
  for (let txNum = 0; txNum < envelopes.length; txNum++) {
    let parsed: ParsedTx | undefined;
    try {
      parsed = parseAndCheck(envelopes[txNum], context);
      if (seenTxIds.has(parsed.txId) || (await context.ledger.getTx(parsed.txId))) {
        throw new Invalid(Code.DUPLICATE_TXID, `duplicate transaction ${parsed.txId}`);
      }
      seenTxIds.add(parsed.txId);
      await checkReadConflicts(parsed, context.ledger, blockUpdates);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      const txId = parsed?.txId ?? tryTxId(envelopes[txNum]);
      if (txId && err.code !== Code.DUPLICATE_TXID) seenTxIds.add(txId);
      results.push({ txId, code: err.code, timestamp: parsed?.timestamp ?? { seconds: 0, nanos: 0 }, writes: [] });
      continue;
    }
    const writes: KeyWrite[] = [];
    for (const { namespace, rwset } of parsed.rwsets) {
      for (const write of rwset.getWritesList()) {
        const isDelete = write.getIsDelete();
        writes.push({ namespace, key: write.getKey(), isDelete, value: isDelete ? undefined : write.getValue_asU8() });
        blockUpdates.set(stateKey(namespace, write.getKey()), { blockNum, txNum });
      }
    }
    results.push({ txId: parsed.txId, code: Code.VALID, timestamp: parsed.timestamp, writes, event: parsed.event });
  }
  return results;
}

function parseAndCheck(envelopeBytes: Uint8Array, context: ValidationContext): ParsedTx {
  if (envelopeBytes.length === 0) throw new Invalid(Code.NIL_ENVELOPE, 'nil envelope');
  const envelope = parse(() => common.Envelope.deserializeBinary(envelopeBytes), Code.BAD_PAYLOAD);
  const payloadBytes = envelope.getPayload_asU8();
  const payload = parse(() => common.Payload.deserializeBinary(payloadBytes), Code.BAD_PAYLOAD);
  const header = payload.getHeader();
  if (!header) throw new Invalid(Code.BAD_COMMON_HEADER, 'missing header');
  const channelHeader = parse(
    () => common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()),
    Code.BAD_CHANNEL_HEADER,
  );
  const signatureHeader = parse(
    () => common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()),
    Code.BAD_COMMON_HEADER,
  );
  if (channelHeader.getChannelId() !== context.channelId) {
    throw new Invalid(Code.TARGET_CHAIN_NOT_FOUND, `transaction for channel ${channelHeader.getChannelId()}`);
  }
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
    throw new Invalid(Code.UNKNOWN_TX_TYPE, `header type ${channelHeader.getType()}`);
  }
  const creator = signatureHeader.getCreator_asU8();
  const nonce = signatureHeader.getNonce_asU8();
  if (nonce.length === 0 || creator.length === 0) throw new Invalid(Code.BAD_COMMON_HEADER, 'missing nonce or creator');
  const creatorIdentity = deserialize(context.membership, creator);
  if (!creatorIdentity || !creatorIdentity.verify(payloadBytes, envelope.getSignature_asU8())) {
    throw new Invalid(Code.BAD_CREATOR_SIGNATURE, 'creator signature is not valid');
  }
  const txId = channelHeader.getTxId();
  if (computeTxId(nonce, creator) !== txId) throw new Invalid(Code.BAD_PROPOSAL_TXID, 'incorrectly computed txid');
  const timestamp = channelHeader.getTimestamp();

  const transaction = parse(() => peer.Transaction.deserializeBinary(payload.getData_asU8()), Code.BAD_PAYLOAD);
  const actions = transaction.getActionsList();
  if (actions.length !== 1) throw new Invalid(Code.NIL_TXACTION, 'exactly one action per transaction is supported');
  const actionPayload = parse(
    () => peer.ChaincodeActionPayload.deserializeBinary(actions[0].getPayload_asU8()),
    Code.BAD_PAYLOAD,
  );
  const endorsedAction = actionPayload.getAction();
  if (!endorsedAction) throw new Invalid(Code.NIL_TXACTION, 'no endorsed action');
  const responsePayloadBytes = endorsedAction.getProposalResponsePayload_asU8();
  const responsePayload = parse(
    () => peer.ProposalResponsePayload.deserializeBinary(responsePayloadBytes),
    Code.BAD_RESPONSE_PAYLOAD,
  );
  const chaincodeAction = parse(
    () => peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()),
    Code.BAD_RESPONSE_PAYLOAD,
  );
  const txRwSet = parse(
    () => ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8()),
    Code.BAD_RWSET,
  );
  const rwsets = txRwSet.getNsRwsetList().map((ns) => ({
    namespace: ns.getNamespace(),
    rwset: parse(() => kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()), Code.BAD_RWSET),
  }));

  const chaincodeName = chaincodeAction.getChaincodeId()?.getName() ?? '';
  const invoked = context.chaincodes.get(chaincodeName);
  if (!invoked) throw new Invalid(Code.INVALID_CHAINCODE, `chaincode ${chaincodeName} is not defined`);

  const signers = endorsers(endorsedAction, responsePayloadBytes, context.membership);
  const namespacesToCheck = new Set([chaincodeName]);
  for (const { namespace, rwset } of rwsets) {
    if (rwset.getWritesList().length > 0) namespacesToCheck.add(namespace);
  }
  for (const namespace of namespacesToCheck) {
    const chaincode = context.chaincodes.get(namespace);
    if (!chaincode) throw new Invalid(Code.ILLEGAL_WRITESET, `write to undefined namespace ${namespace}`);
    if (!chaincode.policy.evaluate(signers)) {
      throw new Invalid(Code.ENDORSEMENT_POLICY_FAILURE, `endorsement policy of ${namespace} not satisfied`);
    }
  }

  let event: peer.ChaincodeEvent | undefined;
  const eventBytes = chaincodeAction.getEvents_asU8();
  if (eventBytes.length > 0) {
    event = parse(() => peer.ChaincodeEvent.deserializeBinary(eventBytes), Code.BAD_RESPONSE_PAYLOAD);
    if (!event.getEventName()) event = undefined;
  }
  return {
    txId,
    timestamp: { seconds: timestamp?.getSeconds() ?? 0, nanos: timestamp?.getNanos() ?? 0 },
    rwsets,
    event,
  };
}

/** The identities whose endorsement signatures verify; invalid endorsements simply do not count. */
function endorsers(
  action: peer.ChaincodeEndorsedAction,
  responsePayloadBytes: Uint8Array,
  membership: MembershipRegistry,
): Identity[] {
  const valid: Identity[] = [];
  for (const endorsement of action.getEndorsementsList()) {
    const endorserBytes = endorsement.getEndorser_asU8();
    const identity = deserialize(membership, endorserBytes);
    if (!identity) continue;
    const signed = Buffer.concat([responsePayloadBytes, endorserBytes]);
    if (identity.verify(signed, endorsement.getSignature_asU8())) valid.push(identity);
  }
  return valid;
}

async function checkReadConflicts(
  tx: ParsedTx,
  channelLedger: ChannelLedger,
  blockUpdates: ReadonlyMap<string, Version>,
): Promise<void> {
  for (const { namespace, rwset } of tx.rwsets) {
    for (const read of rwset.getReadsList()) {
      const key = read.getKey();
      const readVersion = read.getVersion();
      if (blockUpdates.has(stateKey(namespace, key))) {
        throw new Invalid(Code.MVCC_READ_CONFLICT, `key ${key} was updated earlier in the block`);
      }
      const committed = await channelLedger.getStateVersion(namespace, key);
      if (!sameVersion(committed, readVersion)) {
        throw new Invalid(Code.MVCC_READ_CONFLICT, `key ${key} changed since it was read`);
      }
    }
    for (const query of rwset.getRangeQueriesInfoList()) {
      await checkRangeQuery(namespace, query, channelLedger, blockUpdates);
    }
  }
}

/** Re-runs a range query over committed state and compares what it sees with what simulation saw. */
async function checkRangeQuery(
  namespace: string,
  query: ledger.rwset.kvrwset.RangeQueryInfo,
  channelLedger: ChannelLedger,
  blockUpdates: ReadonlyMap<string, Version>,
): Promise<void> {
  const simulated = query.getRawReads()?.getKvReadsList() ?? [];
  if (query.hasReadsMerkleHashes()) {
    throw new Invalid(Code.PHANTOM_READ_CONFLICT, 'merkle-summarised range queries are not produced by this network');
  }
  // Not exhausted: the chaincode stopped early, so only the part up to its last read must match.
  const lastRead = simulated.length > 0 ? simulated[simulated.length - 1].getKey() : undefined;
  const exhausted = query.getItrExhausted();
  const inScope = (key: string): boolean =>
    compareBytes(key, query.getStartKey()) >= 0 &&
    (query.getEndKey() === '' || compareBytes(key, query.getEndKey()) < 0) &&
    (exhausted || (lastRead !== undefined && compareBytes(key, lastRead) <= 0));
  if (!exhausted && lastRead === undefined) return;
  const prefix = `${namespace}\u0000`;
  for (const updated of blockUpdates.keys()) {
    if (updated.startsWith(prefix) && inScope(updated.slice(prefix.length))) {
      throw new Invalid(Code.PHANTOM_READ_CONFLICT, `range [${query.getStartKey()}, ${query.getEndKey()}) changed`);
    }
  }
  let index = 0;
  const limit = exhausted ? undefined : simulated.length;
  for await (const entry of channelLedger.rangeScan(namespace, query.getStartKey(), query.getEndKey(), limit)) {
    const expected = simulated[index++];
    if (!expected || expected.getKey() !== entry.key || !sameVersion(entry.version, expected.getVersion())) {
      throw new Invalid(Code.PHANTOM_READ_CONFLICT, `range [${query.getStartKey()}, ${query.getEndKey()}) changed`);
    }
  }
  if (index !== simulated.length) {
    throw new Invalid(Code.PHANTOM_READ_CONFLICT, `range [${query.getStartKey()}, ${query.getEndKey()}) changed`);
  }
}

function sameVersion(committed: Version | undefined, read: ledger.rwset.kvrwset.Version | undefined): boolean {
  if (!committed || !read) return !committed && !read;
  return committed.blockNum === read.getBlockNum() && committed.txNum === read.getTxNum();
}

function deserialize(membership: MembershipRegistry, bytes: Uint8Array): Identity | undefined {
  try {
    return membership.deserialize(bytes);
  } catch {
    return undefined;
  }
}

function parse<T>(fn: () => T, code: number): T {
  try {
    return fn();
  } catch (err) {
    throw new Invalid(code, (err as Error).message);
  }
}

function tryTxId(envelopeBytes: Uint8Array): string {
  try {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    return common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId();
  } catch {
    return '';
  }
}

function stateKey(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
