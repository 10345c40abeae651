import { createHash } from 'node:crypto';
import { channelSection, namespaceBytes, prefixEnd, readUint64, SECTION, uint64, utf8 } from './key-layout';

const SEPARATOR = Buffer.of(0);

/** SHA-256, as Fabric hashes private keys and values. */
export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** SHA-256 key hashes: fixed length, so nothing needs to follow them to end a prefix. */
export const KEY_HASH_LENGTH = 32;

/** `<name>\0`; MSP IDs and collection names cannot contain \0 (their syntax rules keep it out). */
function term(text: string, what: string): Buffer {
  if (text.includes('\0')) throw new TypeError(`${what} must not contain \\0: ${JSON.stringify(text)}`);
  return Buffer.concat([utf8(text, what), SEPARATOR]);
}

function keyHashBytes(keyHash: Uint8Array): Buffer {
  if (keyHash.length !== KEY_HASH_LENGTH) throw new TypeError(`a key hash has ${KEY_HASH_LENGTH} bytes`);
  return Buffer.from(keyHash);
}

/** Splits `<text>\0` at `offset`; returns the text and the offset after the separator. */
function readTerm(key: Buffer, offset: number): [string, number] {
  const end = key.indexOf(0, offset);
  if (end < 0) throw new TypeError('malformed private data key');
  return [key.toString('utf8', offset, end), end + 1];
}

/** Where a scheduled private write set expiry points: an org's private data of one transaction and collection. */
export interface PrivateExpiryEntry {
  readonly mspId: string;
  readonly blockNum: number;
  readonly txNum: number;
  readonly namespace: string;
  readonly collection: string;
}

/** Where a scheduled hashed-state expiry points. */
export interface HashedExpiryEntry {
  readonly namespace: string;
  readonly collection: string;
  readonly keyHash: Buffer;
}

/**
 * LevelDB keys of one channel's private data, in sections of their own beside the public ledger:
 * - hashed state `H<ns>\0<coll>\0<keyHash>` (SHA-256 of key and value, as every peer holds them);
 * - each org's plaintext state `p<msp>\0<ns>\0<coll>\0<key>`, in key order per (namespace, collection);
 * - each org's private write sets by block `P<msp>\0<block><tx><ns>\0<coll>` (what deliver with private data
 *   sends), and an index `i<ns>\0<coll>\0<keyHash><msp>\0<block><tx>` of them by key hash (for purges);
 * - expiry schedules `x<expiryBlock><ns>\0<coll>\0<keyHash>` (hashed state) and
 *   `X<expiryBlock><msp>\0<block><tx><ns>\0<coll>` (an org's private write set), by the block that removes them.
 */
export class PrivateKeyLayout {
  readonly #hashed: Buffer;
  readonly #hashedExpiry: Buffer;
  readonly #state: Buffer;
  readonly #blockData: Buffer;
  readonly #keyIndex: Buffer;
  readonly #expiry: Buffer;

  constructor(channel: string) {
    this.#hashed = channelSection(channel, SECTION.hashedState);
    this.#hashedExpiry = channelSection(channel, SECTION.hashedExpiry);
    this.#state = channelSection(channel, SECTION.privateState);
    this.#blockData = channelSection(channel, SECTION.privateBlockData);
    this.#keyIndex = channelSection(channel, SECTION.privateKeyIndex);
    this.#expiry = channelSection(channel, SECTION.privateExpiry);
  }

