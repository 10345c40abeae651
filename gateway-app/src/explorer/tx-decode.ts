import { common, ledger, peer } from '@hyperledger/fabric-protos';
import {
  bytesOf,
  enumName,
  MalformedLedgerData,
  parseProto,
  shortText,
  signerOf,
  type Signer,
} from '../fabric/proto-read';

/** Most keys listed per namespace and per kind (reads, writes): a transaction's rw-set can be large. */
export const MAX_KEYS_PER_NAMESPACE = 200;
/** Largest event payload the explorer parses as JSON. */
export const MAX_EVENT_JSON_BYTES = 64 * 1024;

/** One transaction of a block, as a list shows it. */
export interface TransactionSummary {
  readonly txId: string;
  /** HeaderType name: ENDORSER_TRANSACTION, CONFIG, ... */
  readonly type: string;
  readonly creator: Signer | null;
  readonly endorsers: readonly Signer[];
  /** TxValidationCode name: VALID, MVCC_READ_CONFLICT, ... */
  readonly validationCode: string;
  readonly chaincode: string | null;
  readonly function: string | null;
  readonly timestamp: string | null;
  readonly eventName: string | null;
  /** Set when part of the transaction could not be read; the fields above hold what could. */
  readonly malformed?: string;
}

export interface KeyRead {
  readonly key: string;
  /** The version read: the block and transaction that last wrote the key, null when it did not exist. */
  readonly version: { readonly blockNumber: number; readonly txNumber: number } | null;
}

export interface KeyWrite {
  readonly key: string;
  readonly isDelete: boolean;
  readonly valueSize: number;
}

export interface NamespaceReadWriteSet {
  readonly namespace: string;
  readonly reads: readonly KeyRead[];
  readonly writes: readonly KeyWrite[];
  /** Private data collections touched (only their hashes are on the ledger). */
  readonly collections: readonly string[];
  /** True when more keys were read or written than listed. */
  readonly truncated: boolean;
}

export interface EventPayload {
  readonly name: string;
  readonly payloadSize: number;
  /** The payload parsed, when it is JSON of at most MAX_EVENT_JSON_BYTES. */
  readonly json?: unknown;
}

export interface TransactionDetail extends TransactionSummary {
  readonly readWriteSets: readonly NamespaceReadWriteSet[];
  readonly event: EventPayload | null;
}

const TX_TYPES = common.HeaderType as unknown as Record<string, number>;
const VALIDATION_CODES = peer.TxValidationCode as unknown as Record<string, number>;

export function validationCodeName(code: number): string {
  return enumName(VALIDATION_CODES, code);
}

/** What one endorser transaction action says: chaincode, function, endorsers, rw-sets, event. */
interface ActionFacts {
  chaincode: string | null;
  fn: string | null;
  endorsers: Signer[];
  readWriteSets: NamespaceReadWriteSet[];
  event: EventPayload | null;
}

function readWriteSetsOf(results: Uint8Array): NamespaceReadWriteSet[] {
  if (results.length === 0) return [];
  const txRwSet = parseProto('read/write set', results, ledger.rwset.TxReadWriteSet);
  return txRwSet.getNsRwsetList().map((ns) => {
    const kv = parseProto(
      `read/write set of ${ns.getNamespace()}`,
      bytesOf(ns.getRwset()),
      ledger.rwset.kvrwset.KVRWSet,
    );
    const reads = kv.getReadsList();
    const writes = kv.getWritesList();
    return {
      namespace: shortText(ns.getNamespace(), 128),
      reads: reads.slice(0, MAX_KEYS_PER_NAMESPACE).map((read) => {
        const version = read.getVersion();
        return {
          key: shortText(read.getKey()),
          version: version ? { blockNumber: version.getBlockNum(), txNumber: version.getTxNum() } : null,
        };
      }),
      writes: writes.slice(0, MAX_KEYS_PER_NAMESPACE).map((write) => ({
        key: shortText(write.getKey()),
        isDelete: write.getIsDelete(),
        valueSize: bytesOf(write.getValue()).length,
      })),
      collections: ns.getCollectionHashedRwsetList().map((c) => shortText(c.getCollectionName(), 128)),
      truncated: reads.length > MAX_KEYS_PER_NAMESPACE || writes.length > MAX_KEYS_PER_NAMESPACE,
    };
  });
}

function eventOf(bytes: Uint8Array): EventPayload | null {
  if (bytes.length === 0) return null;
  const event = parseProto('chaincode event', bytes, peer.ChaincodeEvent);
  const payload = bytesOf(event.getPayload());
  const found: EventPayload = { name: shortText(event.getEventName()), payloadSize: payload.length };
  if (payload.length === 0 || payload.length > MAX_EVENT_JSON_BYTES) return found;
  try {
    return { ...found, json: JSON.parse(Buffer.from(payload).toString('utf8')) as unknown };
  } catch {
    return found;
  }
}

