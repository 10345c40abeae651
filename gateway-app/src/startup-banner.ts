import type { DemoAccount } from './auth/demo-accounts';
import { DEMO_DOCUMENTS } from './demo/demo-documents';

/** What a newcomer needs after `npm start`: where the app is, who to sign in as, and how. */
export function startupBanner(
  url: string,
  accounts: readonly DemoAccount[],
  password: string,
  networkKind: string,
): string {
  // Columns as wide as their longest entry (MSP IDs such as EducationMinistryMSP run past a fixed width).
  const orgWidth = Math.max(3, ...accounts.map((a) => a.mspId.length));
  const rows = accounts.map(
    (a) =>
      `  ${a.username.padEnd(24)} ${a.mspId.padEnd(orgWidth)} ${(a.role ?? (a.isAdmin ? 'org admin' : '-')).padEnd(14)}`,
  );
  return [
    '',
    `Scenechain gateway app is serving on ${url} (${networkKind === 'devnet' ? 'embedded dev network' : 'Fabric network'})`,
    '',
    `  Web UI          ${url}/`,
    `  Verify a record ${url}/#/verify   (public, no sign-in${accounts.length > 0 ? `; try the text of demo document ${DEMO_DOCUMENTS.licence.recordId}` : ''})`,
    `  API docs        ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
    `  Health          ${url}/health   Metrics: ${url}/metrics`,
    ...(accounts.length > 0
      ? [
          '',
          `Demo users (password "${password}"); each acts as their own Fabric identity:`,
          `  ${'username'.padEnd(24)} ${'org'.padEnd(orgWidth)} ${'role'.padEnd(14)}`,
          ...rows,
          '',
          'Sign in on the web UI, or from a shell:',
          `  curl -s ${url}/api/auth/login -H 'content-type: application/json' -d '{"username":"operator1","password":"${password}"}'`,
          `  curl -s ${url}/api/supply-chain/batches/B-JUICE-0001 -H "authorization: Bearer <token>"`,
        ]
      : [
          '',
          'No demo accounts: sign in as an org admin (admin-<org>, password set on first start) and register',
          "the org's users from the MSP folders in the wallet (see gateway-app/README.md).",
        ]),
    'CLI: node gateway-app/dist/cli/main.js --help',
    '',
  ].join('\n');
}
