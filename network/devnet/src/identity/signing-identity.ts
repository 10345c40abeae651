import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { toLowS } from './ecdsa-signature';
import type { IdentityFiles } from './identity-files';
import { serializeIdentity } from './serialized-identity';

/** An identity able to sign as Fabric clients and nodes do: ECDSA P-256 over SHA-256, DER, low-S. */
export class SigningIdentity {
  /** The `msp.SerializedIdentity` bytes that go into headers as creator or endorser. */
  readonly serialized: Uint8Array;
  private readonly privateKey: KeyObject;

  constructor(
    readonly mspId: string,
    readonly certPem: string,
    keyPem: string,
  ) {
    this.privateKey = createPrivateKey(keyPem);
    this.serialized = serializeIdentity(mspId, certPem);
  }

  static fromFiles(files: IdentityFiles): SigningIdentity {
    return new SigningIdentity(files.mspId, files.certPem, files.keyPem);
  }

  /** Signs SHA-256 of `message`; the DER signature is always low-S. */
  sign(message: Uint8Array): Uint8Array {
    return toLowS(sign('sha256', message, this.privateKey));
  }
}
