import { mkdtemp, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import { LedgerToolError } from '../ledger/verify/ledger-tool-error';
import { channelHeights } from './channel-heights';
import { DATA_ENTRY, MANIFEST_ENTRY, parseManifest, type SnapshotManifest } from './snapshot-manifest';

export interface RestoreSnapshotOptions {
  /** A file written by writeSnapshot. */
  readonly file: string;
  /** Where the network will run from: must not exist, or be empty (or be replaced: `reset`). */
  readonly dataDir: string;
  /** Replace whatever the data folder holds. */
  readonly reset?: boolean;
}

/**
 * Unpacks a snapshot into a fresh data folder. The archive is unpacked beside the data folder first, checked
 * (manifest, nothing but plain files and folders, every channel at the height the manifest records) and only then
 * moved into place, so a truncated or foreign file leaves the data folder as it was.
 */
export async function restoreSnapshot(options: RestoreSnapshotOptions): Promise<SnapshotManifest> {
  const file = path.resolve(options.file);
  const dataDir = path.resolve(options.dataDir);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new LedgerToolError(`snapshot ${file} does not exist`);
  if (!info.isFile()) throw new LedgerToolError(`snapshot ${file} is not a file`);
  if (!options.reset) await checkFresh(dataDir);
  const parent = path.dirname(dataDir);
  const parentInfo = await stat(parent).catch(() => undefined);
  if (!parentInfo?.isDirectory())
    throw new LedgerToolError(`cannot restore into ${dataDir}: ${parent} is not a folder`);
  const staging = await mkdtemp(path.join(parent, `.${path.basename(dataDir)}.restore-`));
  try {
    const refused: string[] = [];
    try {
      // Synchronous: when a bad archive stops it, no write is still under way in the staging folder.
      tar.x({
        file,
        cwd: staging,
        sync: true,
        strict: true,
        filter: (entryPath, entry) => {
          const type = 'type' in entry ? entry.type : undefined;
          const inside =
            entryPath === MANIFEST_ENTRY || entryPath === DATA_ENTRY || entryPath.startsWith(`${DATA_ENTRY}/`);
          const plain = type === undefined || type === 'File' || type === 'Directory';
          if (!inside || !plain) refused.push(`${entryPath} (${type ?? 'unknown'})`);
          return inside && plain;
        },
      });
    } catch (err) {
      throw new LedgerToolError(
        `${file} is not a readable dev network snapshot (truncated, or not a gzip tar): ${(err as Error).message}`,
      );
    }
    if (refused.length > 0) {
      throw new LedgerToolError(`${file} holds entries a snapshot never has: ${refused.slice(0, 3).join(', ')}`);
    }
    const manifestText = await readFile(path.join(staging, MANIFEST_ENTRY), 'utf8').catch(() => undefined);
    if (manifestText === undefined) throw new LedgerToolError(`${file} is not a dev network snapshot (no manifest)`);
    const manifest = parseManifest(manifestText, file);
    const restored = path.join(staging, DATA_ENTRY);
    const heights = await channelHeights(restored).catch((err: unknown) => {
      throw new LedgerToolError(`${file}: the snapshot's ledger cannot be opened: ${(err as Error).message}`);
    });
    for (const { name, height } of manifest.channels) {
      const found = heights.find((c) => c.name === name)?.height;
      if (found !== height) {
        throw new LedgerToolError(
          `${file}: channel ${name} has height ${found ?? 'none'} in the snapshot's ledger, its manifest says ${height}`,
        );
      }
    }
    if (options.reset) await rm(dataDir, { recursive: true, force: true });
    else await rmdir(dataDir).catch(() => undefined); // empty (checked above) or absent
    await rename(restored, dataDir);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function checkFresh(dataDir: string): Promise<void> {
  const entries = await readdir(dataDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new LedgerToolError(`cannot restore into ${dataDir}: ${err.message}`);
  });
  if (entries.length > 0) {
    throw new LedgerToolError(
      `cannot restore a snapshot into ${dataDir}: it is not empty (use a fresh data folder, or --reset to replace it)`,
    );
  }
}
