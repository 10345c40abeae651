import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './devnet';

export const PROBE_CHAINCODE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'chaincode', 'probe');

export interface ChaincodeServer {
  child: ChildProcess;
  /** Everything the server printed. */
  output(): string;
  /** Kills the server and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs a chaincode folder as a chaincode server (`fabric-chaincode-node server`, chaincode as a service) on
 * 127.0.0.1:`port`; resolves once it listens (fabric-shim logs that its bootstrap completed after binding).
 */
export function startChaincodeServer(
  port: number,
  chaincodeId: string,
  options: { dir?: string; mspId?: string; args?: string[] } = {},
): Promise<ChaincodeServer> {
  const dir = options.dir ?? PROBE_CHAINCODE_DIR;
  const cli = require.resolve('fabric-shim/cli.js', { paths: [dir] });
  const child = spawn(
    process.execPath,
    [cli, 'server', '--chaincode-address', `127.0.0.1:${port}`, '--chaincode-id', chaincodeId, ...(options.args ?? [])],
    {
      cwd: dir,
      env: { ...process.env, CORE_PEER_LOCALMSPID: options.mspId ?? 'Org1MSP', CORE_CHAINCODE_LOGGING_LEVEL: 'INFO' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const server: ChaincodeServer = {
    child,
    output: () => output,
    stop: () =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
  };
  return new Promise((resolve, reject) => {
    const onOutput = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('Bootstrap process completed')) resolve(server);
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('exit', (code, signal) =>
      reject(new Error(`chaincode server ${chaincodeId} exited (${signal ?? code}) before listening:\n${output}`)),
    );
  });
}
