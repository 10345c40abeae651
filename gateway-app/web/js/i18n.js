/* global document, fetch, localStorage */
/**
 * The UI's language and time zone. Chinese (zh-CN) unless the user picked English; times in Asia/Shanghai unless
 * the user picked another zone. Messages come from i18next with one JSON file per view and language under
 * `web/locales/<language>/<view>.json` (the server merges them into `/locales/<language>.json`). Scenario words
 * (titles, records, fields, states, actions, events) come from the scenario's own descriptor (`labels`).
 */
import i18next from '/vendor/i18next.js';

export const LANGUAGES = [
  { code: 'zh-CN', name: '中文' },
  { code: 'en', name: 'English' },
];
export const DEFAULT_LANGUAGE = 'zh-CN';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const LANGUAGE_KEY = 'scenechain.lang';
const TIME_ZONE_KEY = 'scenechain.timeZone';

function storedLanguage() {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  return LANGUAGES.some((l) => l.code === stored) ? stored : DEFAULT_LANGUAGE;
}

/** Loads the chosen language's messages (English too, as the fallback for a key not yet translated). */
export async function startI18n() {
  const lng = storedLanguage();
  const wanted = lng === 'en' ? ['en'] : [lng, 'en'];
  const loaded = await Promise.all(
    wanted.map(async (code) => {
      const response = await fetch(`/locales/${code}.json`);
      if (!response.ok) throw new Error(`/locales/${code}.json: HTTP ${response.status}`);
      return [code, await response.json()];
    }),
  );
  await i18next.init({
    lng,
    fallbackLng: 'en',
    resources: Object.fromEntries(loaded),
    ns: Object.keys(loaded[0][1]),
    defaultNS: 'common',
    // The DOM is built with text nodes (dom.js `h`), never HTML strings: nothing to escape here.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
}

/** `t('verify:title')`, `t('common:signOut')`, with `{{name}}` values and `count` plurals (i18next). */
export function t(key, values) {
  return i18next.t(key, values);
}

export function language() {
  return i18next.language ?? DEFAULT_LANGUAGE;
}

export function setLanguage(code) {
  localStorage.setItem(LANGUAGE_KEY, code);
}

export function timeZone() {
  const stored = localStorage.getItem(TIME_ZONE_KEY);
  return stored && validTimeZone(stored) ? stored : DEFAULT_TIME_ZONE;
}

export function setTimeZone(zone) {
  if (!validTimeZone(zone)) throw new Error(`unknown time zone ${zone}`);
  localStorage.setItem(TIME_ZONE_KEY, zone);
}

function validTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A ledger or app timestamp in the user's language and time zone (`2026年12月2日 14:05`). */
export function formatTime(iso, style = { dateStyle: 'medium', timeStyle: 'short' }) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(language(), { ...style, timeZone: timeZone() }).format(date);
}

export function formatDate(iso) {
  return formatTime(iso, { dateStyle: 'medium' });
}

export function formatNumber(value, options) {
  return new Intl.NumberFormat(language(), options).format(value);
}

/**
 * A scenario's own word for one of its names, in the user's language: `kind` is one of `records`, `fields`,
 * `states`, `flows`, `descriptions`, `events`, `values`; `name` the descriptor's. The fallback (what the descriptor
 * says in English, or the name in words) answers when the scenario has no word for it in this language.
 */
export function scenarioText(scenario, kind, name, fallback) {
  const labels = scenario?.labels?.[language()];
  const word = kind === 'title' || kind === 'summary' ? labels?.[kind] : labels?.[kind]?.[name];
  return typeof word === 'string' && word ? word : (fallback ?? humanise(name));
}

const organisations = new Map();

/** The network's orgs with their names per language (the catalog's `organisations`, from the topology). */
export function rememberOrganisations(list) {
  for (const org of list ?? []) organisations.set(org.mspId, org);
}

/** What people call an org in the user's language: its label, else the topology's name in words, else the ID. */
export function orgName(mspId) {
  const org = organisations.get(mspId);
  const label = org?.labels?.[language()];
  if (label) return label;
  return humanise(org?.name ?? String(mspId ?? '').replace(/MSP$/, ''));
}

/** A role attribute (`loan-officer`) in words (`信贷员`); a role the UI has no word for, in words from its name. */
export function roleName(role) {
  return t(`admin:roles.${role}`, { defaultValue: '' }) || humanise(role);
}

/** `recordType` → `Record type`: the last resort for a name with no label. */
export function humanise(name) {
  return String(name ?? '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());
}
