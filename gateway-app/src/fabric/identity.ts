import { readFileSync } from 'node:fs';

/** Where a Fabric identity's certificate and private key live (an MSP folder's signcerts and keystore files). */
export interface IdentityFiles {
  readonly mspId: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/** A Fabric identity read into memory: what a gateway connection signs with. */
export interface FabricIdentity {
  readonly mspId: string;
  /** `<user>@<mspId>`: names the identity in logs and caches. */
  readonly label: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export function loadIdentity(files: IdentityFiles, userName: string): FabricIdentity {
  return {
    mspId: files.mspId,
    label: `${userName}@${files.mspId}`,
    certPem: readFileSync(files.certPath, 'utf8'),
    keyPem: readFileSync(files.keyPath, 'utf8'),
  };
}
