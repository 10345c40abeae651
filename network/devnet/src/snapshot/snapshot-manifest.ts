import { LedgerToolError } from '../ledger/verify/ledger-tool-error';

/** The first entry of every snapshot archive: what it is and what it holds. */
export const MANIFEST_ENTRY = 'scenechain-snapshot.json';
/** The data folder's files sit under this folder of the archive. */
export const DATA_ENTRY = 'data';
const FORMAT = 'scenechain-devnet-snapshot';
const VERSION = 1;

export interface SnapshotManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly createdAt: string;
  /** Each channel's height when the snapshot was taken (restores are checked against it). */
  readonly channels: ReadonlyArray<{ readonly name: string; readonly height: number }>;
}

export function newManifest(channels: SnapshotManifest['channels']): SnapshotManifest {
  return { format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), channels };
}

export function parseManifest(text: string, file: string): SnapshotManifest {
  let parsed: Partial<SnapshotManifest> | null;
  try {
    parsed = JSON.parse(text) as Partial<SnapshotManifest> | null;
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.format !== FORMAT) throw new LedgerToolError(`${file} is not a dev network snapshot`);
  if (parsed.version !== VERSION) {
    throw new LedgerToolError(
      `${file} is a version ${String(parsed.version)} snapshot; this dev network reads version ${VERSION}`,
    );
  }
  const channels = parsed.channels;
  if (
    !Array.isArray(channels) ||
    !channels.every((c) => typeof c?.name === 'string' && Number.isSafeInteger(c?.height) && c.height >= 0)
  ) {
    throw new LedgerToolError(`${file}: the snapshot's manifest has no valid channel list`);
  }
  return parsed as SnapshotManifest;
}
