import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import type { LaunchTlsFiles } from './launch-credentials';

export interface LaunchSpec {
  /** `name:version`, the ID the chaincode registers with. */
  chaincodeId: string;
  /** Folder of the chaincode package (its package.json `main` is the contract module). */
  dir: string;
  /** fabric-shim's `fabric-chaincode-node` script, as resolved from `dir`. */
  cli: string;
  /** MSP ID of the peer that runs it (fabric-shim needs CORE_PEER_LOCALMSPID). */
  mspId: string;
  /** host:port the chaincode dials: the peer's chaincode listener. */
  peerAddress: string;
  /** This launch's TLS credentials (the listener always requires mutual TLS). */
  tls: LaunchTlsFiles;
  logFile: string;
}

/**
 * Starts a chaincode as its own process with its own copy of `fabric-chaincode-node`, as a peer's Node.js
 * builder runs it, so the chaincode is never modified or loaded in-process. The environment carries only this
 * launch's client key and certificate, in the variables and encodings fabric-shim reads.
 */
export function launchChaincode(spec: LaunchSpec): ChildProcess {
  mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  try {
    // Extra Node.js flags for chaincode processes (e.g. --inspect or --cpu-prof while debugging).
    const nodeArgs = (process.env.SCENECHAIN_CHAINCODE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    return spawn(
      process.execPath,
      [
        ...nodeArgs,
        spec.cli,
        'start',
        '--peer.address',
        spec.peerAddress,
        '--chaincode-id-name',
        spec.chaincodeId,
        // The listener's certificate names `localhost` too; a TLS server name must not be an IP (RFC 6066).
        '--ssl-target-name-override',
        'localhost',
      ],
      {
        cwd: spec.dir,
        env: {
          ...process.env,
          CORE_PEER_ADDRESS: spec.peerAddress,
          CORE_PEER_LOCALMSPID: spec.mspId,
          CORE_CHAINCODE_ID_NAME: spec.chaincodeId,
          CORE_PEER_TLS_ENABLED: 'true',
          CORE_PEER_TLS_ROOTCERT_FILE: spec.tls.rootCertFile,
          CORE_TLS_CLIENT_KEY_PATH: spec.tls.clientKeyFile,
          CORE_TLS_CLIENT_CERT_PATH: spec.tls.clientCertFile,
          // Fabric runs the shim at WARNING (chaincode.logging.shim); INFO would log every transaction.
          CORE_CHAINCODE_LOGGING_LEVEL: process.env.CORE_CHAINCODE_LOGGING_LEVEL ?? 'WARNING',
        },
        stdio: ['ignore', log, log],
      },
    );
  } finally {
    closeSync(log);
  }
}
