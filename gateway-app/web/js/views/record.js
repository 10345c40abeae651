/* global location */
import { api, catalog, fillPath, ApiError } from '../api.js';
import { badge, formatTime, h, humanise, notice } from '../dom.js';
import { provenanceGraph } from '../components/provenance-graph.js';
import { patentStages, timeline } from '../components/timeline.js';

const HASH_FIELDS = /Hash$|^commitment$/;

function displayValue(value) {
  if (value === null || value === undefined) return h('span', { className: 'muted' }, '—');
  if (typeof value === 'object') return h('code', {}, JSON.stringify(value));
  return String(value);
}

function dataList(data) {
  return h(
    'dl',
    { className: 'kv' },
    Object.entries(data).flatMap(([k, v]) => [
      h('dt', {}, humanise(k)),
      h('dd', {}, k === 'status' ? badge(v) : displayValue(v)),
    ]),
  );
}

function hashCards(data) {
  const hashes = Object.entries(data).filter(([k, v]) => HASH_FIELDS.test(k) && typeof v === 'string');
  if (!hashes.length) return null;
  return h(
    'div',
    { className: 'panel' },
    h('h3', {}, 'Document fingerprints'),
    h(
      'div',
      { className: 'grid' },
      hashes.map(([name, hash]) =>
        h(
          'div',
          {},
          h('img', { className: 'qr', src: `/api/public/qr?text=${hash}`, alt: `QR code of ${name}` }),
          h('div', { className: 'muted' }, humanise(name)),
          h('div', { className: 'mono', style: 'word-break: break-all' }, hash),
          name === 'documentHash' ? h('a', { href: `#/verify?hash=${hash}` }, 'Verify this document') : null,
        ),
      ),
    ),
  );
}

async function provenancePanel(scenario, id, kind) {
  const trace = scenario.actions.find((a) => a.transaction === 'trace');
  if (!trace) return null;
  const [up, down] = await Promise.all(
    ['upstream', 'downstream'].map((direction) =>
      api('GET', fillPath(trace.path, { id }, { direction, maxDepth: 5, pageSize: 100 })),
    ),
  );
  const graph = provenanceGraph({ id, kind }, up.items, down.items, (node) => {
    if (node.id !== id)
      location.hash = `#/s/${scenario.id}/r/${node.kind === 'pallet' ? 'Pallet' : 'Batch'}/${encodeURIComponent(node.id)}`;
  });
  return h(
    'div',
    { className: 'panel', id: 'provenance' },
    h('h3', {}, 'Provenance'),
    h(
      'p',
      { className: 'muted' },
      `${up.items.length} upstream, ${down.items.length} downstream (click an item to open it)`,
    ),
    h('div', { className: 'graph' }, graph),
  );
}

/** A record from the ledger: its data, history timeline, what can be done to it, and pictures where they help. */
export async function recordView(scenarioId, recordType, id) {
  const { items } = await catalog();
  const scenario = items.find((s) => s.id === scenarioId);
  const view = scenario?.records.find((r) => r.type === recordType);
  if (!scenario || !view) return h('p', {}, 'Unknown record type.');
  const getAction = view.get && scenario.actions.find((a) => a.transaction === view.get);
  let stored = null;
  let problem = null;
  if (getAction) {
    try {
      stored = await api('GET', fillPath(getAction.path, { [view.keyField]: id }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const readUnderConsent = scenario.actions.find((a) => a.transaction === 'accessRecord' && a.allowed);
      const underConsent = err.code === 'FORBIDDEN' && readUnderConsent;
      problem = notice(
        'bad',
        `${err.code}: ${err.message}`,
        underConsent
          ? h(
              'div',
              { id: 'consent-hint' },
              'If its subject gave your organisation a consent, read it under that consent. ',
              h(
                'a',
                {
                  className: 'button secondary',
                  href: `#/s/${scenario.id}/a/accessRecord?${view.keyField}=${encodeURIComponent(id)}`,
                },
                readUnderConsent.summary,
              ),
            )
          : null,
      );
    }
  }
  // Personal data the read model does not show this user: the ledger's answer (or refusal) is all there is.
  const projected = view.listed
    ? await api('GET', `/api/${scenario.id}/timeline/${recordType}/${encodeURIComponent(id)}`)
    : { record: null, items: [] };
  let history;
  const historyAction = view.history && scenario.actions.find((a) => a.transaction === view.history);
  if (historyAction && stored) {
    const page = await api('GET', fillPath(historyAction.path, { [view.keyField]: id }, { pageSize: 50 }));
    history = page.items
      .filter((e) => e.record)
      .map((e) => ({ ...e.record.audit, timestamp: e.timestamp, txId: e.txId }));
  } else {
    history = projected.items.slice().reverse();
  }
  const data = stored?.data ?? projected.record?.details ?? {};
  const status = stored?.data?.status ?? projected.record?.status;

  // The ledger's answer lists what this user may do now: the state machine's rule for their org and role.
  const offered = stored?.actions ?? [];
  const actionPanel = h(
    'div',
    { className: 'panel', id: 'record-actions' },
    h('h3', {}, 'Actions'),
    offered.length
      ? h(
          'div',
          { className: 'actions' },
          offered.map((a) =>
            h(
              'a',
              {
                className: 'button secondary',
                'data-transaction': a.transaction,
                href: `#/s/${scenario.id}/a/${a.transaction}?${view.keyField}=${encodeURIComponent(id)}`,
              },
              a.label,
            ),
          ),
        )
      : h(
          'p',
          { className: 'muted' },
          stored
            ? `Nothing you may do to this ${humanise(recordType).toLowerCase()} in its state ${status ?? ''}.`
            : 'Actions are offered on records read from the ledger.',
        ),
  );

  const pictures = [];
  if (recordType === 'Batch' || recordType === 'Pallet')
    pictures.push(await provenancePanel(scenario, id, recordType.toLowerCase()).catch(() => null));
  return h(
    'section',
    {},
    h('p', {}, h('a', { href: `#/s/${scenario.id}/${recordType}` }, `← ${view.title}`)),
    h('h1', {}, `${humanise(recordType)} ${id} `, status ? badge(status) : null),
    h(
      'p',
      { className: 'sub' },
      stored
        ? `Revision ${stored.audit.revision}, last changed ${formatTime(stored.audit.timestamp)} by ${stored.audit.actor.mspId}`
        : 'From the read model',
    ),
    problem,
    recordType === 'Patent' && status
      ? h('div', { className: 'panel' }, h('h3', {}, 'Lifecycle'), patentStages(status))
      : null,
    pictures,
    h(
      'div',
      { className: 'cols' },
      h('div', { className: 'panel' }, h('h3', {}, 'Details'), dataList(data)),
      h('div', {}, actionPanel, h('div', { className: 'panel' }, h('h3', {}, 'History'), timeline(history))),
    ),
    hashCards(data),
  );
}
