import { createHash } from 'node:crypto';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { Integer, OctetString, Sequence } from 'asn1js';
import { parseProto } from './proto-read';

/**
 * Fabric's block hash: SHA-256 of the DER encoding of SEQUENCE { number INTEGER, previousHash OCTET STRING,
 * dataHash OCTET STRING } (what the next block names as its previous hash), not of the protobuf header.
 */
export function blockHeaderHash(header: common.BlockHeader): Uint8Array {
  const sequence = new Sequence({
    value: [
      Integer.fromBigInt(BigInt(header.getNumber())),
      new OctetString({ valueHex: header.getPreviousHash_asU8() }),
      new OctetString({ valueHex: header.getDataHash_asU8() }),
    ],
  });
  return createHash('sha256').update(new Uint8Array(sequence.toBER())).digest();
}

/**
 * The hash of the channel's block 0 (through qscc GetBlockByNumber): it names one ledger for good, so a channel
 * created anew under the same name (a new network after `down`/`up` or a reset) has another.
 */
export async function channelGenesisHash(gateway: Gateway, channel: string): Promise<string> {
  const qscc = gateway.getNetwork(channel).getContract('qscc');
  const block = parseProto('block 0', await qscc.evaluateTransaction('GetBlockByNumber', channel, '0'), common.Block);
  const header = block.getHeader();
  if (!header) throw new Error(`block 0 of channel ${channel} has no header`);
  return Buffer.from(blockHeaderHash(header)).toString('hex');
}
