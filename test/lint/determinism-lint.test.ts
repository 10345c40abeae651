import path from 'node:path';
import { expect } from 'chai';
import { ESLint } from 'eslint';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The determinism lint (eslint.config.mjs, files chaincode/**) must catch every source of wall-clock time,
 * randomness and host locale. Each sample line is linted as if it were chaincode and must be reported on its own
 * line; the same text outside chaincode must pass, so the rules are scoped as intended.
 */
const SAMPLES: readonly (readonly [string, string])[] = [
  ['Date.now', 'export const a = Date.now();'],
  ['new Date()', 'export const b = new Date();'],
  ['Date()', 'export const c = Date();'],
  ['Math.random', 'export const d = Math.random();'],
  ['crypto.randomUUID (global)', 'export const e = crypto.randomUUID();'],
  ['crypto.getRandomValues', 'export const f = crypto.getRandomValues(new Uint8Array(4));'],
  ['randomBytes (namespace)', 'export const g = nodeCrypto.randomBytes(8);'],
  ['randomUUID (named import)', 'export const h = randomUUID();'],
  ['randomBytes (named import)', 'export const i = randomBytes(8);'],
  ['performance.now', 'export const j = performance.now();'],
  ['process.hrtime', 'export const k = process.hrtime();'],
  ['process.hrtime.bigint', 'export const l = process.hrtime.bigint();'],
  ['Intl', "export const m = new Intl.NumberFormat('en').format(1);"],
  ['toLocaleString', 'export const n = (1234.5).toLocaleString();'],
  ['toLocaleDateString', 'export const o = new Date(0).toLocaleDateString();'],
  ['toLocaleTimeString', 'export const p = new Date(0).toLocaleTimeString();'],
  ['localeCompare', "export const q = 'a'.localeCompare('b');"],
];

const IMPORTS = [
  "import * as nodeCrypto from 'node:crypto';",
  "import { randomUUID } from 'node:crypto';",
  "import { randomBytes } from 'crypto';",
  "import { performance as perf } from 'node:perf_hooks';",
];

const ALLOWED = [
  "import { createHash } from 'node:crypto';",
  "export const digest = createHash('sha256').update('x').digest('hex');",
  'export const parsed = new Date(Date.parse("2025-01-01T00:00:00Z")).toISOString();',
  'export const fixed = new Date(0).toISOString();',
];

async function lint(text: string, relativePath: string) {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(text, { filePath: path.join(REPO_ROOT, relativePath) });
  return result.messages;
}

describe('determinism lint for chaincode', function () {
  this.timeout(60_000);

  it('reports every source of time, randomness and locale, each on its own line', async () => {
    const lines = [...IMPORTS, ...SAMPLES.map(([, line]) => line)];
    const messages = await lint(lines.join('\n') + '\n', 'chaincode/scene-kit/src/lint-sample.ts');
    const determinism = messages.filter((m) => /^no-restricted-/.test(m.ruleId ?? ''));
    for (const [index, importLine] of IMPORTS.entries()) {
      if (!/random|perf/.test(importLine)) continue;
      expect(
        determinism.some((m) => m.line === index + 1),
        importLine,
      ).to.equal(true);
    }
    for (const [index, [what]] of SAMPLES.entries()) {
      const line = IMPORTS.length + index + 1;
      expect(
        determinism.filter((m) => m.line === line).map((m) => m.message),
        `${what} (line ${line})`,
      ).to.have.length.above(0);
    }
  });

  it('lets deterministic code through, and leaves code outside chaincode alone', async () => {
    const allowed = await lint(ALLOWED.join('\n') + '\n', 'chaincode/patents/src/lint-sample.ts');
    expect(allowed.filter((m) => /^no-restricted-/.test(m.ruleId ?? ''))).to.deep.equal([]);
    const outside = await lint(SAMPLES.map(([, line]) => line).join('\n') + '\n', 'gateway-app/src/lint-sample.ts');
    expect(outside.filter((m) => /^no-restricted-/.test(m.ruleId ?? ''))).to.deep.equal([]);
  });
});
