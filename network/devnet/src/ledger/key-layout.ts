/**
 * Byte layout of LevelDB keys. Every channel owns the prefix `<channel>\0`; inside it one section byte separates
 * blocks, state, history, the txid index, the block-hash index and the channel's meta record. Namespaces never contain \0, so
 * `<ns>\0<key>` keeps one namespace's keys contiguous and in UTF-8 byte order, even for composite keys that
 * start with \0.
 */
export const SECTION = {
  block: 0x62, // b
  state: 0x73, // s
  history: 0x68, // h
  txid: 0x74, // t
  meta: 0x6d, // m
  blockHash: 0x6b, // k
  // Private data (see private-key-layout.ts): hashed state is every peer's; the others hold one org's plaintext.
  hashedState: 0x48, // H
  hashedExpiry: 0x78, // x
  privateState: 0x70, // p
  privateBlockData: 0x50, // P
  privateKeyIndex: 0x69, // i
  privateExpiry: 0x58, // X
} as const;
const SEPARATOR = 0x00;

/** Fabric's channel name rule (configtx.ValidateChannelID): it also keeps \0 out of the prefix. */
const CHANNEL_NAME = /^[a-z][a-z0-9.-]{0,248}$/;
const LONE_SURROGATE = /\p{Cs}/u;

/** `<channel>\0<section>`: where one section of a channel starts. */
export function channelSection(channel: string, section: number): Buffer {
  checkChannelName(channel);
  return Buffer.concat([Buffer.from(channel, 'utf8'), Buffer.of(SEPARATOR, section)]);
}

export function checkChannelName(name: string): void {
  if (!CHANNEL_NAME.test(name)) throw new TypeError(`invalid channel name ${JSON.stringify(name)}`);
}

export function utf8(text: string, what: string): Buffer {
  // Buffer.from would silently turn a lone surrogate into U+FFFD and merge distinct keys.
  if (LONE_SURROGATE.test(text)) throw new TypeError(`${what} is not well-formed UTF-16: ${JSON.stringify(text)}`);
  return Buffer.from(text, 'utf8');
}

export function namespaceBytes(namespace: string): Buffer {
  if (namespace.includes('\0')) throw new TypeError(`namespace must not contain \\0: ${JSON.stringify(namespace)}`);
  return utf8(namespace, 'namespace');
}

export function writeUint64(target: Buffer, offset: number, value: number): void {
  target.writeUInt32BE(Math.floor(value / 0x1_0000_0000), offset);
  target.writeUInt32BE(value >>> 0, offset + 4);
}

export function readUint64(source: Uint8Array, offset: number): number {
  const view = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  return view.readUInt32BE(offset) * 0x1_0000_0000 + view.readUInt32BE(offset + 4);
}

export function uint64(value: number): Buffer {
  const bytes = Buffer.allocUnsafe(8);
  writeUint64(bytes, 0, value);
  return bytes;
}

/** Key builders for one channel. */
export class KeyLayout {
  readonly #blockPrefix: Buffer;
  readonly #statePrefix: Buffer;
  readonly #historyPrefix: Buffer;
  readonly #txidPrefix: Buffer;
  readonly #blockHashPrefix: Buffer;
  readonly meta: Buffer;

  constructor(channel: string) {
    checkChannelName(channel);
    const prefix = Buffer.concat([Buffer.from(channel, 'utf8'), Buffer.of(SEPARATOR)]);
    const section = (byte: number) => Buffer.concat([prefix, Buffer.of(byte)]);
    this.#blockPrefix = section(SECTION.block);
    this.#statePrefix = section(SECTION.state);
    this.#historyPrefix = section(SECTION.history);
    this.#txidPrefix = section(SECTION.txid);
    this.#blockHashPrefix = section(SECTION.blockHash);
    this.meta = section(SECTION.meta);
  }

  block(number: number): Buffer {
    return Buffer.concat([this.#blockPrefix, uint64(number)]);
  }

  /** Block-hash index entry: the block's header hash maps to its number (qscc GetBlockByHash). */
  blockHash(hash: Uint8Array): Buffer {
    return Buffer.concat([this.#blockHashPrefix, hash]);
  }

  txid(txId: string): Buffer {
    return Buffer.concat([this.#txidPrefix, utf8(txId, 'transaction ID')]);
  }

  /** `<ns>\0` inside the state section: the shared prefix of a namespace's keys. */
  stateNamespace(namespace: string): Buffer {
    return Buffer.concat([this.#statePrefix, namespaceBytes(namespace), Buffer.of(SEPARATOR)]);
  }

  state(namespace: string, key: string): Buffer {
    return Buffer.concat([this.stateNamespace(namespace), utf8(key, 'key')]);
  }

  /**
   * Bounds of a state range scan: start inclusive, end exclusive, '' = the namespace's first/last key.
   * `keyOffset` is where the user key starts inside a state key.
   */
  stateRange(namespace: string, startKey: string, endKey: string): { gte: Buffer; lt: Buffer; keyOffset: number } {
    const nsPrefix = this.stateNamespace(namespace);
    return {
      gte: Buffer.concat([nsPrefix, utf8(startKey, 'start key')]),
      lt: endKey === '' ? prefixEnd(nsPrefix) : Buffer.concat([nsPrefix, utf8(endKey, 'end key')]),
      keyOffset: nsPrefix.length,
    };
  }

  /**
   * History entries of one key: `<ns>\0<key length u32><key><blockNum u64><txNum u64>`. The length makes the
   * prefix exact, so key `a` never picks up entries of `a\0b`; big-endian heights sort oldest first.
   */
  historyKey(namespace: string, key: string): Buffer {
    const keyBytes = utf8(key, 'key');
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32BE(keyBytes.length, 0);
    return Buffer.concat([this.#historyPrefix, namespaceBytes(namespace), Buffer.of(SEPARATOR), length, keyBytes]);
  }

  history(namespace: string, key: string, blockNum: number, txNum: number): Buffer {
    return Buffer.concat([this.historyKey(namespace, key), uint64(blockNum), uint64(txNum)]);
  }
}

/**
 * The smallest key greater than every key starting with `prefix`. Our prefixes never end in 0xff: they end in a
 * separator, a length byte or UTF-8, which has no 0xff bytes.
 */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  end[end.length - 1] += 1;
  return end;
}
