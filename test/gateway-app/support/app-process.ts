import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../support/devnet';

const FIXTURE = path.join(__dirname, 'freezing-app.ts');

export interface AppProcess {
  readonly child: ChildProcess;
  /** Base URL it serves on ('' when started with `untilListening: false`). */
  readonly url: string;
  output(): string;
  /** Resolves once the app froze at its FREEZE_ON log line. */
  frozen(): Promise<void>;
  /** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * Starts test/gateway-app/support/freezing-app.ts (the app as `npm start` runs it, from the environment) in a
 * process of its own and resolves once it listens (or at once, to catch it frozen before it listens).
 */
export function startAppProcess(env: NodeJS.ProcessEnv, untilListening = true): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', FIXTURE], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of waiters.splice(0)) {
      if (output.includes(waiter.text)) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const until = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (output.includes(text)) return resolve();
      waiters.push({ text, resolve });
      void exited.then(() => reject(new Error(`the app exited before "${text}":\n${output.slice(-4000)}`)));
    });
  return (untilListening ? until('LISTENING ') : Promise.resolve()).then(() => ({
    child,
    url: /LISTENING (\S+)/.exec(output)?.[1] ?? '',
    output: () => output,
    frozen: () => until('FROZEN'),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  }));
}
