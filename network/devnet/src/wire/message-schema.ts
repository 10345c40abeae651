import * as jspb from 'google-protobuf';
import { generatedCodeGeneration } from './generated-code';
import { forgetTypeNames, typeNameOf } from './type-names';

/** Protobuf wire types. */
export const Wire = { VARINT: 0, FIXED64: 1, DELIMITED: 2, START_GROUP: 3, END_GROUP: 4, FIXED32: 5 } as const;

/** How one field of a message is encoded, as far as checking its bytes needs to know. */
export type FieldKind =
  /** A number; `packable` when it is a repeated scalar that may also arrive packed (length-delimited). */
  | { readonly wire: 0 | 1 | 5; readonly packable: boolean }
  | { readonly wire: 2; readonly content: 'bytes' | 'string' }
  | { readonly wire: 2; readonly content: 'message'; readonly schema: MessageSchema }
  | { readonly wire: 3; readonly schema: MessageSchema };

export interface MessageSchema {
  readonly name: string;
  readonly fields: ReadonlyMap<number, FieldKind>;
  /**
   * A map entry: google-protobuf's jspb.Map reads fields 1 and 2 only and does not skip any other field, so
   * the bytes of another field would be read as tags. Valid encoders never write one; the check refuses it.
   */
  readonly mapEntry: boolean;
}

/** What generated classes of google-protobuf carry: the reader loop that knows every field's kind. */
export interface GeneratedMessageClass<T> {
  deserializeBinary(bytes: Uint8Array): T;
  deserializeBinaryFromReader(message: T, reader: jspb.BinaryReader): T;
  new (): T;
}

type ReaderFn = (message: unknown, reader: unknown) => unknown;

const SCALAR_READERS: ReadonlyArray<[wire: 0 | 1 | 5, names: readonly string[]]> = [
  [
    Wire.VARINT,
    [
      'Int32',
      'Int32String',
      'Int64',
      'Int64String',
      'Uint32',
      'Uint32String',
      'Uint64',
      'Uint64String',
      'Sint32',
      'Sint64',
      'Sint64String',
      'Bool',
      'Enum',
      'VarintHash64',
      'SintHash64',
    ],
  ],
  [Wire.FIXED32, ['Fixed32', 'Sfixed32', 'Sfixed32String', 'Float']],
  [Wire.FIXED64, ['Fixed64', 'Fixed64String', 'Sfixed64', 'Sfixed64String', 'Double', 'FixedHash64']],
];

/** `readX` and `readPackedX` of jspb.BinaryReader by name, with the wire type of one element. */
const SCALAR_WIRE = new Map<string, { wire: 0 | 1 | 5; packed: boolean }>();
for (const [wire, names] of SCALAR_READERS) {
  for (const name of names) {
    SCALAR_WIRE.set(`read${name}`, { wire, packed: false });
    SCALAR_WIRE.set(`readPacked${name}`, { wire, packed: true });
  }
}

const schemas = new Map<ReaderFn, MessageSchema>();
let derivedFor = generatedCodeGeneration();

/**
 * The field kinds of a google-protobuf generated message class, derived once from its own
 * `deserializeBinaryFromReader`: that loop is driven with a recording reader that presents each field number
 * the loop handles and notes which read method the generated code calls for it (string, bytes, a sub-message
 * with its own reader, a map, a scalar, packed or not). Sub-messages are derived the same way, cycles
 * included; every result is cached.
 */
export function schemaOf<T>(type: GeneratedMessageClass<T>): MessageSchema {
  if (derivedFor !== generatedCodeGeneration()) {
    // More generated code was loaded: sub-message readers may now be others; derive afresh.
    schemas.clear();
    forgetTypeNames();
    derivedFor = generatedCodeGeneration();
  }
  const readFn = type.deserializeBinaryFromReader as ReaderFn;
  const cached = schemas.get(readFn);
  if (cached) return cached;
  const derived: ReaderFn[] = [];
  try {
    return schemaOfReader(readFn, () => new type(), derived);
  } catch (err) {
    // Never keep a half-derived schema: its missing fields would pass unchecked.
    for (const fn of derived) schemas.delete(fn);
    throw err;
  }
}

function schemaOfReader(readFn: ReaderFn, create: () => unknown, derived: ReaderFn[]): MessageSchema {
  const cached = schemas.get(readFn);
  if (cached) return cached;
  const fields = new Map<number, FieldKind>();
  const schema: MessageSchema = { name: typeNameOf(readFn) ?? 'message', fields, mapEntry: false };
  schemas.set(readFn, schema); // before recursing, so recursive messages resolve to this object
  derived.push(readFn);
  for (const field of handledFieldNumbers(readFn)) {
    const probe = new FieldProbe(field, schema.name, derived);
    readFn(create(), probe);
    // A field the loop handles but whose kind went unrecorded would be skipped unchecked: refuse to guess.
    if (!probe.kind) throw new Error(`${schema.name} field ${field}: its reader is not one the wire guard knows`);
    fields.set(field, probe.kind);
  }
  return schema;
}

