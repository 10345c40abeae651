import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The Fabric release line whose peer and orderer behaviour the dev network reproduces. */
export const FABRIC_VERSION = '2.5';

/**
 * The body of `/version` in Fabric's shape (`{"CommitSHA": ..., "Version": ...}`): the Fabric version the dev
 * network stands in for, and in place of a commit this package's name and version.
 */
export function versionInfo(): { CommitSHA: string; Version: string } {
  return { CommitSHA: `scenechain-devnet-${packageVersion()}`, Version: FABRIC_VERSION };
}

let cached: string | undefined;

function packageVersion(): string {
  if (cached === undefined) {
    // src/operations and dist/operations both sit two folders below the package root.
    const file = path.join(__dirname, '..', '..', 'package.json');
    try {
      cached = (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
