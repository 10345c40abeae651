import { status as Code, type ServerWritableStream } from '@grpc/grpc-js';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import type { CommittedBlock } from '../committer/commit-notifier';
import type { ChannelRuntime, NetworkView } from './network-view';
import { rpcError } from './rpc-error';
import { decode } from '../wire';

type Authorise = (channel: ChannelRuntime, identity: Uint8Array, signed: Uint8Array, signature: Uint8Array) => unknown;

/**
 * Serves Gateway/ChaincodeEvents: replays committed blocks from the requested start, then follows new
 * commits, sending one response per block that holds matching events of valid transactions (Fabric's
 * semantics, including `after_transaction_id`).
 */
export async function streamChaincodeEvents(
  call: ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>,
  network: NetworkView,
  authorise: Authorise,
): Promise<void> {
  const signed = call.request;
  if (signed.getRequest_asU8().length === 0) {
    throw rpcError(Code.INVALID_ARGUMENT, 'a chaincode events request is required');
  }
  let request: gateway.ChaincodeEventsRequest;
  try {
    request = decode(gateway.ChaincodeEventsRequest, signed.getRequest_asU8());
  } catch (err) {
    throw rpcError(Code.INVALID_ARGUMENT, `invalid chaincode events request: ${(err as Error).message}`);
  }
  const channel = network.channel(request.getChannelId());
  if (!channel) throw rpcError(Code.NOT_FOUND, `channel '${request.getChannelId()}' not found`);
  authorise(channel, request.getIdentity_asU8(), signed.getRequest_asU8(), signed.getSignature_asU8());

  const isMatch = eventMatcher(request.getChaincodeId(), request.getAfterTransactionId());
  let next = await startBlock(channel, request);

  // Live blocks are queued while older blocks are replayed, so none is missed or sent twice.
  const live: CommittedBlock[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = channel.notifier.onBlock((block) => {
    live.push(block);
    wake?.();
  });
  let cancelled = false;
  call.on('cancelled', () => {
    cancelled = true;
    wake?.();
  });
  try {
    while (!cancelled) {
      if (next < channel.ledger.height()) {
        const bytes = await channel.ledger.getBlock(next);
        if (bytes) send(call, next, eventsOfBlock(decode(common.Block, bytes)).filter(isMatch));
        next++;
        continue;
      }
      const block = live.shift();
      if (block) {
        if (block.number === next) {
          const events = block.txs.flatMap((tx) => (tx.event ? [tx.event] : []));
          send(call, next, events.filter(isMatch));
          next++;
        }
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    unsubscribe();
  }
}

function send(
  call: ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>,
  blockNumber: number,
  events: peer.ChaincodeEvent[],
): void {
  if (events.length === 0) return;
  const response = new gateway.ChaincodeEventsResponse();
  response.setBlockNumber(blockNumber);
  response.setEventsList(events);
  call.write(response);
}

async function startBlock(channel: ChannelRuntime, request: gateway.ChaincodeEventsRequest): Promise<number> {
  const after = request.getAfterTransactionId();
  if (after) {
    const tx = await channel.ledger.getTx(after);
    if (tx) return tx.blockNum;
  }
  const position = request.getStartPosition();
  if (!position || position.hasNextCommit() || position.getTypeCase() === 0) return channel.ledger.height();
  if (position.hasSpecified()) return position.getSpecified()!.getNumber();
  throw rpcError(Code.INVALID_ARGUMENT, 'invalid start position type: only NextCommit and Specified are supported');
}

function eventMatcher(chaincodeId: string, afterTxId: string): (event: peer.ChaincodeEvent) => boolean {
  if (!afterTxId) return (event) => event.getChaincodeId() === chaincodeId;
  let passed = false;
  return (event) => {
    if (!passed) {
      if (event.getTxId() === afterTxId) passed = true;
      return false;
    }
    return event.getChaincodeId() === chaincodeId;
  };
}

/** The chaincode events of a block's valid endorser transactions, in transaction order. */
export function eventsOfBlock(block: common.Block): peer.ChaincodeEvent[] {
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const events: peer.ChaincodeEvent[] = [];
  block
    .getData()
    ?.getDataList_asU8()
    .forEach((envelopeBytes, txNum) => {
      if (!filter || filter[txNum] !== peer.TxValidationCode.VALID) return;
      const payload = decode(common.Payload, decode(common.Envelope, envelopeBytes).getPayload_asU8());
      const channelHeader = decode(common.ChannelHeader, payload.getHeader()!.getChannelHeader_asU8());
      if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return;
      for (const action of decode(peer.Transaction, payload.getData_asU8()).getActionsList()) {
        const endorsed = decode(peer.ChaincodeActionPayload, action.getPayload_asU8()).getAction();
        if (!endorsed) continue;
        const chaincodeAction = decode(
          peer.ChaincodeAction,
          decode(peer.ProposalResponsePayload, endorsed.getProposalResponsePayload_asU8()).getExtension_asU8(),
        );
        const eventBytes = chaincodeAction.getEvents_asU8();
        if (eventBytes.length === 0) continue;
        const event = decode(peer.ChaincodeEvent, eventBytes);
        if (event.getEventName()) events.push(event);
      }
    });
  return events;
}
