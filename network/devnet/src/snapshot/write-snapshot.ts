import { mkdtemp, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import { LedgerToolError } from '../ledger/verify/ledger-tool-error';
import { channelHeights } from './channel-heights';
import { DATA_ENTRY, MANIFEST_ENTRY, newManifest, type SnapshotManifest } from './snapshot-manifest';

export interface WriteSnapshotOptions {
  /** Data folder of a stopped dev network: ledger, identities, everything the network restarts from. */
  readonly dataDir: string;
  /** The snapshot file to write (gzip-compressed tar); replaced if it exists. */
  readonly out: string;
}

export interface SnapshotWritten {
  readonly file: string;
  readonly bytes: number;
  readonly manifest: SnapshotManifest;
}

/** LevelDB's own log files and the chaincode logs say nothing a restore needs. */
const SKIPPED = new Set(['LOG', 'LOG.old']);
const SKIPPED_FOLDER = `${DATA_ENTRY}/logs`;

/**
 * Writes a stopped dev network's data folder (every channel's blocks, state, indexes and private data, and the
 * identities the network restarts with; not the chaincode logs) to one gzip tar, a manifest first. Written beside `out` and renamed
 * into place, so a failure leaves no partial snapshot.
 */
export async function writeSnapshot(options: WriteSnapshotOptions): Promise<SnapshotWritten> {
  const dataDir = path.resolve(options.dataDir);
  const out = path.resolve(options.out);
  const manifest = newManifest(await channelHeights(dataDir));
  const outInfo = await stat(path.dirname(out)).catch(() => undefined);
  if (!outInfo?.isDirectory()) throw new LedgerToolError(`cannot write ${out}: ${path.dirname(out)} is not a folder`);
  if (out === dataDir || out.startsWith(`${dataDir}${path.sep}`)) {
    throw new LedgerToolError(`the snapshot ${out} cannot be written inside the data folder it archives`);
  }
  // The archive roots the manifest and the data folder side by side: a staging folder links to the data.
  const staging = await mkdtemp(path.join(path.dirname(out), '.snapshot-'));
  const partial = path.join(staging, 'snapshot.tgz');
  try {
    await writeFile(path.join(staging, MANIFEST_ENTRY), JSON.stringify(manifest, null, 2));
    await symlink(dataDir, path.join(staging, DATA_ENTRY), 'dir');
    await tar.c(
      {
        cwd: staging,
        file: partial,
        gzip: true,
        portable: true,
        follow: true,
        filter: (entry) =>
          !SKIPPED.has(path.basename(entry)) && entry !== SKIPPED_FOLDER && !entry.startsWith(`${SKIPPED_FOLDER}/`),
      },
      [MANIFEST_ENTRY, DATA_ENTRY],
    );
    await rename(partial, out);
    return { file: out, bytes: (await stat(out)).size, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
