import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './devnet';

export const DEVNET_CLI = path.join(REPO_ROOT, 'network', 'devnet', 'dist', 'cli.js');

export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** SIGINT, as Ctrl+C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `scenechain-devnet start ...` as its own process and resolves once it prints that it is up; rejects
 * with its output when it exits first.
 */
export function startDevnetCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningCli> {
  const child = spawn(process.execPath, [DEVNET_CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running: RunningCli = {
    child,
    output: () => output,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Press Ctrl+C')) resolve(running);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`scenechain-devnet exited with ${code}:\n${output}`)));
  });
}

/** `KEY=value` lines (optionally after `export`, values optionally shell single-quoted) as an environment. */
export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^\s*(?:export )?([A-Z_][A-Z0-9_]*)=(.*)$/gm)) {
    const value = match[2];
    env[match[1]] = value.startsWith("'") ? value.slice(1, -1).replace(/'\\''/g, "'") : value;
  }
  return env;
}

/**
 * `scenechain-devnet start --example test-network --chaincode basic=chaincode/asset-transfer`, from the test
 * fixtures folder (chaincode paths are relative to the current directory), on test-network's ports plus `offset`.
 */
export function startTestNetworkCli(dataDir: string, offset: number): Promise<RunningCli> {
  return startDevnetCli(
    [
      'start',
      '--example',
      'test-network',
      '--chaincode',
      'basic=chaincode/asset-transfer',
      '--port-offset',
      String(offset),
      '--data-dir',
      dataDir,
    ],
    { cwd: path.join(REPO_ROOT, 'test', 'fixtures') },
  );
}
