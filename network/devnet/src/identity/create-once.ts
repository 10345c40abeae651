import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates `dir` by filling a temporary sibling and renaming it into place, so that a folder that exists is
 * always complete (an interrupted run leaves no half-written identity behind) and two processes racing to
 * create it end up with one of their results. Returns false, without calling `fill`, when `dir` exists.
 */
export async function createDirOnce(dir: string, fill: (tmpDir: string) => void | Promise<void>): Promise<boolean> {
  if (await exists(dir)) return false;
  await mkdir(path.dirname(dir), { recursive: true });
  const tmpDir = await mkdtemp(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-`));
  try {
    await fill(tmpDir);
    await rename(tmpDir, dir);
    return true;
  } catch (err) {
    await rm(tmpDir, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await exists(dir))) return false;
    throw err;
  }
}

/** Writes a file unless it already exists (keeping what is there). */
export async function writeFileOnce(file: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, content, { flag: 'wx', mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
