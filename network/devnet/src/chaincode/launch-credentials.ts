import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServerCredentials, status as Code } from '@grpc/grpc-js';
import { CertificateAuthority } from '../identity';

/** Where one launch's TLS credentials are, in the encodings fabric-shim 2.5's `start` command reads. */
export interface LaunchTlsFiles {
  /** Private folder (mode 0700) holding the files; removed once the chaincode registered or exited. */
  dir: string;
  /** CORE_PEER_TLS_ROOTCERT_FILE: PEM of the CA that signed the chaincode listener's certificate. */
  rootCertFile: string;
  /** CORE_TLS_CLIENT_KEY_PATH: base64 of the PEM private key (the shim decodes it). */
  clientKeyFile: string;
  /** CORE_TLS_CLIENT_CERT_PATH: base64 of the PEM client certificate. */
  clientCertFile: string;
}

export interface IssuedLaunch {
  launchId: number;
  chaincodeId: string;
  files: LaunchTlsFiles;
}

/** A registration refused by the chaincode listener; `code` is the gRPC status the stream ends with. */
export class RegistrationRefused extends Error {
  override readonly name = 'RegistrationRefused';

  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

interface Binding {
  chaincodeId: string;
  launchId: number;
}

/**
 * One peer's chaincode credentials, as Fabric's peer keeps them (core/chaincode/accesscontrol): an ephemeral
 * CA made at start-up signs the chaincode listener's server certificate and, for every launch, a client
 * certificate whose SHA-256 hash is bound to the chaincode ID. The listener requires a client certificate from
 * this CA; a REGISTER is accepted only over a connection whose certificate was issued for that chaincode ID.
 * Unlike Fabric, a binding also names its launch and is dropped once used or once the launch ends, so the
 * credentials of a dead or registered process register nothing.
 */
export class LaunchCredentials {
  readonly #ca: CertificateAuthority;
  readonly #server: { certPem: string; keyPem: string };
  readonly #bindings = new Map<string, Binding>();
  readonly #files = new Map<number, string>();
  #nextLaunchId = 1;

  /** `host` is the address the chaincode listener serves on (its certificate names it and `localhost`). */
  constructor(
    readonly label: string,
    host: string,
  ) {
    this.#ca = CertificateAuthority.create(`chaincode-ca.${label}`, label).ca;
    const names = [...new Set([host, 'localhost'])];
    this.#server = this.#ca.issue({ commonName: names[0], purpose: 'tls', subjectAltNames: names });
  }

  get rootCertPem(): string {
    return this.#ca.certPem;
  }

  /** Mutual TLS, trusting only client certificates of this peer's ephemeral CA. */
  serverCredentials(): ServerCredentials {
    return ServerCredentials.createSsl(
      Buffer.from(this.#ca.certPem),
      [{ private_key: Buffer.from(this.#server.keyPem), cert_chain: Buffer.from(this.#server.certPem) }],
      true,
    );
  }

  /** Issues a client certificate for one launch of a chaincode and writes it for that process only. */
  issue(chaincodeId: string): IssuedLaunch {
    const launchId = this.#nextLaunchId++;
    const issued = this.#ca.issue({ commonName: `${chaincodeId}.${this.label}`, purpose: 'tls' });
    this.#bindings.set(certificateHash(issued.certPem), { chaincodeId, launchId });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-cc-tls-'));
    this.#files.set(launchId, dir);
    const files: LaunchTlsFiles = {
      dir,
      rootCertFile: path.join(dir, 'peer-root.crt'),
      clientKeyFile: path.join(dir, 'client.key'),
      clientCertFile: path.join(dir, 'client.crt'),
    };
    writeFileSync(files.rootCertFile, this.#ca.certPem, { mode: 0o600 });
    writeFileSync(files.clientKeyFile, Buffer.from(issued.keyPem).toString('base64'), { mode: 0o600 });
    writeFileSync(files.clientCertFile, Buffer.from(issued.certPem).toString('base64'), { mode: 0o600 });
    return { launchId, chaincodeId, files };
  }

  /**
   * Checks the client certificate of a connection that says REGISTER as `chaincodeId` and returns the launch it
   * was issued for. Messages are Fabric's.
   */
  authenticate(certificateDer: Buffer | undefined, chaincodeId: string): number {
    if (!certificateDer || certificateDer.length === 0) {
      throw new RegistrationRefused(
        Code.UNAUTHENTICATED,
        `TLS is active but chaincode ${chaincodeId} didn't send certificate`,
      );
    }
    const hash = createHash('sha256').update(certificateDer).digest('hex');
    const binding = this.#bindings.get(hash);
    if (!binding) {
      throw new RegistrationRefused(
        Code.PERMISSION_DENIED,
        `Chaincode ${chaincodeId} with given certificate hash ${hash} not found in registry`,
      );
    }
    if (binding.chaincodeId !== chaincodeId) {
      throw new RegistrationRefused(
        Code.PERMISSION_DENIED,
        `Chaincode ${chaincodeId} with given certificate hash ${hash} belongs to a different chaincode`,
      );
    }
    return binding.launchId;
  }

  /** Ends a launch's credentials: its certificate registers nothing more and its files are removed. */
  revoke(launchId: number): void {
    for (const [hash, binding] of this.#bindings) {
      if (binding.launchId === launchId) this.#bindings.delete(hash);
    }
    const dir = this.#files.get(launchId);
    if (dir) {
      this.#files.delete(launchId);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Revokes every launch (the peer stops). */
  revokeAll(): void {
    for (const launchId of [...this.#files.keys()]) this.revoke(launchId);
    this.#bindings.clear();
  }
}

function certificateHash(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
}
