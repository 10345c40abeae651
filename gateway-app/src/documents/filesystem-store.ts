import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHA256_HEX, sha256Of, type DocumentStore, type OpenedDocument, type StoredDocument } from './document-store';

/**
 * Documents as files named by their digest under `<root>/<first two hex digits>/<digest>`, with the media type in a
 * `<digest>.type` file beside them. Writes go to a temporary file first and are linked into place, so a reader never
 * sees half a document and two uploads of the same bytes at once both succeed with one copy.
 */
export class FilesystemDocumentStore implements DocumentStore {
  constructor(private readonly root: string) {}

  /** Only a digest names a file here: nothing a caller passes can reach outside the store's folder. */
  private pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array, mediaType: string): Promise<StoredDocument & { created: boolean }> {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const existing = await this.stat(sha256);
    if (existing) return { ...existing, created: false };
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(`${temporary}.type`, mediaType, { flag: 'wx' });
    await writeFile(temporary, bytes, { flag: 'wx' });
    // The type first, then the bytes: a document present always has its type. link() fails if another upload of
    // the same bytes got there first, which is success too (same name, same bytes).
    await rename(`${temporary}.type`, `${target}.type`);
    const created = await link(temporary, target).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') return false;
        throw err;
      },
    );
    await unlink(temporary);
    return { sha256, size: bytes.byteLength, mediaType, created };
  }

  async stat(sha256: string): Promise<StoredDocument | undefined> {
    const file = this.pathOf(sha256);
    const found = await stat(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!found) return undefined;
    const mediaType = await readFile(`${file}.type`, 'utf8').catch(() => 'application/octet-stream');
    return { sha256, size: found.size, mediaType };
  }

  async open(sha256: string): Promise<OpenedDocument | undefined> {
    const facts = await this.stat(sha256);
    if (!facts) return undefined;
    return { ...facts, body: createReadStream(this.pathOf(sha256)) };
  }
}