  hashedCollection(namespace: string, collection: string): Buffer {
    return Buffer.concat([this.#hashed, namespaceBytes(namespace), SEPARATOR, term(collection, 'collection')]);
  }

  hashedState(namespace: string, collection: string, keyHash: Uint8Array): Buffer {
    return Buffer.concat([this.hashedCollection(namespace, collection), keyHashBytes(keyHash)]);
  }

  /** `<msp>\0<ns>\0<coll>\0`: the shared prefix of one org's plaintext keys of a collection. */
  privateCollection(mspId: string, namespace: string, collection: string): Buffer {
    return Buffer.concat([
      this.#state,
      term(mspId, 'MSP ID'),
      namespaceBytes(namespace),
      SEPARATOR,
      term(collection, 'collection'),
    ]);
  }

  privateState(mspId: string, namespace: string, collection: string, key: string): Buffer {
    return Buffer.concat([this.privateCollection(mspId, namespace, collection), utf8(key, 'key')]);
  }

  /** Bounds of a plaintext range scan: start inclusive, end exclusive, '' = the collection's first/last key. */
  privateRange(
    mspId: string,
    namespace: string,
    collection: string,
    startKey: string,
    endKey: string,
  ): { gte: Buffer; lt: Buffer; keyOffset: number } {
    const prefix = this.privateCollection(mspId, namespace, collection);
    return {
      gte: Buffer.concat([prefix, utf8(startKey, 'start key')]),
      lt: endKey === '' ? prefixEnd(prefix) : Buffer.concat([prefix, utf8(endKey, 'end key')]),
      keyOffset: prefix.length,
    };
  }

  blockDataPrefix(mspId: string, blockNum: number): Buffer {
    return Buffer.concat([this.#blockData, term(mspId, 'MSP ID'), uint64(blockNum)]);
  }

  blockData(mspId: string, blockNum: number, txNum: number, namespace: string, collection: string): Buffer {
    return Buffer.concat([
      this.blockDataPrefix(mspId, blockNum),
      uint64(txNum),
      namespaceBytes(namespace),
      SEPARATOR,
      utf8(collection, 'collection'),
    ]);
  }

  /** Reads txNum, namespace and collection back from a key under {@link blockDataPrefix}. */
  parseBlockData(key: Buffer, prefixLength: number): { txNum: number; namespace: string; collection: string } {
    const txNum = readUint64(key, prefixLength);
    const [namespace, offset] = readTerm(key, prefixLength + 8);
    return { txNum, namespace, collection: key.toString('utf8', offset) };
  }

  keyIndexPrefix(namespace: string, collection: string, keyHash: Uint8Array): Buffer {
    return Buffer.concat([
      this.#keyIndex,
      namespaceBytes(namespace),
      SEPARATOR,
      term(collection, 'collection'),
      keyHashBytes(keyHash),
    ]);
  }

  keyIndex(
    namespace: string,
    collection: string,
    keyHash: Uint8Array,
    mspId: string,
    blockNum: number,
    txNum: number,
  ): Buffer {
    return Buffer.concat([
      this.keyIndexPrefix(namespace, collection, keyHash),
      term(mspId, 'MSP ID'),
      uint64(blockNum),
      uint64(txNum),
    ]);
  }

  parseKeyIndex(key: Buffer, prefixLength: number): { mspId: string; blockNum: number; txNum: number } {
    const [mspId, offset] = readTerm(key, prefixLength);
    return { mspId, blockNum: readUint64(key, offset), txNum: readUint64(key, offset + 8) };
  }

  /** The sections of both expiry schedules (hashed keys, and orgs' write sets). */
  expirySections(): Buffer[] {
    return [this.#hashedExpiry, this.#expiry];
  }

  hashedExpiryPrefix(expiryBlock: number): Buffer {
    return Buffer.concat([this.#hashedExpiry, uint64(expiryBlock)]);
  }

  hashedExpiry(expiryBlock: number, namespace: string, collection: string, keyHash: Uint8Array): Buffer {
    return Buffer.concat([
      this.hashedExpiryPrefix(expiryBlock),
      namespaceBytes(namespace),
      SEPARATOR,
      term(collection, 'collection'),
      keyHashBytes(keyHash),
    ]);
  }

  parseHashedExpiry(key: Buffer, prefixLength: number): HashedExpiryEntry {
    const [namespace, afterNs] = readTerm(key, prefixLength);
    const [collection, afterColl] = readTerm(key, afterNs);
    return { namespace, collection, keyHash: key.subarray(afterColl, afterColl + KEY_HASH_LENGTH) };
  }

  privateExpiryPrefix(expiryBlock: number): Buffer {
    return Buffer.concat([this.#expiry, uint64(expiryBlock)]);
  }

  privateExpiry(expiryBlock: number, entry: PrivateExpiryEntry): Buffer {
    return Buffer.concat([
      this.privateExpiryPrefix(expiryBlock),
      term(entry.mspId, 'MSP ID'),
      uint64(entry.blockNum),
      uint64(entry.txNum),
      namespaceBytes(entry.namespace),
      SEPARATOR,
      utf8(entry.collection, 'collection'),
    ]);
  }

  parsePrivateExpiry(key: Buffer, prefixLength: number): PrivateExpiryEntry {
    const [mspId, offset] = readTerm(key, prefixLength);
    const blockNum = readUint64(key, offset);
    const txNum = readUint64(key, offset + 8);
    const [namespace, afterNs] = readTerm(key, offset + 16);
    return { mspId, blockNum, txNum, namespace, collection: key.toString('utf8', afterNs) };
  }
}
