import * as jspb from 'google-protobuf';
import { schemaOf, type GeneratedMessageClass } from './message-schema';
import { wireProblem } from './wire-check';

/** Bytes that are not a valid encoding of the expected message; the message says what is wrong and where. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';

  constructor(
    /** Protobuf name of the expected message, e.g. `common.ChannelHeader`. */
    readonly typeName: string,
    readonly problem: string,
  ) {
    super(`malformed ${typeName}: ${problem}`);
  }
}

/**
 * Decodes untrusted bytes as a message of a google-protobuf generated class, checking the wire format first
 * so that no input can make the decoder loop (see wire-check.ts). Throws MalformedMessageError for anything
 * that is not a valid encoding. The only way the dev network turns bytes from outside into messages.
 */
export function decode<T>(type: GeneratedMessageClass<T>, bytes: Uint8Array): T {
  const schema = schemaOf(type);
  const problem = wireProblem(schema, bytes);
  if (problem !== undefined) throw new MalformedMessageError(schema.name, problem);
  try {
    // The class's own reader, the one the schema was derived from (its deserializeBinary would look the
    // reader up in google-protobuf's global namespace, which another copy of the protos may have replaced).
    return type.deserializeBinaryFromReader(new type(), new jspb.BinaryReader(bytes));
  } catch (err) {
    // google-protobuf's own checks (all prompt once the wire format is sound), e.g. a value it cannot hold.
    throw new MalformedMessageError(schema.name, err instanceof Error ? err.message : String(err));
  }
}

/** A gRPC (de)serializer function for a message class: Buffer in, decoded message out, guarded. */
export function guardedDeserializer<T>(type: GeneratedMessageClass<T>): (bytes: Buffer) => T {
  schemaOf(type); // derive now rather than on the first message
  return (bytes) => decode(type, bytes);
}
