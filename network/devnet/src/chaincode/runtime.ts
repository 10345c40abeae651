import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { status as Code } from '@grpc/grpc-js';
import type { ChaincodeConnection } from './connection';
import { dialExternalChaincode, type ExternalChaincodeServer } from './external-chaincode';
import { RegistrationRefused, type LaunchCredentials } from './launch-credentials';
import { launchChaincode } from './launcher';
import { fileSize, logTail } from './log-tail';
import { ChaincodeStartError, checkChaincodePackage } from './package-check';

export interface InstalledChaincode {
  name: string;
  version: string;
  /** Absolute folder of a chaincode package the peer launches. */
  dir?: string;
  /** How the topology names that folder, for errors (e.g. `path "x" resolved against /repo`). */
  origin?: string;
  /** A chaincode server the peer dials instead (chaincode as a service). */
  server?: ExternalChaincodeServer;
}

export interface ChaincodeRuntimeOptions {
  mspId: string;
  /** host:port of this peer's chaincode listener, read when a chaincode is launched. */
  peerAddress: () => string;
  /** The peer's chaincode CA: one client certificate per launch. */
  credentials: LaunchCredentials;
  logDir: string;
  /** How long a launched chaincode (or a dialled server) has to register. */
  startupTimeoutMs: number;
  maxMessageBytes: number;
}

/** One process the peer launched for a chaincode. */
interface Launch {
  launchId: number;
  child: ChildProcess;
  logFile: string;
  /** Size of the log file at launch: this launch's own lines come after it. */
  logStart: number;
  /** Fails the start if the process has not registered in time. */
  timer?: NodeJS.Timeout;
  connection?: ChaincodeConnection;
}

/** A start under way (a launch waiting for REGISTER, or a dial); every caller meanwhile shares it. */
interface Start {
  promise: Promise<ChaincodeConnection>;
  resolve(connection: ChaincodeConnection): void;
  reject(error: Error): void;
}

/**
 * The chaincodes installed on one org's peer: launches a local chaincode on first need (and again after a
 * crash, as a Fabric peer does) with per-launch credentials, dials a chaincode server, and hands out the
 * registered connection. One live connection per chaincode ID.
 */
export class ChaincodeRuntime {
  readonly #options: ChaincodeRuntimeOptions;
  readonly #installed = new Map<string, InstalledChaincode>();
  readonly #connections = new Map<string, ChaincodeConnection>();
  readonly #launches = new Map<string, Launch>();
  readonly #starts = new Map<string, Start>();
  #stopped = false;

  constructor(options: ChaincodeRuntimeOptions) {
    this.#options = options;
  }

  install(chaincode: InstalledChaincode): void {
    this.#installed.set(chaincodeIdOf(chaincode), chaincode);
  }

  /** Whether a chaincode (of that version, when given) is installed on this peer. */
  isInstalled(name: string, version?: string): boolean {
    return [...this.#installed.values()].some(
      (chaincode) => chaincode.name === name && (version === undefined || chaincode.version === version),
    );
  }

