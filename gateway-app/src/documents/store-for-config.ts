import { documentsDir, type AppConfig } from '../config/app-config';
import type { DocumentStore } from './document-store';
import { FilesystemDocumentStore } from './filesystem-store';
import { S3DocumentStore, s3ClientFor } from './s3-store';

/** The document store the configuration names: the filesystem by default, an S3-compatible bucket when asked. */
export function documentStoreFor(config: AppConfig): DocumentStore {
  const { documents } = config;
  if (documents.kind === 'filesystem') return new FilesystemDocumentStore(documentsDir(config));
  const { bucket, prefix } = documents;
  return new S3DocumentStore({ bucket, prefix, client: s3ClientFor(documents) });
}
