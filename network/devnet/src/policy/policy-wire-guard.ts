import { PolicyError } from './policy-error';

/** Field number -> the schema of an embedded message; fields not listed are scalars, strings or opaque bytes. */
interface MessageSchema {
  readonly [field: number]: () => MessageSchema;
}

const MSP_ROLE: MessageSchema = {};
const MSP_PRINCIPAL: MessageSchema = { 2: () => MSP_ROLE }; // principal: the MSPRole this network decodes
const SIGNATURE_POLICY: MessageSchema = { 2: () => N_OUT_OF };
const N_OUT_OF: MessageSchema = { 2: () => SIGNATURE_POLICY };
const SIGNATURE_POLICY_ENVELOPE: MessageSchema = { 2: () => SIGNATURE_POLICY, 3: () => MSP_PRINCIPAL };

const MAX_DEPTH = 128;

/**
 * Checks the protobuf wire format of a SignaturePolicyEnvelope (and the MSPRoles inside its principals) before
 * google-protobuf decodes it: its reader loops for ever on a length prefix of 2^31 or more, and a key-level
 * endorsement policy is bytes any chaincode can store. Every length must fit in what remains of its message.
 */
export function checkSignaturePolicyEnvelopeWire(bytes: Uint8Array): void {
  checkMessage(bytes, 0, bytes.length, SIGNATURE_POLICY_ENVELOPE, 0);
}

function checkMessage(bytes: Uint8Array, start: number, end: number, schema: MessageSchema, depth: number): void {
  if (depth > MAX_DEPTH) malformed(`nests deeper than ${MAX_DEPTH} messages`);
  let pos = start;
  while (pos < end) {
    const tag = readVarint(bytes, pos, end);
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    if (field === 0) malformed(`field number 0 at byte ${pos}`);
    switch (wireType) {
      case 0:
        pos = readVarint(bytes, pos, end).next;
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2: {
        const length = readVarint(bytes, pos, end);
        pos = length.next;
        if (length.value > end - pos) malformed(`field ${field} claims ${length.value} bytes, ${end - pos} remain`);
        const nested = Object.hasOwn(schema, field) ? schema[field] : undefined;
        if (nested) checkMessage(bytes, pos, pos + length.value, nested(), depth + 1);
        pos += length.value;
        break;
      }
      default:
        malformed(`wire type ${wireType} of field ${field}`);
    }
    if (pos > end) malformed(`field ${field} runs past the end of its message`);
  }
}

function readVarint(bytes: Uint8Array, start: number, end: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let pos = start; pos < end && pos < start + 10; pos++) {
    const byte = bytes[pos];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return { value, next: pos + 1 };
  }
  return malformed(`truncated or overlong varint at byte ${start}`);
}

function malformed(reason: string): never {
  throw new PolicyError(`malformed SignaturePolicyEnvelope: ${reason}`);
}
