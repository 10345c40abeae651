import { common } from '@hyperledger/fabric-protos';
import type { TxCommit } from './types';
import { decode } from '../wire';

/**
 * A write-less {@link TxCommit} for an envelope the committer gave no outcome for (block 0's config transaction,
 * for one): its ID and timestamp come from the channel header. A malformed envelope keeps an empty ID and is not
 * indexed, as Fabric's block store skips it.
 */
export function envelopeTx(envelope: Uint8Array, txNum: number, validationCode: number): TxCommit {
  let txId = '';
  let timestamp = { seconds: 0, nanos: 0 };
  try {
    const payload = decode(common.Payload, decode(common.Envelope, envelope).getPayload_asU8());
    const channelHeaderBytes = payload.getHeader()?.getChannelHeader_asU8();
    if (channelHeaderBytes) {
      const channelHeader = decode(common.ChannelHeader, channelHeaderBytes);
      txId = channelHeader.getTxId();
      const time = channelHeader.getTimestamp();
      if (time) timestamp = { seconds: time.getSeconds(), nanos: time.getNanos() };
    }
  } catch {
    // Unparseable bytes still belong to the block; they only stay out of the txid index.
  }
  return { txId, txNum, validationCode, timestamp, writes: [] };
}
