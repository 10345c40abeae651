#!/usr/bin/env node
import { Command, Option } from 'commander';
import { loadConfig } from '../config/app-config';
import { scenariosOfTopology } from '../scenarios/topology-scenarios';
import { ApiClient } from './api-client';
import { filePatents } from './file-patents';
import { importShipments } from './import-shipments';
import { rebuildOffline } from './offline-rebuild';
import { printError, printJson } from './output';
import { progressBar } from './progress';
import { addScenarioCommands } from './scenario-commands';

/**
 * `scenechain-app`: the gateway app's operations for scripts. Talks to a running app over its REST API
 * (`--url`, `--token` or SCENECHAIN_URL, SCENECHAIN_TOKEN), answers JSON on stdout, errors as JSON on stderr
 * with exit code 1.
 */
const program = new Command('scenechain-app')
  .description('Scenechain gateway app CLI: every answer is JSON')
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

const client = () => {
  const { url, token } = program.opts<{ url: string; token?: string }>();
  return new ApiClient(url, token);
};

program
  .command('login <username>')
  .description('Sign in; prints a sign-in token (and, with --api-token, an API token for scripts); both expire')
  .addOption(new Option('--password <password>').env('SCENECHAIN_PASSWORD').makeOptionMandatory())
  .option('--api-token <label>', 'also issue an API token with this label')
  .action(async (username: string, opts: { password: string; apiToken?: string }) => {
    const login = await client().call<{ token: string; expiresAt: string; user: unknown }>('POST', '/api/auth/login', {
      username,
      password: opts.password,
    });
    const apiToken = opts.apiToken
      ? (
          await client()
            .withToken(login.body.token)
            .call<{ token: string }>('POST', '/api/auth/tokens', { label: opts.apiToken })
        ).body.token
      : undefined;
    printJson({ ...login.body, ...(apiToken ? { apiToken } : {}) });
  });

program
  .command('logout')
  .description('Sign out: revoke the token given with --token (a sign-in session or an API token)')
  .action(async () => {
    await client().call('POST', '/api/auth/logout');
    printJson({ revoked: true });
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
    let bar: ReturnType<typeof progressBar> | undefined;
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
    printJson(report);
  });

program
  .command('import-shipments <csv>')
  .description('Ship batches listed in a CSV file (batchId, receiver[, quantity, splitBatchId]); resumable')
  .option('--journal <file>', 'progress journal (default <csv>.journal.jsonl)')
  .option('--concurrency <n>', 'shipments in flight', (v) => Number(v), 8)
  .action(async (csv: string, opts: { journal?: string; concurrency: number }) => {
    let bar: ReturnType<typeof progressBar> | undefined;
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
    printJson(report);
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

addScenarioCommands(program, scenarios, client);

program.parseAsync(process.argv).catch((err: unknown) => {
  printError(err);
  process.exit(1);
});
