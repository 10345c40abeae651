import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { sha256Of, type DocumentStore, type OpenedDocument, type StoredDocument } from './document-store';

export interface S3StoreOptions {
  readonly bucket: string;
  /** Prepended to every key (`documents/`), so the bucket can hold other things. */
  readonly prefix: string;
  readonly client: S3Client;
}

/** An S3 client for an S3-compatible service; `endpoint` for one that is not AWS (MinIO, Ceph, a local server). */
export function s3ClientFor(options: { endpoint?: string; region: string; forcePathStyle: boolean }): S3Client {
  const config: S3ClientConfig = { region: options.region, forcePathStyle: options.forcePathStyle };
  return new S3Client(options.endpoint ? { ...config, endpoint: options.endpoint } : config);
}

function isMissing(err: unknown): boolean {
  const { name, $metadata } = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}

/**
 * Documents as objects named `<prefix><sha256>` with the media type as the object's content type. A PUT is atomic
 * in S3 (readers see the old object or the new, never a part), and two PUTs of the same bytes leave one object.
 */
export class S3DocumentStore implements DocumentStore {
  constructor(private readonly options: S3StoreOptions) {}

  keyOf(sha256: string): string {
    return `${this.options.prefix}${sha256}`;
  }

  async put(bytes: Uint8Array, mediaType: string): Promise<StoredDocument & { created: boolean }> {
    const sha256 = sha256Of(bytes);
    const existing = await this.stat(sha256);
    if (existing) return { ...existing, created: false };
    await this.options.client.send(this.putCommand(sha256, bytes, mediaType));
    return { sha256, size: bytes.byteLength, mediaType, created: true };
  }

  /** The upload: S3 checks the body against the SHA-256 it is told, so bytes damaged on the way are refused. */
  putCommand(sha256: string, bytes: Uint8Array, mediaType: string): PutObjectCommand {
    return new PutObjectCommand({
      Bucket: this.options.bucket,
      Key: this.keyOf(sha256),
      Body: bytes,
      ContentType: mediaType,
      ContentLength: bytes.byteLength,
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
    });
  }

  async stat(sha256: string): Promise<StoredDocument | undefined> {
    const command = new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) });
    try {
      const head = await this.options.client.send(command);
      return { sha256, size: head.ContentLength ?? 0, mediaType: head.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async open(sha256: string): Promise<OpenedDocument | undefined> {
    const command = new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) });
    try {
      const got = await this.options.client.send(command);
      const size = got.ContentLength ?? 0;
      return { sha256, size, mediaType: got.ContentType ?? 'application/octet-stream', body: got.Body as Readable };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }
}
