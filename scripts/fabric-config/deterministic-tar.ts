import { gzipSync } from 'node:zlib';

/**
 * A minimal ustar writer for regular files with fixed metadata (mode 0644, uid/gid 0, mtime 0, entries in
 * the order given) and gzip with a zero timestamp: the same inputs always give the same bytes. That is
 * what keeps a chaincode package ID, the SHA-256 of the package, stable across re-runs.
 */
export interface TarEntry {
  readonly name: string;
  readonly content: Buffer;
}

const block = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  if (name.length > 100) throw new Error(`tar entry name too long: ${entry.name}`);
  const buffer = Buffer.alloc(block, 0);
  name.copy(buffer, 0);
  buffer.write(octal(0o644, 8), 100, 'ascii');
  buffer.write(octal(0, 8), 108, 'ascii');
  buffer.write(octal(0, 8), 116, 'ascii');
  buffer.write(octal(entry.content.length, 12), 124, 'ascii');
  buffer.write(octal(0, 12), 136, 'ascii');
  buffer.write('        ', 148, 'ascii');
  buffer.write('0', 156, 'ascii');
  buffer.write('ustar\0', 257, 'ascii');
  buffer.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of buffer) sum += byte;
  buffer.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return buffer;
}

export function tarGzip(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.content);
    const padding = (block - (entry.content.length % block)) % block;
    if (padding > 0) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(block * 2, 0));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}
