/**
 * A record's data as people read it: a definition list, nested objects as nested lists, arrays of objects as
 * tables, lists of values as chips; states as badges, organisations by name with their code, times in the
 * user's zone, and values that name another record as links to it (its title or name added once read).
 */
import { api, fillPath } from '../api.js';
import { h } from '../dom.js';
import { formatDate, formatNumber, formatTime, scenarioText, t } from '../i18n.js';
import { downloadButton } from './document-file.js';
import { fieldLabel, orgLabel, stateBadge } from './record-words.js';
import { recordHref, relatedView } from './related-records.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DIGEST = /^[0-9a-f]{64}$/;
const DOCUMENT_FIELD = /Hash$/;
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
/** Fields of another record whose value is worth showing beside its ID. */
const NAME_FIELDS = ['title', 'name', 'licenseeName', 'applicantName'];

/**
 * `context`: `{ scenario, view, data, orgs, hrefFor? }` (orgs: the channel's MSP IDs; `hrefFor(view, id)`: where
 * a linked record opens, by default its record page). Links to other records are collected in `context.links`
 * so `nameLinkedRecords` can add their names.
 */
export function recordDetails(context, data = context.data) {
  context.links ??= [];
  return objectList(context, data, '');
}

function objectList(context, object, prefix) {
  const entries = Object.entries(object).filter(([, v]) => v !== undefined);
  if (!entries.length) return h('span', { className: 'muted' }, t('record:empty'));
  return h(
    'dl',
    { className: prefix ? 'kv nested' : 'kv' },
    entries.flatMap(([key, value]) => [
      h('dt', { dataset: { field: key } }, fieldLabel(context.scenario, key)),
      h('dd', { dataset: { field: key } }, displayValue(context, key, value, prefix ? `${prefix}.${key}` : key)),
    ]),
  );
}

function displayValue(context, key, value, path) {
  if (value === null || value === undefined || value === '') return h('span', { className: 'muted' }, '—');
  if (Array.isArray(value)) return arrayOf(context, key, value, path);
  if (typeof value === 'object') return objectList(context, value, path);
  if (typeof value === 'boolean') return value ? t('record:yes') : t('record:no');
  if (typeof value === 'number') return formatNumber(value);
  const text = String(value);
  if (key === 'status' || key === 'to' || key === 'from') return stateBadge(context.scenario, text);
  const related = relatedView(context.scenario, context.view, path, context.data);
  const org = context.orgs?.includes(text) ? orgLabel(text) : null;
  if (related) {
    const link = h('a', { href: hrefOf(context, related, text), dataset: { related: related.type } }, org ?? text);
    context.links.push({ view: related, id: text, link });
    return link;
  }
  if (org) return org;
  if (INSTANT.test(text)) return h('time', { datetime: text, title: text }, formatTime(text));
  if (DAY.test(text)) return h('time', { datetime: text }, formatDate(text));
  if (DIGEST.test(text)) {
    const digest = h('code', { className: 'mono digest' }, text);
    // A document's digest (`documentHash`, `voucherHash`): the file may be in the document store.
    return DOCUMENT_FIELD.test(key) ? h('span', {}, digest, downloadButton(text)) : digest;
  }
  // A code the scenario has a word for (a unit, a kind, an enum value of any case), with the code as its title.
  const word = scenarioText(context.scenario, 'values', text, '');
  if (word || CODE.test(text)) return h('span', { title: text }, word || text);
  return text;
}

function hrefOf(context, view, id) {
  return context.hrefFor ? context.hrefFor(view, id) : recordHref(context.scenario, view, id);
}

function arrayOf(context, key, values, path) {
  if (!values.length) return h('span', { className: 'muted' }, t('record:empty'));
  if (values.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    const columns = [...new Set(values.flatMap((v) => Object.keys(v)))];
    return h(
      'div',
      { className: 'table-wrap' },
      h(
        'table',
        { className: 'inner', dataset: { field: key } },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            columns.map((c) => h('th', {}, fieldLabel(context.scenario, c))),
          ),
        ),
        h(
          'tbody',
          {},
          values.map((row) =>
            h(
              'tr',
              {},
              columns.map((c) => h('td', {}, displayValue(context, c, row[c], `${path}.${c}`))),
            ),
          ),
        ),
      ),
    );
  }
  return h(
    'ul',
    { className: 'chips plain', dataset: { field: key } },
    values.map((v) => h('li', { className: 'chip' }, displayValue(context, key, v, path))),
  );
}

/** Records as a table (one row each, a column per field), with the same words, badges and links as details. */
export function recordTable(context, key, rows) {
  context.links ??= [];
  return arrayOf(context, key, rows, key);
}

/** Reads each linked record once (up to `max`) and adds its title or name beside the link. */
export async function nameLinkedRecords(context, max = 20) {
  const byKey = new Map();
  for (const entry of context.links ?? []) {
    const key = `${entry.view.type}/${entry.id}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(entry);
  }
  await Promise.all(
    [...byKey.values()].slice(0, max).map(async (entries) => {
      const { view, id } = entries[0];
      const get = context.scenario.actions.find((a) => a.transaction === view.get && a.allowed !== false);
      if (!get) return;
      const stored = await api('GET', fillPath(get.path, { [view.keyField]: id })).catch(() => null);
      const data = stored?.data;
      const name = data && NAME_FIELDS.map((f) => data[f]).find((v) => typeof v === 'string' && v);
      for (const { link } of entries) {
        if (data?.status) link.after(' ', stateBadge(context.scenario, data.status));
        if (name) link.after(h('span', { className: 'related-name' }, ` · ${name}`));
      }
    }),
  );
}
