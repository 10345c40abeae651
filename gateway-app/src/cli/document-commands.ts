import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { sha256Of } from '../documents/document-store';
import type { ApiClient } from './api-client';
import { printJson } from './output';
import { CliUsageError } from './request-check';

/**
 * `upload`, `download` and `verify-file`: the document store and verification by file. The CLI hashes what it
 * sends and what it receives as well, so a file changed on the way is reported, never saved as the document.
 */
export function addDocumentCommands(program: Command, client: () => ApiClient): void {
  program
    .command('upload <file>')
    .description('Store a document in the app’s document store; answers its sha256, size and media type')
    .option('--type <mediaType>', 'the file’s media type (default: detected from its content)')
    .action(async (file: string, opts: { type?: string }) => {
      const bytes = await readFile(file);
      const headers = { 'content-type': opts.type ?? 'application/octet-stream' };
      const answer = await client().bytes('POST', '/api/documents', bytes, headers);
      const stored = JSON.parse(answer.body.toString('utf8')) as { sha256: string };
      if (stored.sha256 !== sha256Of(bytes))
        throw new Error(`the app stored ${stored.sha256}, but the file hashes to ${sha256Of(bytes)}`);
      printJson(stored);
    });

  program
    .command('download <sha256>')
    .description('Download an anchored document (for readers of a record that anchors it), checked against its digest')
    .requiredOption('-o, --output <file>', 'where to save it')
    .action(async (sha256: string, opts: { output: string }) => {
      if (!/^[0-9a-f]{64}$/.test(sha256))
        throw new CliUsageError(`'${sha256}' is not a SHA-256 digest as 64 lower-case hex digits`);
      const answer = await client().bytes('GET', `/api/documents/${sha256}`);
      const actual = sha256Of(answer.body);
      if (actual !== sha256) throw new Error(`the download hashes to ${actual}, not ${sha256}: not saved`);
      await writeFile(opts.output, answer.body);
      const mediaType = answer.headers.get('content-type') ?? 'application/octet-stream';
      printJson({ sha256, size: answer.body.byteLength, mediaType, file: opts.output });
    });

  program
    .command('verify-file <file>')
    .description('Is this file an anchored, still-valid document? Which record, since which block (no sign-in)')
    .action(async (file: string) => {
      const bytes = await readFile(file);
      const headers = { 'content-type': 'application/octet-stream' };
      const answer = await client().bytes('POST', '/api/public/verify-file', bytes, headers);
      printJson(JSON.parse(answer.body.toString('utf8')));
    });
}
