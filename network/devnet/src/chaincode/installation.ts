import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChaincodeServerSpec, ChaincodeSpec } from '../topology/schema';
import type { ExternalChaincodeServer } from './external-chaincode';
import type { InstalledChaincode } from './runtime';

/** Fabric's default dial timeout for a chaincode server (connection.json `dial_timeout`). */
const DEFAULT_DIAL_TIMEOUT_MS = 3000;

/**
 * What a peer installs for a chaincode definition of the topology: a folder to launch, or a chaincode server to
 * dial with its TLS material read from files. Relative paths resolve against `baseDir`.
 */
export function installationOf(chaincode: ChaincodeSpec, baseDir: string): InstalledChaincode {
  const { name, version } = chaincode;
  if (chaincode.server) return { name, version, server: externalServer(chaincode, chaincode.server, baseDir) };
  const configured = chaincode.path!;
  return {
    name,
    version,
    dir: path.resolve(baseDir, configured),
    origin: path.isAbsolute(configured) ? undefined : `path "${configured}" resolved against ${baseDir}`,
  };
}

function externalServer(chaincode: ChaincodeSpec, spec: ChaincodeServerSpec, baseDir: string): ExternalChaincodeServer {
  const read = (field: 'rootCert' | 'clientKey' | 'clientCert'): string | undefined => {
    const file = spec[field];
    if (!file) return undefined;
    const resolved = path.resolve(baseDir, file);
    try {
      return readFileSync(resolved, 'utf8');
    } catch (err) {
      throw new Error(
        `chaincode ${chaincode.name}: cannot read server.${field} ${resolved}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  };
  return {
    address: spec.address,
    chaincodeId: spec.chaincodeId ?? `${chaincode.name}:${chaincode.version}`,
    dialTimeoutMs: spec.dialTimeout ?? DEFAULT_DIAL_TIMEOUT_MS,
    tls: spec.tlsRequired
      ? {
          rootCertPem: read('rootCert')!,
          clientKeyPem: spec.clientAuthRequired ? read('clientKey') : undefined,
          clientCertPem: spec.clientAuthRequired ? read('clientCert') : undefined,
        }
      : undefined,
  };
}
