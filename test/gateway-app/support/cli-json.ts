import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../../gateway-app/src/config/app-config';
import type { Json } from './test-app';

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'gateway-app', 'src', 'cli', 'main.ts');

/**
 * Runs the CLI as a separate process (through tsx, so no build is needed) and parses its JSON answer: the
 * report on stdout for a bulk import that ended with failed rows (exit code 2), else the error on stderr.
 * `env` should set XDG_CONFIG_HOME to a temporary folder, so a stored token never lands in the tester's home.
 */
export async function cliJson(
  url: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; json: Json }> {
  try {
    const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', CLI, '--url', url, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, json: JSON.parse(stdout) };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, json: JSON.parse(failed.code === 2 ? failed.stdout : failed.stderr) };
  }
}