function actionFacts(action: peer.TransactionAction): ActionFacts {
  const payload = parseProto('chaincode action payload', bytesOf(action.getPayload()), peer.ChaincodeActionPayload);
  const facts: ActionFacts = { chaincode: null, fn: null, endorsers: [], readWriteSets: [], event: null };
  const proposal = parseProto(
    'chaincode proposal payload',
    bytesOf(payload.getChaincodeProposalPayload()),
    peer.ChaincodeProposalPayload,
  );
  const invocation = parseProto('chaincode invocation', bytesOf(proposal.getInput()), peer.ChaincodeInvocationSpec);
  const spec = invocation.getChaincodeSpec();
  facts.chaincode = spec?.getChaincodeId()?.getName() || null;
  const args = spec?.getInput()?.getArgsList() ?? [];
  facts.fn = args.length ? shortText(args[0], 128) : null;
  const endorsed = payload.getAction();
  if (!endorsed) return facts;
  facts.endorsers = endorsed.getEndorsementsList().map((e) => signerOf('endorser', e.getEndorser()));
  const response = parseProto(
    'proposal response payload',
    bytesOf(endorsed.getProposalResponsePayload()),
    peer.ProposalResponsePayload,
  );
  const chaincodeAction = parseProto('chaincode action', bytesOf(response.getExtension$()), peer.ChaincodeAction);
  facts.chaincode = chaincodeAction.getChaincodeId()?.getName() || facts.chaincode;
  facts.readWriteSets = readWriteSetsOf(bytesOf(chaincodeAction.getResults()));
  facts.event = eventOf(bytesOf(chaincodeAction.getEvents()));
  return facts;
}

/**
 * Decodes one transaction envelope as a block or qscc stores it. Never throws: what cannot be read is reported
 * in `malformed`, with every field decoded before the damage kept.
 */
export function decodeTransaction(envelopeBytes: Uint8Array, validationCode: number): TransactionDetail {
  const facts = {
    txId: '',
    type: 'UNKNOWN',
    creator: null as Signer | null,
    timestamp: null as string | null,
    validationCode: validationCodeName(validationCode),
    actions: [] as ActionFacts[],
  };
  let malformed: string | undefined;
  try {
    const envelope = parseProto('envelope', envelopeBytes, common.Envelope);
    const payload = parseProto('payload', bytesOf(envelope.getPayload()), common.Payload);
    const header = payload.getHeader();
    if (!header) throw new MalformedLedgerData('payload: no header');
    const channelHeader = parseProto('channel header', bytesOf(header.getChannelHeader()), common.ChannelHeader);
    facts.txId = shortText(channelHeader.getTxId(), 128);
    facts.type = enumName(TX_TYPES, channelHeader.getType());
    const time = channelHeader.getTimestamp();
    if (time) {
      const ms = time.getSeconds() * 1000 + Math.floor(time.getNanos() / 1e6);
      const date = new Date(ms);
      facts.timestamp = Number.isNaN(date.getTime()) ? null : date.toISOString();
    }
    const signatureHeader = parseProto(
      'signature header',
      bytesOf(header.getSignatureHeader()),
      common.SignatureHeader,
    );
    const creator = bytesOf(signatureHeader.getCreator());
    if (creator.length) facts.creator = signerOf('creator', creator);
    if (channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION) {
      const transaction = parseProto('transaction', bytesOf(payload.getData()), peer.Transaction);
      for (const action of transaction.getActionsList()) facts.actions.push(actionFacts(action));
    }
  } catch (err) {
    if (!(err instanceof MalformedLedgerData)) throw err;
    malformed = err.message;
  }
  const first = facts.actions[0];
  return {
    txId: facts.txId,
    type: facts.type,
    creator: facts.creator,
    endorsers: facts.actions.flatMap((a) => a.endorsers),
    validationCode: facts.validationCode,
    chaincode: first?.chaincode ?? null,
    function: first?.fn ?? null,
    timestamp: facts.timestamp,
    eventName: facts.actions.find((a) => a.event)?.event?.name ?? null,
    ...(malformed !== undefined && { malformed }),
    readWriteSets: facts.actions.flatMap((a) => a.readWriteSets),
    event: facts.actions.find((a) => a.event)?.event ?? null,
  };
}

/** The summary fields of a decoded transaction (what a block's list shows). */
export function summaryOf(detail: TransactionDetail): TransactionSummary {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { readWriteSets, event, ...summary } = detail;
  return summary;
}
