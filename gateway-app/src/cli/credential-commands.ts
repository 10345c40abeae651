import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ScenarioView } from '../scenarios/scenario-view';
import type { ApiClient } from './api-client';
import { printJson } from './output';
import { CliUsageError } from './request-check';

/** The record view a scenario issues credentials of, or a usage error naming those that do. */
function credentialRecord(scenarios: readonly ScenarioView[], id: string) {
  const issuing = scenarios.filter((s) => s.descriptor.credentials);
  const scenario = issuing.find((s) => s.id === id);
  const record = scenario?.records.find((r) => r.type === scenario.descriptor.credentials?.record);
  if (!scenario || !record) {
    throw new CliUsageError(`${id} issues no credentials; these do: ${issuing.map((s) => s.id).join(', ')}`);
  }
  return { scenario, record };
}

/**
 * `credential`, `verify-credential` and `register-issuer-key`: W3C Verifiable Credentials of records (VC-JWT),
 * fetched as the signed-in user, verified against the ledger by the app (no sign-in).
 */
export function addCredentialCommands(
  program: Command,
  scenarios: readonly ScenarioView[],
  client: () => ApiClient,
): void {
  const verify = async (credential: string) =>
    (await client().call('POST', '/api/public/verify-credential', { credential })).body;

  program
    .command('credential <scenario> <recordId>')
    .description('A record as a verifiable credential (VC-JWT) signed by its issuer; with --verify, verified too')
    .option('-o, --output <file>', 'save the VC-JWT (application/vc+jwt) to this file')
    .option('--verify', 'verify it against the ledger as well')
    .action(async (id: string, recordId: string, opts: { output?: string; verify?: boolean }) => {
      const { scenario, record } = credentialRecord(scenarios, id);
      const path = `/api/${scenario.id}/${record.collection}/${encodeURIComponent(recordId)}/credential`;
      const { credential, document } = (await client().call('GET', path)).body as {
        credential: string;
        document: unknown;
      };
      if (opts.output) await writeFile(opts.output, credential);
      printJson({ credential, document, ...(opts.verify ? { verification: await verify(credential) } : {}) });
    });

  program
    .command('verify-credential <credential>')
    .description('Verify a VC-JWT (its text, or a file holding it): signature, issuer key on the ledger, status')
    .action(async (given: string) => {
      const text = existsSync(given) ? (await readFile(given, 'utf8')).trim() : given.trim();
      printJson(await verify(text));
    });

  program
    .command('register-issuer-key <scenario>')
    .description('Register on the ledger the key the app signs your org’s credentials with (a registrar of the org)')
    .action(async (id: string) => {
      const { scenario } = credentialRecord(scenarios, id);
      printJson((await client().call('POST', `/api/${scenario.id}/credentials/issuer-key`)).body);
    });
}
