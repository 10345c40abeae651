/**
 * What a query answered, as people read it: its record first, then its lists, in the scenario's words, each part
 * a panel (record details or a table), with links to the records it names. Stored records show as their data and
 * pages as their items; facts of the answer itself (a verdict, a count) come first, together.
 */
import { h } from '../dom.js';
import { scenarioText } from '../i18n.js';
import { recordDetails, recordTable } from './record-details.js';

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isStored = (value) => isObject(value) && 'data' in value && 'audit' in value;
const isPage = (value) => isObject(value) && Array.isArray(value.items) && 'bookmark' in value;

/** Stored records as their data and pages as their items, so the answer reads as one document. */
export function plain(value) {
  if (Array.isArray(value)) return value.map(plain);
  if (!isObject(value)) return value;
  if (isStored(value)) return plain(value.data);
  if (isPage(value)) return plain(value.items);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
}

/** The answer's parts: one record or list as it is; else its own facts together, then records, then lists. */
function partsOf(answer, type) {
  const value = plain(answer);
  if (isStored(answer) || isPage(answer) || !isObject(value)) return [{ key: null, type, value }];
  const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
  const facts = entries.filter(([, inner]) => !isObject(inner) && !Array.isArray(inner));
  return [
    ...(facts.length
      ? [{ key: null, type: entries.length === facts.length ? type : undefined, value: Object.fromEntries(facts) }]
      : []),
    ...entries.filter(([, inner]) => isObject(inner)).map(([key, inner]) => ({ key, value: inner })),
    ...entries.filter(([, inner]) => Array.isArray(inner)).map(([key, inner]) => ({ key, value: inner })),
  ];
}

/** The record view a part shows: its declared type, one named like the part (`project`, `disbursements`). */
function viewOfPart(records, part) {
  const named = part.key?.toLowerCase().replace(/s$/, '');
  return (
    records.find((view) => part.type !== undefined && view.type === part.type) ??
    records.find((view) => named !== undefined && view.type.toLowerCase() === named)
  );
}

function partView(context, part) {
  const view = viewOfPart(context.scenario.records, part);
  const local = { ...context, view: view ?? context.view ?? {}, data: part.value };
  const title = view
    ? scenarioText(context.scenario, 'records', view.type, view.title)
    : part.key && scenarioText(context.scenario, 'fields', part.key, part.key);
  let body;
  if (Array.isArray(part.value)) body = recordTable(local, part.key ?? view?.collection ?? 'items', part.value);
  else if (isObject(part.value)) body = recordDetails(local, part.value);
  else body = h('p', {}, String(part.value));
  return h(
    'div',
    { className: 'panel answer-part', dataset: { part: part.key ?? 'record' } },
    title ? h('h3', {}, title) : null,
    body,
  );
}

/**
 * `context`: as `recordDetails` takes it (`{ scenario, orgs, hrefFor? }`); `type`: the record type the query
 * reads, if any.
 */
export function answerView(context, answer, type) {
  return partsOf(answer, type).map((part) => partView(context, part));
}