/** The field numbers a generated reader loop has a `case` for. */
function handledFieldNumbers(readFn: ReaderFn): number[] {
  const numbers = [...Function.prototype.toString.call(readFn).matchAll(/\bcase (\d+):/g)].map((m) => Number(m[1]));
  return [...new Set(numbers)];
}

/**
 * Stands in for jspb.BinaryReader while a generated reader loop runs: it offers one field number once and
 * records what the loop does with it. Values returned are defaults the generated setters accept.
 */
class FieldProbe {
  kind: FieldKind | undefined;
  #offered = false;

  constructor(
    private readonly field: number,
    private readonly owner: string,
    private readonly derived: ReaderFn[],
  ) {
    for (const [method, { wire, packed }] of SCALAR_WIRE) {
      (this as unknown as Record<string, unknown>)[method] = () => {
        this.kind = { wire, packable: packed };
        return packed ? [] : method.endsWith('String') ? '0' : method === 'readBool' ? false : 0;
      };
    }
  }

  nextField(): boolean {
    if (this.#offered) return false;
    this.#offered = true;
    return true;
  }
  isEndGroup(): boolean {
    return false;
  }
  getFieldNumber(): number {
    return this.field;
  }
  /** Asked before a repeated scalar: answering yes makes the loop call readPackedX, telling the element type. */
  isDelimited(): boolean {
    return true;
  }
  skipField(): void {
    this.kind = undefined; // only the loop's default case skips
  }
  readString(): string {
    this.kind = { wire: Wire.DELIMITED, content: 'string' };
    return '';
  }
  readBytes(): Uint8Array {
    this.kind = { wire: Wire.DELIMITED, content: 'bytes' };
    return new Uint8Array();
  }
  readMessage(value: unknown, readFn: ReaderFn): void {
    const schema =
      value instanceof jspb.Map
        ? mapEntrySchema(value, readFn, `${this.owner} field ${this.field} entry`, this.derived)
        : subSchema(value, readFn, this.derived);
    this.kind = { wire: Wire.DELIMITED, content: 'message', schema };
  }
  readGroup(_field: number, value: unknown, readFn: ReaderFn): void {
    this.kind = { wire: Wire.START_GROUP, schema: subSchema(value, readFn, this.derived) };
  }
}

function subSchema(value: unknown, readFn: ReaderFn, derived: ReaderFn[]): MessageSchema {
  const ctor = (value as { constructor: new () => unknown }).constructor;
  return schemaOfReader(readFn, () => new ctor(), derived);
}

/**
 * A map field's generated code hands jspb.Map.deserializeBinary the key and value read methods; that call is
 * intercepted (synchronously, for the duration of this derivation only) to learn them.
 */
function mapEntrySchema(
  map: jspb.Map<unknown, unknown>,
  readFn: ReaderFn,
  name: string,
  derived: ReaderFn[],
): MessageSchema {
  const original = jspb.Map.deserializeBinary;
  let seen: { key: unknown; value: unknown; valueReader: unknown } | undefined;
  (jspb.Map as { deserializeBinary: unknown }).deserializeBinary = (
    _map: unknown,
    _reader: unknown,
    key: unknown,
    value: unknown,
    valueReader: unknown,
  ) => {
    seen = { key, value, valueReader };
  };
  try {
    readFn(map, undefined);
  } finally {
    (jspb.Map as { deserializeBinary: unknown }).deserializeBinary = original;
  }
  if (!seen) throw new Error('map field reader did not call jspb.Map.deserializeBinary');
  const fields = new Map<number, FieldKind>([
    [1, readerKind(seen.key, undefined, derived)],
    [2, readerKind(seen.value, seen.valueReader as ReaderFn | undefined, derived, map)],
  ]);
  return { name, fields, mapEntry: true };
}

/** The kind a jspb.BinaryReader read method (passed by reference, as map fields do) reads. */
function readerKind(
  method: unknown,
  valueReader: ReaderFn | undefined,
  derived: ReaderFn[],
  map?: jspb.Map<unknown, unknown>,
): FieldKind {
  const prototype = jspb.BinaryReader.prototype as unknown as Record<string, unknown>;
  if (method === prototype.readString) return { wire: Wire.DELIMITED, content: 'string' };
  if (method === prototype.readBytes) return { wire: Wire.DELIMITED, content: 'bytes' };
  if (method === prototype.readMessage && valueReader) {
    // The value class is held by the map under a minified property name: find it by its reader.
    const valueCtor = Object.values(map ?? {}).find(
      (candidate): candidate is new () => unknown =>
        typeof candidate === 'function' &&
        (candidate as { deserializeBinaryFromReader?: unknown }).deserializeBinaryFromReader === valueReader,
    );
    if (!valueCtor) throw new Error('map value class not found');
    return {
      wire: Wire.DELIMITED,
      content: 'message',
      schema: schemaOfReader(valueReader, () => new valueCtor(), derived),
    };
  }
  for (const [name, { wire, packed }] of SCALAR_WIRE) {
    if (!packed && method === prototype[name]) return { wire, packable: false };
  }
  throw new Error('unrecognised map key or value reader');
}
