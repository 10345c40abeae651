import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What `login` keeps for later commands: the token and the app it is valid for. */
export interface StoredToken {
  readonly url: string;
  readonly token: string;
  readonly username: string;
  readonly expiresAt?: string;
}

/** `$XDG_CONFIG_HOME/scenechain/token`, else `~/.config/scenechain/token`. */
export function tokenFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'scenechain', 'token');
}

/** Same app whatever the trailing slash or letter case of the host. */
function sameApp(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/** The stored token, if one is kept for the app at `url`. */
export function readStoredToken(url: string, file = tokenFilePath()): StoredToken | undefined {
  let stored: StoredToken;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredToken;
  } catch {
    return undefined;
  }
  return typeof stored.token === 'string' && sameApp(stored.url, url) ? stored : undefined;
}

/** Keeps the token readable by its owner only (folder 0700, file 0600), written whole or not at all. */
export function storeToken(token: StoredToken, file = tokenFilePath()): string {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
  chmodSync(partial, 0o600);
  renameSync(partial, file);
  return file;
}

export function forgetToken(file = tokenFilePath()): void {
  rmSync(file, { force: true });
}
