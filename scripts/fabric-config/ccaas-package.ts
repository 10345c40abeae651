import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tarGzip } from './deterministic-tar';

/**
 * A chaincode-as-a-service package in the layout `peer lifecycle chaincode install` expects:
 * `metadata.json` and `code.tar.gz` (holding `connection.json`), both byte-for-byte reproducible.
 */
export interface CcaasPackage {
  readonly label: string;
  readonly bytes: Buffer;
  /** `<label>:<sha256 of the package>`, as `peer lifecycle chaincode calculatepackageid` prints it. */
  readonly packageId: string;
}

export function buildCcaasPackage(metadataJson: Buffer, connectionJson: Buffer): CcaasPackage {
  const metadata = JSON.parse(metadataJson.toString('utf8')) as { type?: unknown; label?: unknown };
  if (metadata.type !== 'ccaas' || typeof metadata.label !== 'string' || metadata.label === '') {
    throw new Error('metadata.json must have type "ccaas" and a label');
  }
  JSON.parse(connectionJson.toString('utf8'));
  const code = tarGzip([{ name: 'connection.json', content: connectionJson }]);
  const bytes = tarGzip([
    { name: 'metadata.json', content: metadataJson },
    { name: 'code.tar.gz', content: code },
  ]);
  const packageId = `${metadata.label}:${createHash('sha256').update(bytes).digest('hex')}`;
  return { label: metadata.label, bytes, packageId };
}

/** Builds the package from a folder holding `metadata.json` and `connection.json`. */
export function buildCcaasPackageFromDir(dir: string): CcaasPackage {
  return buildCcaasPackage(
    readFileSync(path.join(dir, 'metadata.json')),
    readFileSync(path.join(dir, 'connection.json')),
  );
}