  /**
   * Starts every installed chaincode now rather than on first use: resolves once every launched chaincode has
   * registered, or rejects naming each one that could not start. A chaincode server that cannot be reached yet
   * does not stop the start (it is dialled again at first use): the returned notices say which.
   */
  async startAll(): Promise<string[]> {
    const installed = [...this.#installed.values()];
    const start = (chaincodes: InstalledChaincode[]) =>
      Promise.allSettled(chaincodes.map((chaincode) => this.connection(chaincode.name, chaincode.version)));
    const [outcomes, dials] = await Promise.all([
      start(installed.filter((chaincode) => !chaincode.server)),
      start(installed.filter((chaincode) => chaincode.server)),
    ]);
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
    if (failures.length > 0) throw new ChaincodeStartError(failures.map((error) => error.message).join('\n'));
    return dials.flatMap((outcome) =>
      outcome.status === 'rejected'
        ? [`${(outcome.reason as Error).message}; the peer dials it again when the chaincode is next used`]
        : [],
    );
  }

  /**
   * Called by the chaincode listener once a REGISTER arrived over a connection whose client certificate was
   * issued for `launchId` of this chaincode. The credentials are single-use.
   */
  register(chaincodeId: string, connection: ChaincodeConnection, launchId: number): void {
    const launch = this.#launches.get(chaincodeId);
    if (!launch || launch.launchId !== launchId) {
      throw new RegistrationRefused(
        Code.PERMISSION_DENIED,
        `peer will not accept external chaincode connection ${chaincodeId} (except in dev mode)`,
      );
    }
    const live = this.#connections.get(chaincodeId);
    if (launch.connection || (live && !live.closed)) {
      throw new RegistrationRefused(Code.ALREADY_EXISTS, `duplicate chaincodeID: ${chaincodeId}`);
    }
    this.#options.credentials.revoke(launchId);
    clearTimeout(launch.timer);
    launch.connection = connection;
    // A launched chaincode whose stream ends is of no more use: end its process so the next call relaunches.
    connection.once('close', () => {
      if (!this.#stopped) void terminate(launch.child);
    });
    this.#adopt(chaincodeId, connection);
  }

  /** The live connection to a chaincode, launching or dialling it and waiting for its registration if needed. */
  connection(name: string, version: string): Promise<ChaincodeConnection> {
    const chaincodeId = `${name}:${version}`;
    const live = this.#connections.get(chaincodeId);
    if (live && !live.closed) return Promise.resolve(live);
    if (this.#stopped) return Promise.reject(new Error(`peer ${this.#options.mspId} is stopped`));
    const chaincode = this.#installed.get(chaincodeId);
    if (!chaincode) {
      return Promise.reject(new Error(`chaincode ${chaincodeId} is not installed on peer of ${this.#options.mspId}`));
    }
    const pending = this.#starts.get(chaincodeId);
    if (pending) return pending.promise;
    const start = deferred();
    this.#starts.set(chaincodeId, start);
    const settle = (): void => {
      if (this.#starts.get(chaincodeId) === start) this.#starts.delete(chaincodeId);
    };
    start.promise.then(settle, settle);
    if (chaincode.server) this.#dial(chaincodeId, chaincode.server, start);
    else this.#launch(chaincodeId, chaincode, start);
    return start.promise;
  }

  /** Ends every chaincode process and connection of this peer. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const connection of this.#connections.values()) connection.close();
    this.#connections.clear();
    for (const [chaincodeId, start] of this.#starts) {
      start.reject(new Error(`peer stopped before chaincode ${chaincodeId} registered`));
    }
    this.#starts.clear();
    const children = [...this.#launches.values()].map((launch) => launch.child);
    this.#launches.clear();
    await Promise.all(children.map((child) => terminate(child)));
    this.#options.credentials.revokeAll();
  }

  /** Allows launching again after stop() (a restarted peer). */
  resume(): void {
    this.#stopped = false;
  }

  /** Kills a chaincode process as a crash would (for tests of recovery); resolves once it has exited. */
  kill(name: string, version: string): Promise<void> {
    const child = this.#launches.get(`${name}:${version}`)?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    return exited;
  }

  #adopt(chaincodeId: string, connection: ChaincodeConnection): void {
    this.#connections.set(chaincodeId, connection);
    connection.once('close', () => {
      if (this.#connections.get(chaincodeId) === connection) this.#connections.delete(chaincodeId);
    });
    this.#starts.get(chaincodeId)?.resolve(connection);
  }

  #launch(chaincodeId: string, chaincode: InstalledChaincode, start: Start): void {
    const { mspId, credentials, startupTimeoutMs } = this.#options;
    const dir = chaincode.dir!;
    const label = `chaincode ${chaincodeId} of ${mspId}`;
    let cli: string;
    try {
      cli = checkChaincodePackage(label, dir, chaincode.origin).cli;
    } catch (err) {
      start.reject(err as Error);
      return;
    }
    const issued = credentials.issue(chaincodeId);
    const logFile = path.join(this.#options.logDir, `${mspId}-${chaincode.name}.log`);
    const logStart = fileSize(logFile);
    let child: ChildProcess;
    try {
      child = launchChaincode({
        chaincodeId,
        dir,
        cli,
        mspId,
        peerAddress: this.#options.peerAddress(),
        tls: issued.files,
        logFile,
      });
    } catch (err) {
      credentials.revoke(issued.launchId);
      start.reject(new ChaincodeStartError(`${label} (folder ${dir}) could not be started: ${(err as Error).message}`));
      return;
    }
    const launch: Launch = { launchId: issued.launchId, child, logFile, logStart };
    this.#launches.set(chaincodeId, launch);
    const withLog = (problem: string): ChaincodeStartError => {
      const tail = logTail(logFile, logStart);
      return new ChaincodeStartError(
        `${label} (folder ${dir}) ${problem}` +
          (tail ? `; last lines of its log ${logFile}:\n${tail}` : `; its log ${logFile} is empty`),
      );
    };
    launch.timer = setTimeout(() => {
      start.reject(withLog(`did not register with the peer within ${startupTimeoutMs} ms`));
      child.kill('SIGKILL');
    }, startupTimeoutMs);
    child.once('error', (err) => {
      clearTimeout(launch.timer);
      start.reject(new ChaincodeStartError(`${label} (folder ${dir}) could not be started: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(launch.timer);
      credentials.revoke(launch.launchId);
      if (this.#launches.get(chaincodeId) === launch) this.#launches.delete(chaincodeId);
      launch.connection?.close();
      if (!launch.connection) {
        start.reject(withLog(`exited (${signal ?? `code ${code}`}) before registering with the peer`));
      }
    });
  }

  #dial(chaincodeId: string, server: ExternalChaincodeServer, start: Start): void {
    dialExternalChaincode(server, {
      label: `chaincode ${chaincodeId} of ${this.#options.mspId}`,
      maxMessageBytes: this.#options.maxMessageBytes,
      registerTimeoutMs: this.#options.startupTimeoutMs,
    }).then(
      (connection) => {
        if (this.#stopped || this.#starts.get(chaincodeId) !== start) {
          connection.close();
          return;
        }
        this.#adopt(chaincodeId, connection);
        connection.acceptRegistration();
      },
      (err: Error) => start.reject(err),
    );
  }
}

export function chaincodeIdOf(chaincode: { name: string; version: string }): string {
  return `${chaincode.name}:${chaincode.version}`;
}

function deferred(): Start {
  let resolve!: (connection: ChaincodeConnection) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<ChaincodeConnection>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting any more (a stopped peer); the rejection is still delivered to whoever is.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
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
