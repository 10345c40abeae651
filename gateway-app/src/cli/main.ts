#!/usr/bin/env node
import { Command, Option } from 'commander';
import { loadConfig } from '../config/app-config';
import { scenariosOfTopology } from '../scenarios/topology-scenarios';
import { ApiCallError, ApiClient } from './api-client';
import { bulkOutcome } from './bulk-outcome';
import { addCredentialCommands } from './credential-commands';
import { cliVersion } from './cli-version';
import { addDocumentCommands } from './document-commands';
import { filePatents } from './file-patents';
import { importShipments } from './import-shipments';
import { rebuildOffline } from './offline-rebuild';
import { printError, printJson } from './output';
import { promptPassword } from './password-prompt';
import { progressBar, type Progress } from './progress';
import { CliUsageError } from './request-check';
import { addScenarioCommands } from './scenario-commands';
import { addSt96Commands } from './st96-commands';
import { forgetToken, readStoredToken, storeToken, tokenFilePath } from './token-file';

/**
 * `scenechain-app`: the gateway app's operations for scripts. Talks to a running app over its REST API
 * (`--url`, `--token` or SCENECHAIN_URL, SCENECHAIN_TOKEN, else the token `login` stored), answers JSON on
 * stdout, errors as JSON on stderr with exit code 1; a bulk import with failed rows exits with 2.
 */
const program = new Command('scenechain-app')
  .description('Scenechain gateway app CLI: every answer is JSON')
  .version(cliVersion(), '-V, --version', 'the CLI’s version')
  .addOption(new Option('--url <url>', 'the app').env('SCENECHAIN_URL').default('http://127.0.0.1:3000'))
  .addOption(new Option('--token <token>', 'sign-in or API token').env('SCENECHAIN_TOKEN'))
  .showHelpAfterError();

/** The scenarios of the topology the app serves (SCENECHAIN_TOPOLOGY, default network/topology.yaml). */
const appConfig = loadConfig();
const scenarios = scenariosOfTopology(appConfig.network.topologyFile, appConfig.channel);
const scenario = (id: string) => {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`the topology deploys no ${id} scenario on ${appConfig.channel}`);
  return found;
};

/** Where the token of this run came from: a stored one that no longer works calls for a new sign-in. */
let tokenSource: 'option' | 'stored' | 'none' = 'none';
const client = () => {
  const { url, token } = program.opts<{ url: string; token?: string }>();
  if (token) {
    tokenSource = 'option';
    return new ApiClient(url, token);
  }
  const stored = readStoredToken(url);
  tokenSource = stored ? 'stored' : 'none';
  return new ApiClient(url, stored?.token);
};

/** The password from --password or SCENECHAIN_PASSWORD, else asked for on the terminal (never echoed). */
async function passwordFor(username: string, given: string | undefined): Promise<string> {
  if (given) return given;
  if (!process.stdin.isTTY)
    throw new CliUsageError('no password: give --password or SCENECHAIN_PASSWORD (there is no terminal to ask on)');
  return promptPassword(`Password for ${username}: `);
}

/** Prints a bulk import's report on stdout and its summary on stderr; any failed row makes the exit code 2. */
function finishBulk(
  report: object,
  what: string,
  counts: { rows: number; alreadyDone: number; doneNow: number },
  failed: readonly { row: number; code?: string; message: string }[],
): void {
  printJson(report);
  const outcome = bulkOutcome(what, counts, failed);
  process.stderr.write(`${outcome.summary}\n`);
  process.exitCode = outcome.exitCode;
}

program
  .command('login <username>')
  .description(
    'Sign in; prints a sign-in token (and, with --api-token, an API token for scripts); both expire. ' +
      `The token is kept for later commands in ${tokenFilePath()} (readable by you only) unless --no-save`,
  )
  .addOption(new Option('--password <password>', 'asked for on the terminal when not given').env('SCENECHAIN_PASSWORD'))
  .option('--api-token <label>', 'also issue an API token with this label (kept instead of the sign-in token)')
  .option('--no-save', 'do not keep the token for later commands')
  .action(async (username: string, opts: { password?: string; apiToken?: string; save: boolean }) => {
    const password = await passwordFor(username, opts.password);
    const app = new ApiClient(program.opts<{ url: string }>().url);
    const login = await app.call<{ token: string; expiresAt: string; user: unknown }>('POST', '/api/auth/login', {
      username,
      password,
    });
    const apiToken = opts.apiToken
      ? (
          await app
            .withToken(login.body.token)
            .call<{ token: string; expiresAt?: string }>('POST', '/api/auth/tokens', { label: opts.apiToken })
        ).body
      : undefined;
    const savedTo = opts.save
      ? storeToken({
          url: app.baseUrl,
          username,
          token: apiToken?.token ?? login.body.token,
          expiresAt: apiToken?.expiresAt ?? login.body.expiresAt,
        })
      : undefined;
    printJson({ ...login.body, ...(apiToken ? { apiToken: apiToken.token } : {}), ...(savedTo ? { savedTo } : {}) });
  });

