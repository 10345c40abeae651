import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ApiClient } from './api-client';
import { printJson } from './output';
import { CliUsageError } from './request-check';

const applicationsIn = (xml: string): number => (xml.match(/<sce:Application>/g) ?? []).length;

/**
 * `st96-export` and `st96-import`: the patent register's WIPO ST.96 exchange documents (see the app's
 * `/api/patents/st96/applications` routes). Export writes the document to a file and answers what it holds;
 * import files every application of a document in one transaction and answers the new application numbers.
 */
export function addSt96Commands(program: Command, client: () => ApiClient): void {
  program
    .command('st96-export [applicationId]')
    .description(
      'Export an application (or, with --owner, up to --limit of an org’s applications) as WIPO ST.96 XML; ' +
        'answers the file, how many applications it holds and the bookmark of the next document',
    )
    .requiredOption('-o, --output <file>', 'where to save the XML')
    .option('--owner <mspId>', 'export the applications this org owns instead of one application')
    .option('--status <status>', 'with --owner: only applications in this state')
    .option('--limit <n>', 'with --owner: at most this many (1 to 500, what one import files)', (v) => Number(v), 100)
    .option('--bookmark <bookmark>', 'with --owner: continue where an earlier export stopped')
    .action(
      async (
        applicationId: string | undefined,
        opts: { output: string; owner?: string; status?: string; limit: number; bookmark?: string },
      ) => {
        if (!applicationId === !opts.owner)
          throw new CliUsageError('name one application, or give --owner for an org’s applications (not both)');
        const path = applicationId
          ? `/api/patents/applications/${encodeURIComponent(applicationId)}/st96`
          : `/api/patents/st96/applications?${new URLSearchParams({
              owner: opts.owner!,
              limit: String(opts.limit),
              ...(opts.status ? { status: opts.status } : {}),
              ...(opts.bookmark ? { bookmark: opts.bookmark } : {}),
            }).toString()}`;
        const answer = await client().bytes('GET', path);
        await writeFile(opts.output, answer.body);
        const xml = answer.body.toString('utf8');
        printJson({
          file: opts.output,
          applications: applicationsIn(xml),
          ...(applicationId ? {} : { bookmark: decodeURIComponent(answer.headers.get('x-bookmark') ?? '') }),
        });
      },
    );

  program
    .command('st96-import <file>')
    .description(
      'File every application of a WIPO ST.96 exchange document (sce:PatentExchange) in one transaction, all or ' +
        'none; answers the new application numbers',
    )
    .option('--idempotency-key <key>', 'makes a retry safe: the same key and file answer the first result again')
    .action(async (file: string, opts: { idempotencyKey?: string }) => {
      const headers = {
        'content-type': 'application/xml',
        ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
      };
      const answer = await client().bytes('POST', '/api/patents/st96/applications', await readFile(file), headers);
      const committed = JSON.parse(answer.body.toString('utf8')) as {
        transactionId: string;
        blockNumber: string;
        result: { count: number; applicationIds: string[] };
      };
      printJson({
        transactionId: committed.transactionId,
        blockNumber: committed.blockNumber,
        filed: committed.result.count,
        applicationIds: committed.result.applicationIds,
      });
    });
}
