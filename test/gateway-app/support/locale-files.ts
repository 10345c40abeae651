import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../gateway-app/src/config/app-config';

export const WEB_ROOT = path.join(REPO_ROOT, 'gateway-app', 'web');
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The UI's messages: language → namespace → its JSON, read from `web/locales/<language>/<namespace>.json`. */
export function readLocales(): Record<Language, Record<string, unknown>> {
  const read = (language: Language) => {
    const folder = path.join(WEB_ROOT, 'locales', language);
    return Object.fromEntries(
      readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => [name.slice(0, -'.json'.length), JSON.parse(readFileSync(path.join(folder, name), 'utf8'))]),
    ) as Record<string, unknown>;
  };
  return { 'zh-CN': read('zh-CN'), en: read('en') };
}

/** Every message of a namespace as dotted key → value (a value that is not a string is kept, to be reported). */
export function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, inner] of Object.entries(value)) {
      for (const [key, leaf] of flatten(inner, prefix ? `${prefix}.${name}` : name)) out.set(key, leaf);
    }
  } else out.set(prefix, value);
  return out;
}

/** i18next's plural suffixes (CLDR categories): `count_one` and `count_other` are the plural forms of `count`. */
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** A key without its plural suffix. */
export const pluralBase = (key: string): string => key.replace(PLURAL, '');
export const isPlural = (key: string): boolean => PLURAL.test(key);

/** The `{{name}}` placeholders of a message. */
export function placeholders(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)) names.add(match[1]);
  return names;
}

/** Every `.js` file under a folder. */
export function jsFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}
