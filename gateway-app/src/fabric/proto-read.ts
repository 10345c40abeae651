import { X509Certificate } from 'node:crypto';
import { msp } from '@hyperledger/fabric-protos';
import { BinaryReader } from 'google-protobuf';

/** Bytes that are not the message they should be: a block or transaction the explorer cannot read. */
export class MalformedLedgerData extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedLedgerData';
  }
}

/** Lengths beyond this many bytes past the cursor: the end of the buffer being read. */
function delimitedLengthFits(buffer: Uint8Array, cursor: number): boolean {
  let length = 0;
  for (let i = 0, scale = 1; i < 10; i++, scale *= 128) {
    const byte = buffer[cursor + i];
    if (byte === undefined) return false;
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) return cursor + i + 1 + length <= buffer.length;
  }
  return false;
}

/**
 * google-protobuf's reader trusts the length of an embedded message: a length past the end of the buffer sets
 * the message's end there, and the reader then walks bytes that are not there, one at a time, up to 4 GiB of
 * them (a hang on seven bytes: `12 ff ff ff ff 0f 00` as a Block). This reader refuses such a length before
 * google-protobuf reads it, for embedded messages and packed fields at every depth (the generated code passes
 * the same reader down), so every length the parse follows lies within the bytes given.
 */
class BoundedReader extends BinaryReader {
  checkLength(): void {
    if (!delimitedLengthFits(this.getBuffer(), this.getCursor()))
      throw new MalformedLedgerData(`field ${this.getFieldNumber()}: length beyond the end of the bytes`);
  }
}
for (const name of Object.getOwnPropertyNames(BinaryReader.prototype)) {
  const packed = name.startsWith('readPacked');
  if (!packed && !['readMessage', 'readBytes', 'readString'].includes(name)) continue;
  const original = (BinaryReader.prototype as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
  Object.defineProperty(BoundedReader.prototype, name, {
    value(this: BoundedReader, ...args: unknown[]) {
      // Packed fields may also arrive unpacked (one varint each): only a delimited one has a length.
      if (!packed || this.getWireType() === 2) this.checkLength();
      return original.apply(this, args);
    },
  });
}

/** A generated protobuf message class of @hyperledger/fabric-protos. */
export interface ProtoClass<T> {
  new (): T;
  deserializeBinaryFromReader(message: T, reader: BinaryReader): T;
}

/**
 * Parses `bytes` as one `type` message through the bounded reader; a short, overlong or otherwise inconsistent
 * encoding becomes MalformedLedgerData naming `what`.
 */
export function parseProto<T>(what: string, bytes: Uint8Array | string | undefined, type: ProtoClass<T>): T {
  if (bytes === undefined || typeof bytes === 'string') throw new MalformedLedgerData(`${what}: no bytes`);
  try {
    return type.deserializeBinaryFromReader(new type(), new BoundedReader(bytes));
  } catch (err) {
    const reason = err instanceof MalformedLedgerData ? err.message : ((err as Error).message ?? String(err));
    throw new MalformedLedgerData(`${what}: ${reason}`);
  }
}

/** Bytes of a `bytes` field, whatever form google-protobuf returns it in. */
export function bytesOf(value: Uint8Array | string): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
}

/** Longest text the explorer echoes from ledger bytes (function names, keys, event names). */
export const MAX_TEXT = 512;

/** UTF-8 text of ledger bytes, cut to `max` characters. */
export function shortText(bytes: Uint8Array | string, max = MAX_TEXT): string {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.subarray(0, max * 4)).toString('utf8');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface Signer {
  readonly mspId: string;
  /** The certificate's last common name, or null when it is not a readable X.509 certificate. */
  readonly name: string | null;
}

/** The org and user name of a serialized identity (creator or endorser). */
export function signerOf(what: string, serialized: Uint8Array | string): Signer {
  const identity = parseProto(what, bytesOf(serialized), msp.SerializedIdentity);
  let name: string | null = null;
  try {
    const cns = new X509Certificate(Buffer.from(bytesOf(identity.getIdBytes()))).subject
      .split('\n')
      .filter((line) => line.startsWith('CN='));
    name = cns.length ? cns[cns.length - 1].slice(3) : null;
  } catch {
    // not a certificate (idemix, or damaged): the org alone is known
  }
  return { mspId: shortText(identity.getMspid(), 128), name };
}

/** `enumMap` turned around: the name of a numeric value, or `UNKNOWN(<n>)`. */
export function enumName(enumMap: Readonly<Record<string, number>>, value: number): string {
  for (const [name, v] of Object.entries(enumMap)) if (v === value) return name;
  return `UNKNOWN(${value})`;
}
