import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  flatten,
  isPlural,
  jsFiles,
  LANGUAGES,
  placeholders,
  pluralBase,
  readLocales,
  WEB_ROOT,
} from './support/locale-files';

/**
 * The UI's message files agree with each other and with the code (pure: the files and the web sources only).
 * Each namespace is written by a different hand, so these are the checks that catch a key missing in one
 * language, a placeholder lost in translation, or a `t('ns:key')` naming a key nobody wrote.
 */
describe('web UI message files (zh-CN and en)', () => {
  const locales = readLocales();
  const namespaces = [...new Set(LANGUAGES.flatMap((l) => Object.keys(locales[l])))].sort();
  const messages = (language: (typeof LANGUAGES)[number], ns: string) => flatten(locales[language][ns] ?? {});

  it('has the same namespaces in both languages', () => {
    expect(Object.keys(locales['zh-CN']).sort()).to.deep.equal(Object.keys(locales.en).sort());
  });

  for (const ns of namespaces) {
    describe(`namespace ${ns}`, () => {
      const zh = messages('zh-CN', ns);
      const en = messages('en', ns);

      it('has the same keys in both languages (en _one/_other ⇔ zh-CN _other)', () => {
        const problems: string[] = [];
        const plain = (keys: Iterable<string>) => new Set([...keys].filter((k) => !isPlural(k)));
        const plurals = (keys: Iterable<string>) => new Set([...keys].filter(isPlural).map(pluralBase));
        const [zhPlain, enPlain] = [plain(zh.keys()), plain(en.keys())];
        for (const key of enPlain) if (!zhPlain.has(key)) problems.push(`zh-CN lacks ${ns}:${key}`);
        for (const key of zhPlain) if (!enPlain.has(key)) problems.push(`en lacks ${ns}:${key}`);
        for (const base of new Set([...plurals(zh.keys()), ...plurals(en.keys())])) {
          for (const key of [`${base}_one`, `${base}_other`])
            if (!en.has(key)) problems.push(`en lacks ${ns}:${key} (a plural)`);
          if (!zh.has(`${base}_other`)) problems.push(`zh-CN lacks ${ns}:${base}_other (a plural)`);
          for (const key of zh.keys())
            if (pluralBase(key) === base && !key.endsWith('_other'))
              problems.push(`zh-CN has ${ns}:${key}, but Chinese has only the plural form _other`);
        }
        expect(problems).to.deep.equal([]);
      });

      it('has no empty or non-text messages', () => {
        const problems: string[] = [];
        for (const language of LANGUAGES)
          for (const [key, value] of messages(language, ns))
            if (typeof value !== 'string' || value.trim() === '')
              problems.push(`${language} ${ns}:${key} is ${JSON.stringify(value)}`);
        expect(problems).to.deep.equal([]);
      });

      it('keeps every {{placeholder}} of the English message in the Chinese one', () => {
        const problems: string[] = [];
        for (const [key, value] of en) {
          if (typeof value !== 'string') continue;
          const zhKey = isPlural(key) ? `${pluralBase(key)}_other` : key;
          const translated = zh.get(zhKey);
          if (typeof translated !== 'string') continue; // reported by the key check
          const have = placeholders(translated);
          for (const name of placeholders(value))
            if (!have.has(name)) problems.push(`zh-CN ${ns}:${zhKey} lacks {{${name}}}`);
        }
        expect(problems).to.deep.equal([]);
      });
    });
  }

  it('names only existing keys in the literal t() keys of web/js', () => {
    const known = new Set(namespaces);
    const problems: string[] = [];
    let checked = 0;
    for (const file of jsFiles(path.join(WEB_ROOT, 'js'))) {
      const source = readFileSync(file, 'utf8');
      const where = path.relative(WEB_ROOT, file);
      // `t('ns:key'` and any other 'ns:key' literal of a known namespace (`t(cond ? 'a:x' : 'a:y')`); keys
      // built at run time (`errors:codes.${code}`) are checked where their values are listed.
      const keys = new Set<string>();
      for (const match of source.matchAll(/\bt\(\s*(['"`])([^'"`$\s]+)\1/g)) keys.add(match[2]);
      for (const match of source.matchAll(/(['"`])([a-zA-Z][\w-]*):([\w.-]+)\1/g))
        if (known.has(match[2])) keys.add(`${match[2]}:${match[3]}`);
      for (const full of keys) {
        const [ns, key] = full.includes(':') ? full.split(':', 2) : ['common', full];
        checked += 1;
        if (!known.has(ns)) {
          problems.push(`${where}: t('${full}') names no namespace (${ns}.json)`);
          continue;
        }
        const en = messages('en', ns);
        const zh = messages('zh-CN', ns);
        const exists = (map: Map<string, unknown>) =>
          typeof map.get(key) === 'string' || typeof map.get(`${key}_other`) === 'string';
        if (!exists(en) || !exists(zh))
          problems.push(`${where}: t('${full}') has no message in ${!exists(en) ? 'en' : 'zh-CN'}`);
      }
    }
    expect(checked, 'literal keys found (the scan must see some)').to.be.greaterThan(50);
    expect(problems).to.deep.equal([]);
  });

  it('speaks business words in Chinese: no Fabric jargon outside the ledger explorer', () => {
    // The explorer is for those who look at the ledger itself: it may name endorsements and channels.
    const exempt = new Set(['explorer']);
    // Codes in parentheses beside a word are for support (`机构（Org1MSP）`); placeholders are values.
    const strip = (text: string) =>
      text
        .replace(/（[^（）]*）/g, '')
        .replace(/\([^()]*\)/g, '')
        .replace(/\{\{[^}]*\}\}/g, '');
    const jargon = /MSP|chaincode|read[ -]?model|endorse|背书|链码|读模型/i;
    const problems: string[] = [];
    for (const ns of namespaces.filter((n) => !exempt.has(n)))
      for (const [key, value] of messages('zh-CN', ns))
        if (typeof value === 'string' && jargon.test(strip(value)))
          problems.push(`zh-CN ${ns}:${key}: ${value} (says “${strip(value).match(jargon)?.[0]}”)`);
    expect(problems).to.deep.equal([]);
  });
});
