import { isUtf8 } from 'node:buffer';
import { Wire, type FieldKind, type MessageSchema } from './message-schema';

/**
 * Deepest nesting of messages and groups accepted. Go's protobuf allows 10,000; google-protobuf decodes
 * recursively and runs out of stack far earlier, and no Fabric message comes near this.
 */
export const MAX_NESTING = 1000;

const UNKNOWN: MessageSchema = { name: 'unknown group', fields: new Map(), mapEntry: false };

class WireFault extends Error {
  constructor(
    readonly where: string,
    /** Field numbers leading to the faulty sub-message, outermost first. */
    readonly path: readonly number[],
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * Checks that `bytes` are a well-formed encoding of the message `schema` describes, before google-protobuf
 * sees them: every tag, varint and length prefix ends inside its enclosing message (google-protobuf 3.21
 * trusts string and sub-message lengths and loops in proportion to them), each known field has the wire type
 * of its kind, sub-messages and packed fields are checked through, groups are matched, strings are UTF-8
 * (as proto3 and Fabric's Go decoder require), map entries hold only keys and values. Reads the bytes once
 * and allocates nothing; returns what is wrong, or undefined when the bytes are fine.
 */
export function wireProblem(schema: MessageSchema, bytes: Uint8Array): string | undefined {
  const scanner = new Scanner(bytes);
  try {
    scanner.message(schema, bytes.length, 0, 0);
    return undefined;
  } catch (err) {
    if (!(err instanceof WireFault)) throw err;
    return err.path.length === 0 ? err.message : `in ${err.where} (field ${err.path.join('.')}), ${err.message}`;
  }
}

class Scanner {
  pos = 0;
  readonly #path: number[] = [];

  constructor(private readonly bytes: Uint8Array) {}

  /** Scans fields up to `end`, or up to the end-group tag of `group` (a field number, 0 for none). */
  message(schema: MessageSchema, end: number, depth: number, group: number): void {
    if (depth > MAX_NESTING) this.fail(schema, `nested more than ${MAX_NESTING} levels deep`);
    while (this.pos < end) {
      const at = this.pos;
      const tag = this.varint(end, schema, 0, 'tag');
      if (tag > 0xffffffff) this.fail(schema, `invalid tag at byte ${at}`);
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field === 0) this.fail(schema, `invalid field number 0 at byte ${at}`);
      if (wire === Wire.END_GROUP) {
        if (field === group) return;
        this.fail(schema, `unexpected end-group tag for field ${field} at byte ${at}`);
      }
      const kind = schema.fields.get(field);
      if (schema.mapEntry && kind === undefined) {
        this.fail(schema, `field ${field} in a map entry (only 1, the key, and 2, the value, may appear)`);
      }
      switch (wire) {
        case Wire.VARINT:
        case Wire.FIXED64:
        case Wire.FIXED32:
          if (kind && kind.wire !== wire) this.mismatch(schema, field, kind, wire);
          if (wire === Wire.VARINT) this.varint(end, schema, field, 'field');
          else this.skip(wire === Wire.FIXED64 ? 8 : 4, end, schema, field);
          break;
        case Wire.DELIMITED:
          this.delimited(schema, field, kind, end, depth);
          break;
        case Wire.START_GROUP:
          if (kind && kind.wire !== Wire.START_GROUP) this.mismatch(schema, field, kind, wire);
          this.#path.push(field);
          this.message(kind?.wire === Wire.START_GROUP ? kind.schema : UNKNOWN, end, depth + 1, field);
          this.#path.pop();
          break;
        default:
          this.fail(schema, `invalid wire type ${wire} for field ${field} at byte ${at}`);
      }
    }
    if (group !== 0) this.fail(schema, `group of field ${group} has no end-group tag`);
  }

  private delimited(
    schema: MessageSchema,
    field: number,
    kind: FieldKind | undefined,
    end: number,
    depth: number,
  ): void {
    // A known field must be length-delimited by kind, or a repeated scalar sent packed.
    let packedWire: 0 | 1 | 5 | undefined;
    if (kind !== undefined && kind.wire !== Wire.DELIMITED) {
      if (kind.wire === Wire.START_GROUP || !kind.packable) this.mismatch(schema, field, kind, Wire.DELIMITED);
      packedWire = kind.wire;
    }
    const length = this.varint(end, schema, field, 'length of field');
    const left = end - this.pos;
    if (length > left) {
      this.fail(schema, `field ${field} claims ${length} bytes but only ${left} remain`);
    }
    const contentEnd = this.pos + length;
    if (packedWire !== undefined) {
      this.packed(packedWire, contentEnd, schema, field);
    } else if (kind?.wire === Wire.DELIMITED && kind.content === 'message') {
      this.#path.push(field);
      this.message(kind.schema, contentEnd, depth + 1, 0);
      this.#path.pop();
    } else {
      // Bytes, strings and unknown fields are skipped by their length, now known to be in bounds.
      if (kind?.wire === Wire.DELIMITED && kind.content === 'string' && !this.isUtf8(this.pos, contentEnd)) {
        this.fail(schema, `field ${field} is a string but not UTF-8`);
      }
      this.pos = contentEnd;
    }
  }

  /** A packed repeated scalar: a whole number of elements filling the field exactly. */
  private packed(wire: 0 | 1 | 5, end: number, schema: MessageSchema, field: number): void {
    if (wire === Wire.VARINT) {
      while (this.pos < end) this.varint(end, schema, field, 'packed field');
      return;
    }
    const size = wire === Wire.FIXED64 ? 8 : 4;
    if ((end - this.pos) % size !== 0) this.fail(schema, `packed field ${field} is not a multiple of ${size}`);
    this.pos = end;
  }

  /** Reads a varint ending before `end`; up to 10 bytes, the last no more than 1 (at most 64 bits), as Go. */
  private varint(end: number, schema: MessageSchema, field: number, what: VarintRole): number {
    const bytes = this.bytes;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) this.fail(schema, `${describe(what, field)} is truncated`);
      const byte = bytes[this.pos++];
      if (i === 9 && byte > 1) this.fail(schema, `${describe(what, field)} overflows 64 bits`);
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    return this.fail(schema, `${describe(what, field)} is longer than 10 bytes`);
  }

  private skip(size: number, end: number, schema: MessageSchema, field: number): void {
    if (end - this.pos < size) this.fail(schema, `field ${field} is truncated`);
    this.pos += size;
  }

  private isUtf8(start: number, end: number): boolean {
    const bytes = this.bytes;
    for (let i = start; i < end; i++) {
      if (bytes[i] >= 0x80) return isUtf8(bytes.subarray(start, end));
    }
    return true;
  }

  private mismatch(schema: MessageSchema, field: number, kind: FieldKind, wire: number): never {
    return this.fail(schema, `field ${field} has wire type ${wire}, expected ${kind.wire}`);
  }

  private fail(schema: MessageSchema, detail: string): never {
    throw new WireFault(schema.name, [...this.#path], detail);
  }
}

/** What a varint is, named only when a message is needed (the hot path builds no strings). */
type VarintRole = 'tag' | 'field' | 'length of field' | 'packed field';

function describe(what: VarintRole, field: number): string {
  return what === 'tag' ? 'tag' : `${what} ${field}`;
}
