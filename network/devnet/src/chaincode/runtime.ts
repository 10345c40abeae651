import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ChaincodeConnection } from './connection';
import { launchChaincode } from './launcher';
import type { ShimTlsFiles } from './shim-tls';

export interface InstalledChaincode {
  name: string;
  version: string;
  /** Absolute folder of the chaincode package. */
  dir: string;
}

export interface ChaincodeRuntimeOptions {
  mspId: string;
  /** host:port of this peer's chaincode support service, read when a chaincode is launched. */
  peerAddress: () => string;
  logDir: string;
  /** How long a launched chaincode has to register before calls fail. */
  startupTimeoutMs: number;
  /** TLS files chaincode processes dial the peer with; plaintext without them. */
  shimTls?: ShimTlsFiles;
}

interface Waiter {
  resolve(connection: ChaincodeConnection): void;
  reject(error: Error): void;
}

/**
 * The chaincodes installed on one org's peer: launches each on first need (and again after a crash, as a
 * Fabric peer does) and hands out the registered connection.
 */
export class ChaincodeRuntime {
  readonly #options: ChaincodeRuntimeOptions;
  readonly #installed = new Map<string, InstalledChaincode>();
  readonly #connections = new Map<string, ChaincodeConnection>();
  readonly #processes = new Map<string, ChildProcess>();
  readonly #waiters = new Map<string, Waiter[]>();
  /** How many times each chaincode has registered: tells a crash from a failed start. */
  readonly #registrations = new Map<string, number>();
  #stopped = false;

  constructor(options: ChaincodeRuntimeOptions) {
    this.#options = options;
  }

  install(chaincode: InstalledChaincode): void {
    this.#installed.set(chaincodeIdOf(chaincode), chaincode);
  }

  isInstalled(name: string): boolean {
    return [...this.#installed.values()].some((chaincode) => chaincode.name === name);
  }

  /** Starts every installed chaincode now rather than on first use. */
  launchAll(): void {
    for (const chaincodeId of this.#installed.keys()) this.#launch(chaincodeId);
  }

  /** Called by the chaincode support service when a chaincode process says REGISTER. */
  register(chaincodeId: string, connection: ChaincodeConnection): void {
    if (!this.#installed.has(chaincodeId)) {
      throw new Error(`chaincode ${chaincodeId} is not installed on this peer (${this.#options.mspId})`);
    }
    const previous = this.#connections.get(chaincodeId);
    if (previous && !previous.closed) throw new Error(`duplicate chaincode ${chaincodeId} registered`);
    this.#connections.set(chaincodeId, connection);
    this.#registrations.set(chaincodeId, (this.#registrations.get(chaincodeId) ?? 0) + 1);
    connection.once('close', () => {
      if (this.#connections.get(chaincodeId) === connection) this.#connections.delete(chaincodeId);
    });
    for (const waiter of this.#waiters.get(chaincodeId) ?? []) waiter.resolve(connection);
    this.#waiters.delete(chaincodeId);
  }

  /** The live connection to a chaincode, launching it and waiting for its registration if needed. */
  connection(name: string, version: string): Promise<ChaincodeConnection> {
    const chaincodeId = `${name}:${version}`;
    const live = this.#connections.get(chaincodeId);
    if (live && !live.closed) return Promise.resolve(live);
    if (this.#stopped) return Promise.reject(new Error(`peer ${this.#options.mspId} is stopped`));
    if (!this.#installed.has(chaincodeId)) {
      return Promise.reject(new Error(`chaincode ${chaincodeId} is not installed on peer of ${this.#options.mspId}`));
    }
    this.#launch(chaincodeId);
    return new Promise<ChaincodeConnection>((resolve, reject) => {
      const timer = setTimeout(() => {
        const waiters = this.#waiters.get(chaincodeId) ?? [];
        this.#waiters.set(
          chaincodeId,
          waiters.filter((waiter) => waiter !== entry),
        );
        reject(new Error(`could not launch chaincode ${chaincodeId}: chaincode registration timed out`));
      }, this.#options.startupTimeoutMs);
      const entry: Waiter = {
        resolve: (connection) => {
          clearTimeout(timer);
          resolve(connection);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.set(chaincodeId, [...(this.#waiters.get(chaincodeId) ?? []), entry]);
    });
  }

  /** Ends every chaincode process and connection of this peer. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const connection of this.#connections.values()) connection.close();
    this.#connections.clear();
    for (const [chaincodeId, waiters] of this.#waiters) {
      for (const waiter of waiters) waiter.reject(new Error(`peer stopped before chaincode ${chaincodeId} registered`));
    }
    this.#waiters.clear();
    await Promise.all([...this.#processes.values()].map((child) => terminate(child)));
    this.#processes.clear();
  }

  /** Allows launching again after stop() (a restarted peer). */
  resume(): void {
    this.#stopped = false;
  }

  /** Kills a chaincode process as a crash would (for tests of recovery). */
  kill(name: string, version: string): void {
    this.#processes.get(`${name}:${version}`)?.kill('SIGKILL');
  }

  #launch(chaincodeId: string): void {
    if (this.#processes.has(chaincodeId) || this.#stopped) return;
    const chaincode = this.#installed.get(chaincodeId);
    if (!chaincode) return;
    const child = launchChaincode({
      chaincodeId,
      dir: chaincode.dir,
      mspId: this.#options.mspId,
      peerAddress: this.#options.peerAddress(),
      logFile: path.join(this.#options.logDir, `${this.#options.mspId}-${chaincode.name}.log`),
      tls: this.#options.shimTls,
    });
    this.#processes.set(chaincodeId, child);
    const registeredBefore = this.#registrations.get(chaincodeId) ?? 0;
    child.once('exit', (code, signal) => {
      if (this.#processes.get(chaincodeId) === child) this.#processes.delete(chaincodeId);
      this.#connections.get(chaincodeId)?.close();
      const waiters = this.#waiters.get(chaincodeId) ?? [];
      if (waiters.length === 0) return;
      if ((this.#registrations.get(chaincodeId) ?? 0) > registeredBefore) {
        // It ran and then died (a crash): whoever waits now waits for a fresh process, as a peer relaunches.
        this.#launch(chaincodeId);
        return;
      }
      const reason = `chaincode ${chaincodeId} exited (${signal ?? `code ${code}`}) before registering`;
      for (const waiter of waiters) waiter.reject(new Error(reason));
      this.#waiters.delete(chaincodeId);
    });
  }
}

export function chaincodeIdOf(chaincode: { name: string; version: string }): string {
  return `${chaincode.name}:${chaincode.version}`;
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
