/**
 * Hand-framed protobuf fields, for messages whose large byte fields (blocks, envelopes) should go out exactly as
 * stored instead of through a decode/encode pass.
 */

/** A length-delimited field (wire type 2) holding the concatenation of `parts`. */
export function delimitedField(field: number, parts: readonly Uint8Array[]): Buffer {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  return Buffer.concat([varint(field * 8 + 2), varint(length), ...parts]);
}

/** A varint field (wire type 0); proto3 leaves zero out, and so does this. */
export function varintField(field: number, value: number): Buffer {
  return value === 0 ? Buffer.alloc(0) : Buffer.concat([varint(field * 8), varint(value)]);
}

/** Base-128 varint of a non-negative safe integer. */
export function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}
