/**
 * The nested messages of a protobuf message type that google-protobuf decodes eagerly: field number → the shape
 * of that field's message. String, bytes and scalar fields need no entry; map fields are messages of
 * `{1: key, 2: value}`.
 */
export interface MessageShape {
  readonly [field: number]: MessageShape;
}

/** Bytes that are not a well-framed protobuf message; `message` says where. */
export class MalformedMessage extends Error {
  override readonly name = 'MalformedMessage';
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/**
 * Checks that every field of `bytes`, and of the nested messages `shape` names, lies within its message. It
 * must pass before bytes from a client reach google-protobuf 3.21's `deserializeBinary`: a string or message
 * field whose length runs far past the end (e.g. `0a ff ff ff ff 0f`) makes that decoder loop for ever, while
 * this scan is linear and cannot.
 */
export function assertWellFramed(bytes: Uint8Array, shape: MessageShape = {}, what = 'message'): void {
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (offset >= bytes.length) throw new MalformedMessage(`${what}: truncated varint at byte ${offset}`);
      const byte = bytes[offset++];
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new MalformedMessage(`${what}: varint longer than 10 bytes at byte ${offset}`);
  };
  while (offset < bytes.length) {
    const tagAt = offset;
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0 || field > 0x1fffffff) throw new MalformedMessage(`${what}: invalid field number at byte ${tagAt}`);
    switch (wireType) {
      case WIRE_VARINT:
        varint();
        break;
      case WIRE_FIXED64:
      case WIRE_FIXED32: {
        const size = wireType === WIRE_FIXED64 ? 8 : 4;
        if (offset + size > bytes.length) throw new MalformedMessage(`${what}: field ${field} is truncated`);
        offset += size;
        break;
      }
      case WIRE_DELIMITED: {
        const length = varint();
        if (length > bytes.length - offset) {
          throw new MalformedMessage(
            `${what}: field ${field} claims ${length} bytes but only ${bytes.length - offset} remain`,
          );
        }
        const nested = shape[field];
        if (nested) assertWellFramed(bytes.subarray(offset, offset + length), nested, `${what}.${field}`);
        offset += length;
        break;
      }
      default:
        throw new MalformedMessage(`${what}: field ${field} has unsupported wire type ${wireType}`);
    }
  }
}

/**
 * Decodes client bytes with a generated class's `deserializeBinary` after {@link assertWellFramed}; any decoding
 * failure becomes a MalformedMessage naming `what`.
 */
export function decodeChecked<T>(
  decode: (bytes: Uint8Array) => T,
  bytes: Uint8Array,
  shape: MessageShape,
  what: string,
): T {
  assertWellFramed(bytes, shape, what);
  try {
    return decode(bytes);
  } catch (err) {
    throw new MalformedMessage(`${what}: ${(err as Error).message}`);
  }
}

/** Shapes of the messages the dev network decodes from clients beyond what grpc-js hands it. */
export const SHAPES = {
  /** common.Payload: header (common.Header, bytes fields only). */
  payload: { 1: {} },
  /** common.ChannelHeader: timestamp. */
  channelHeader: { 3: {} },
  /** common.SignatureHeader and msp.SerializedIdentity: bytes and strings only. */
  flat: {},
  /** orderer.SeekInfo: start and stop, each a SeekPosition of one empty-or-scalar message. */
  seekInfo: { 1: { 1: {}, 2: {}, 3: {}, 4: {} }, 2: { 1: {}, 2: {}, 3: {}, 4: {} } },
} as const satisfies Record<string, MessageShape>;
