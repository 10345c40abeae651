import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { API_ERROR_CODES } from '../../gateway-app/src/errors/error-codes';
import { REPO_ROOT } from '../../gateway-app/src/config/app-config';
import { flatten, LANGUAGES, readLocales } from './support/locale-files';

function tsFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Every error code the REST API can answer with has a message for people in both languages (the web UI's
 * `errors` namespace), so a new code added without one fails here, by name.
 */
describe('error messages for every REST API error code', () => {
  const locales = readLocales();

  for (const language of LANGUAGES) {
    it(`has a message in ${language} for each code`, () => {
      const codes = flatten((locales[language].errors as { codes?: unknown } | undefined)?.codes ?? {});
      const missing = API_ERROR_CODES.filter((code) => typeof codes.get(code) !== 'string');
      expect(missing, `codes without a message in web/locales/${language}/errors.json`).to.deep.equal([]);
    });

    it(`writes the fuller messages (${language}, with facts) only for codes the API has`, () => {
      const withFacts = Object.keys((locales[language].errors as { withFacts?: object }).withFacts ?? {});
      expect(withFacts.filter((code) => !(API_ERROR_CODES as readonly string[]).includes(code))).to.deep.equal([]);
    });
  }

  it('lists every code the app’s sources raise (the list the messages are checked against)', () => {
    // AppError's type already refuses an unlisted code; this also covers error bodies written by hand.
    const patterns = [
      /\b(?:badRequest|unauthorised|notFound|conflict)\(\s*'([A-Z][A-Z_]+)'/g,
      /new AppError\(\s*\d+,\s*'([A-Z][A-Z_]+)'/g,
      /\bcode: '([A-Z][A-Z_]+)'/g,
    ];
    const found = new Map<string, string>();
    for (const file of tsFiles(path.join(REPO_ROOT, 'gateway-app', 'src'))) {
      const source = readFileSync(file, 'utf8');
      for (const pattern of patterns)
        for (const match of source.matchAll(pattern)) found.set(match[1], path.relative(REPO_ROOT, file));
    }
    expect(found.size, 'codes found in the sources (the scan must see them)').to.be.greaterThan(30);
    const unlisted = [...found].filter(([code]) => !(API_ERROR_CODES as readonly string[]).includes(code));
    expect(
      unlisted.map(([code, file]) => `${code} (${file})`),
      'codes missing from API_ERROR_CODES',
    ).to.deep.equal([]);
  });
});
