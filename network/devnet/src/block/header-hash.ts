import { createHash } from 'node:crypto';
import { Integer, OctetString, Sequence } from 'asn1js';

/** The three header fields Fabric hashes; block numbers are JS numbers as google-protobuf gives them. */
export interface BlockHeaderFields {
  readonly number: number;
  readonly previousHash: Uint8Array;
  readonly dataHash: Uint8Array;
}

/**
 * DER encoding of SEQUENCE { number INTEGER, previousHash OCTET STRING, dataHash OCTET STRING }: what Fabric
 * hashes for a block header and what orderers sign (never the protobuf header).
 */
export function blockHeaderBytes(header: BlockHeaderFields): Uint8Array {
  if (!Number.isSafeInteger(header.number) || header.number < 0) {
    throw new RangeError(`block number must be a non-negative safe integer, got ${header.number}`);
  }
  const sequence = new Sequence({
    value: [
      Integer.fromBigInt(BigInt(header.number)),
      new OctetString({ valueHex: header.previousHash }),
      new OctetString({ valueHex: header.dataHash }),
    ],
  });
  return new Uint8Array(sequence.toBER());
}

/** SHA-256 of {@link blockHeaderBytes}: the next block's previous_hash. */
export function blockHeaderHash(header: BlockHeaderFields): Uint8Array {
  return createHash('sha256').update(blockHeaderBytes(header)).digest();
}
