import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedFiles } from './generated-files';

/**
 * Writes and compares generated trees. The generator owns only the files and folders it writes
 * (`ownedRoots`), so the committed network/fabric/ may hold other files (a .gitignore, the work dir) next to
 * them, and a running network's work dir keeps what network.sh writes there: `nodecfg/{base,peer,orderer}`
 * (the merged core.yaml/orderer.yaml every node and the peer CLI read) must survive a regeneration.
 */
export const ownedRoots = [
  'crypto-config.yaml',
  'configtx',
  'nodecfg/core.overlay.yaml',
  'nodecfg/orderer.overlay.yaml',
  'compose',
  'nodes',
  'ccaas',
  'network-plan.env',
];

function listFiles(root: string, relative = ''): string[] {
  const dir = path.join(root, relative);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const child = path.posix.join(relative, entry);
    return statSync(path.join(root, child)).isDirectory() ? listFiles(root, child) : [child];
  });
}

/** Files under the owned roots of `dir`, by relative path. */
export function readGeneratedTree(dir: string, roots: readonly string[] = ownedRoots): Map<string, string> {
  const files = new Map<string, string>();
  for (const root of roots) {
    const full = path.join(dir, root);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      continue;
    }
    const paths = isDir ? listFiles(dir, root) : [root];
    for (const file of paths) files.set(file, readFileSync(path.join(dir, file), 'utf8'));
  }
  return files;
}

/** Replaces the owned roots of `dir` with `files` (stale files of an older topology disappear). */
export function writeGeneratedTree(dir: string, files: GeneratedFiles, roots: readonly string[] = ownedRoots): void {
  for (const root of roots) rmSync(path.join(dir, root), { recursive: true, force: true });
  for (const [file, content] of files) {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Human-readable differences between an expected and an actual tree; empty when they agree. */
export function compareGeneratedTrees(expected: GeneratedFiles, actual: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, content] of expected) {
    const found = actual.get(file);
    if (found === undefined) problems.push(`missing: ${file}`);
    else if (found !== content) problems.push(`differs: ${file}`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) problems.push(`not generated (stale): ${file}`);
  return problems;
}