program
  .command('logout')
  .description('Sign out: revoke the token in use (--token, or the one `login` kept, which is then forgotten)')
  .action(async () => {
    const app = client();
    if (tokenSource === 'none') throw new CliUsageError('not signed in: no --token and no stored token for this app');
    try {
      await app.call('POST', '/api/auth/logout');
    } catch (err) {
      // A stored token the app no longer accepts is as good as revoked: forget it all the same.
      if (!(tokenSource === 'stored' && err instanceof ApiCallError && err.status === 401)) throw err;
    }
    if (tokenSource === 'stored') forgetToken();
    printJson({ revoked: true, ...(tokenSource === 'stored' ? { forgotten: tokenFilePath() } : {}) });
  });
program
  .command('tokens')
  .description('Your live sign-in sessions and API tokens (ids, labels, expiry; never the secrets)')
  .action(async () => printJson((await client().call('GET', '/api/auth/tokens')).body));
program
  .command('revoke-token <id>')
  .description('Revoke one of your sessions or API tokens by its id (see `tokens`)')
  .action(async (id: string) => {
    await client().call('DELETE', `/api/auth/tokens/${encodeURIComponent(id)}`);
    printJson({ revoked: id });
  });

program
  .command('whoami')
  .description('The signed-in user and their Fabric identity')
  .action(async () => printJson((await client().call('GET', '/api/auth/me')).body));
program
  .command('health')
  .description('The app’s /health')
  .action(async () => printJson((await client().call('GET', '/health')).body));
program
  .command('status <transactionId>')
  .description('Status of a transaction you submitted')
  .action(async (id: string) =>
    printJson((await client().call('GET', `/api/transactions/${encodeURIComponent(id)}`)).body),
  );

program
  .command('file-patents <csv>')
  .description(
    'File patent applications from a CSV file (title, applicantName, ipcClasses, commitment[, onBehalfOf]); resumable',
  )
  .option('--journal <file>', 'progress journal (default <csv>.journal.jsonl)')
  .option('--batch-size <n>', 'applications per transaction', (v) => Number(v), 100)
  .option('--concurrency <n>', 'transactions in flight', (v) => Number(v), 2)
  .action(async (csv: string, opts: { journal?: string; batchSize: number; concurrency: number }) => {
    let bar: Progress | undefined;
    const report = await filePatents({
      client: client(),
      scenario: scenario('patents'),
      csvFile: csv,
      journalFile: opts.journal,
      batchSize: opts.batchSize,
      concurrency: opts.concurrency,
      onProgress: (done, total) => {
        bar ??= progressBar(total, 'filing');
        bar.update(done);
      },
    });
    bar?.stop();
    finishBulk(report, 'file-patents', { ...report, doneNow: report.filedNow }, report.rejected);
  });

program
  .command('import-shipments <csv>')
  .description('Ship batches listed in a CSV file (batchId, receiver[, quantity, splitBatchId]); resumable')
  .option('--journal <file>', 'progress journal (default <csv>.journal.jsonl)')
  .option('--concurrency <n>', 'shipments in flight', (v) => Number(v), 8)
  .action(async (csv: string, opts: { journal?: string; concurrency: number }) => {
    let bar: Progress | undefined;
    const report = await importShipments({
      client: client(),
      scenario: scenario('supply-chain'),
      csvFile: csv,
      journalFile: opts.journal,
      concurrency: opts.concurrency,
      onProgress: (done, total) => {
        bar ??= progressBar(total, 'shipping');
        bar.update(done);
      },
    });
    bar?.stop();
    finishBulk(report, 'import-shipments', { ...report, doneNow: report.shippedNow }, report.failed);
  });

program
  .command('rebuild-read-model')
  .description(
    'Rebuild the read model from block 0: through the running app (org admin token), or --offline with the app stopped',
  )
  .option('--offline', 'open the app’s data and the network directly (configuration as for npm start)')
  .action(async (opts: { offline?: boolean }) => {
    if (opts.offline) printJson(await rebuildOffline(appConfig));
    else printJson((await client().call('POST', '/api/admin/read-model/rebuild')).body);
  });

addDocumentCommands(program, client);
addSt96Commands(program, client);

program
  .command('contribute <scenario> <roundId> <value>')
  .description(
    'Contribute your org’s value to a secure sum round: your org’s app splits it into shares and delivers them; publish your partial sum (publish-partial-sum) with the same value once every share is delivered',
  )
  .action(async (id: string, roundId: string, value: string) => {
    const path = `/api/${encodeURIComponent(scenario(id).id)}/secure-sums/${encodeURIComponent(roundId)}/contributions`;
    printJson((await client().call('POST', path, { value })).body);
  });

addScenarioCommands(program, scenarios, client);
addCredentialCommands(program, scenarios, client);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (tokenSource === 'stored' && err instanceof ApiCallError && err.status === 401)
    err.message += `: the sign-in kept in ${tokenFilePath()} no longer works; sign in again with \`login <username>\``;
  printError(err);
  process.exit(1);
});
