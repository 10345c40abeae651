import { common, peer } from '@hyperledger/fabric-protos';
import { AccessDenied, checkChannelAcl } from '../aclmgmt/channel-acl';
import { blockHeaderHash, headerFields } from '../block';
import type { ChannelLedger } from '../ledger';
import { delimitedField, varintField } from '../wire/hand-framed';
import {
  failure,
  joinedChannel,
  success,
  text,
  type ChannelLessInvocation,
  type ChannelLessSystemChaincode,
} from './system-chaincode';
import { decode } from '../wire';

const MAX_UINT64 = 18446744073709551615n;

/**
 * qscc, Fabric's ledger query system chaincode (core/scc/qscc): GetChainInfo, GetBlockByNumber, GetBlockByHash,
 * GetTransactionByID and GetBlockByTxID on any channel the peer has joined, for that channel's Readers, answering
 * with the messages and error texts a Fabric 2.5 peer gives. Blocks and envelopes are returned as stored.
 */
export const qscc: ChannelLessSystemChaincode = {
  name: 'qscc',
  async invoke({ args, signedData, peerMspId, network }: ChannelLessInvocation): Promise<peer.Response> {
    if (args.length < 2) return failure(`Incorrect number of arguments, ${args.length}`);
    const fname = text(args[0]);
    const cid = text(args[1]);
    if (fname !== 'GetChainInfo' && args.length < 3) return failure(`missing 3rd argument for ${fname}`);
    const channel = joinedChannel(network, cid, peerMspId);
    if (!channel) return failure(`Invalid chain ID, ${cid}`);
    try {
      await checkChannelAcl(`qscc/${fname}`, channel, [signedData]);
    } catch (err) {
      if (!(err instanceof AccessDenied)) throw err;
      return failure(`access denied for [${fname}][${cid}]: [${err.message}]`);
    }
    const ledger = channel.ledger;
    switch (fname) {
      case 'GetChainInfo':
        return success(await chainInfo(ledger));
      case 'GetBlockByNumber':
        return blockByNumber(ledger, text(args[2]));
      case 'GetBlockByHash':
        return blockByHash(ledger, args[2]);
      case 'GetTransactionByID':
        return transactionById(ledger, text(args[2]));
      case 'GetBlockByTxID':
        return blockByTxId(ledger, text(args[2]));
      default:
        return failure(`Requested function ${fname} not found.`);
    }
  },
};

/** common.BlockchainInfo of the newest block: height, its header hash and its previous hash. */
async function chainInfo(ledger: ChannelLedger): Promise<Uint8Array> {
  const height = ledger.height();
  const info = new common.BlockchainInfo();
  info.setHeight(height);
  const newest = await ledger.getBlock(height - 1);
  if (newest) {
    const header = headerFields(decode(common.Block, newest));
    info.setCurrentblockhash(blockHeaderHash(header));
    info.setPreviousblockhash(header.previousHash);
  }
  return info.serializeBinary();
}

async function blockByNumber(ledger: ChannelLedger, number: string): Promise<peer.Response> {
  const parsed = parseUint64(number);
  if (typeof parsed === 'string') return failure(`Failed to parse block number with error ${parsed}`);
  // Fabric reads MaxUint64 as "the newest block".
  const wanted = parsed === MAX_UINT64 ? BigInt(ledger.height() - 1) : parsed;
  const block = wanted <= BigInt(Number.MAX_SAFE_INTEGER) ? await ledger.getBlock(Number(wanted)) : undefined;
  if (!block) return failure(`Failed to get block number ${parsed}, error no such block number [${wanted}] in index`);
  return success(block);
}

async function blockByHash(ledger: ChannelLedger, hash: Uint8Array): Promise<peer.Response> {
  const block = await ledger.getBlockByHash(hash);
  if (!block) {
    const hex = Buffer.from(hash).toString('hex');
    return failure(`Failed to get block hash ${text(hash)}, error no such block hash [${hex}] in index`);
  }
  return success(block);
}

/** peer.ProcessedTransaction{transaction_envelope, validation_code}, with the envelope as stored in its block. */
async function transactionById(ledger: ChannelLedger, txId: string): Promise<peer.Response> {
  const location = await ledger.getTx(txId);
  const block = location && (await ledger.getBlock(location.blockNum));
  if (!location || !block) {
    return failure(`Failed to get transaction with id ${txId}, error no such transaction ID [${txId}] in index`);
  }
  const envelope = decode(common.Block, block).getData()!.getDataList_asU8()[location.txNum];
  return success(Buffer.concat([delimitedField(1, [envelope]), varintField(2, location.validationCode)]));
}

async function blockByTxId(ledger: ChannelLedger, txId: string): Promise<peer.Response> {
  const location = await ledger.getTx(txId);
  const block = location && (await ledger.getBlock(location.blockNum));
  if (!block) return failure(`Failed to get block for txID ${txId}, error no such transaction ID [${txId}] in index`);
  return success(block);
}

/** Go's strconv.ParseUint(text, 10, 64): the value, or the error text Go gives. */
function parseUint64(number: string): bigint | string {
  if (!/^[0-9]+$/.test(number)) return `strconv.ParseUint: parsing ${JSON.stringify(number)}: invalid syntax`;
  const value = BigInt(number);
  if (value > MAX_UINT64) return `strconv.ParseUint: parsing ${JSON.stringify(number)}: value out of range`;
  return value;
}
