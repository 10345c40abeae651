import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { Devnet } from '@scenechain/devnet';
import { REPO_ROOT } from '../../support/devnet';
import { PASSWORD, type Json } from './test-app';

const CHANNEL = 'public-services';

/** Runs the app's CLI against `url` in a fresh config folder, answering its parsed JSON output. */
export function cliAgainst(url: string): (args: string[]) => Promise<Json> {
  const config = mkdtempSync(path.join(os.tmpdir(), 'scenechain-cli-private-'));
  return async (args) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'gateway-app', 'src', 'cli', 'main.ts'), '--url', url, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, XDG_CONFIG_HOME: config, SCENECHAIN_PASSWORD: PASSWORD } },
    );
    return JSON.parse(stdout) as Json;
  };
}

/** No block of the channel holds any of the values (private values, their salts). */
export async function expectInNoBlock(devnet: Devnet, values: readonly string[]): Promise<void> {
  for (let number = 0; number < devnet.height(CHANNEL); number++) {
    const block = Buffer.from((await devnet.block(CHANNEL, number))!);
    for (const value of values) expect(block.indexOf(value), `block ${number} holds ${value}`).to.equal(-1);
  }
}
