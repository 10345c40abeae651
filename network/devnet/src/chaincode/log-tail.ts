import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

const MAX_BYTES = 16 * 1024;

/**
 * The last `lines` lines a log file gained after byte `from` (where one launch started writing), indented for
 * an error message; empty when the file is missing or nothing was written.
 */
export function logTail(file: string, from: number, lines = 20): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(from, size - MAX_BYTES);
    if (size <= start) return '';
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8').trimEnd();
    if (text === '') return '';
    return text
      .split('\n')
      .slice(-lines)
      .map((line) => `    ${line}`)
      .join('\n');
  } finally {
    closeSync(fd);
  }
}

/** The current size of a file, 0 when it does not exist yet. */
export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
