import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every process the network runs, by pid file name: the pid (first line of `<workDir>/pids/<name>.pid`). */
export function runningProcesses(workDir: string): Map<string, number> {
  const dir = path.join(workDir, 'pids');
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((file) => file.endsWith('.pid'))
      .map((file) => [file.slice(0, -4), Number.parseInt(readFileSync(path.join(dir, file), 'utf8'), 10)]),
  );
}

/** The pid runs: an exited process nobody has reaped yet (a zombie, `ps` state Z) does not count. */
export function alive(pid: number): boolean {
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return state.status === 0 && state.stdout.trim() !== '' && !state.stdout.trim().startsWith('Z');
}
