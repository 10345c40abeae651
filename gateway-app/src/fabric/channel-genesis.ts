import { createHash } from 'node:crypto';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';

/** DER length octets (short form below 128, else long form). */
function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return [0x80 | octets.length, ...octets];
}

function der(tag: number, content: Uint8Array | number[]): number[] {
  return [tag, ...derLength(content.length), ...content];
}

/** A non-negative INTEGER's content octets: big-endian, minimal, with a leading 0 when the top bit is set. */
function derUnsigned(value: bigint): number[] {
  const octets: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) octets.unshift(Number(rest & 0xffn));
  if (octets.length === 0 || octets[0] & 0x80) octets.unshift(0);
  return octets;
}

/**
 * Fabric's block hash: SHA-256 of the DER encoding of SEQUENCE { number INTEGER, previousHash OCTET STRING,
 * dataHash OCTET STRING } (what the next block names as its previous hash), not of the protobuf header.
 */
export function blockHeaderHash(header: common.BlockHeader): Uint8Array {
  const fields = [
    ...der(0x02, derUnsigned(BigInt(header.getNumber()))),
    ...der(0x04, header.getPreviousHash_asU8()),
    ...der(0x04, header.getDataHash_asU8()),
  ];
  return createHash('sha256')
    .update(new Uint8Array(der(0x30, fields)))
    .digest();
}

/**
 * The hash of the channel's block 0 (through qscc GetBlockByNumber): it names one ledger for good, so a channel
 * created anew under the same name (a new network after `down`/`up` or a reset) has another.
 */
export async function channelGenesisHash(gateway: Gateway, channel: string): Promise<string> {
  const qscc = gateway.getNetwork(channel).getContract('qscc');
  const block = common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByNumber', channel, '0'));
  const header = block.getHeader();
  if (!header) throw new Error(`block 0 of channel ${channel} has no header`);
  return Buffer.from(blockHeaderHash(header)).toString('hex');
}
