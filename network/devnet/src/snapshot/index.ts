export { writeSnapshot, type SnapshotWritten, type WriteSnapshotOptions } from './write-snapshot';
export { restoreSnapshot, type RestoreSnapshotOptions } from './restore-snapshot';
export type { SnapshotManifest } from './snapshot-manifest';
