import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** A SHA-256 digest as 64 lower-case hex digits: the name of a stored document. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What the store knows of a document: its digest (its name), size and media type. */
export interface StoredDocument {
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
}

/** A stored document's bytes as a stream, with what the store recorded about them. */
export interface OpenedDocument extends StoredDocument {
  readonly body: Readable;
}

/**
 * A content-addressed store of off-chain documents: a document's name is its SHA-256, so storing the same bytes
 * twice stores them once, and what comes back can be checked against its name. Backends: the filesystem
 * (`filesystem-store.ts`), any S3-compatible service (`s3-store.ts`).
 */
export interface DocumentStore {
  /** Stores bytes whose digest the caller computed; `put` re-hashes and refuses a mismatch. */
  put(bytes: Uint8Array, mediaType: string): Promise<StoredDocument & { readonly created: boolean }>;
  /** The document's facts, or undefined when the store holds no such digest. */
  stat(sha256: string): Promise<StoredDocument | undefined>;
  /** The document's bytes as stored (unverified: `verifiedStream` checks them while they flow). */
  open(sha256: string): Promise<OpenedDocument | undefined>;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
