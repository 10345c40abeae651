import type { Readable } from 'node:stream';
import { sha256Of, type DocumentStore, type StoredDocument } from './document-store';

/** A stored copy whose bytes do not hash to its name: damaged on disk or in the bucket. */
export class DocumentCorruptError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly size: number,
  ) {
    super(`stored document ${expected} hashes to ${actual} (${size} bytes): the stored copy is damaged`);
  }
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A stored document's bytes, re-hashed before anyone gets them: a copy that does not match its name throws
 * `DocumentCorruptError` instead of being delivered. Documents are bounded by the upload limit, so they are read
 * whole, which lets a damaged copy be refused before any byte is sent.
 */
export async function readVerified(
  store: DocumentStore,
  sha256: string,
): Promise<(StoredDocument & { readonly bytes: Buffer }) | undefined> {
  const opened = await store.open(sha256);
  if (!opened) return undefined;
  const bytes = await readAll(opened.body);
  const actual = sha256Of(bytes);
  if (actual !== sha256) throw new DocumentCorruptError(sha256, actual, bytes.byteLength);
  return { sha256, size: bytes.byteLength, mediaType: opened.mediaType, bytes };
}
