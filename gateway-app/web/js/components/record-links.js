/**
 * Records that refer to a record (licences and pledges of a patent, inspections and recalls of a batch,
 * diplomas of a university, consents of a register entry): for every record type the user may list, the
 * list columns that name this record type (`related-records.js`), searched for this record's key. A recall
 * adds the batches it reached and who holds them.
 */
import { api, fillPath } from '../api.js';
import { h } from '../dom.js';
import { formatTime, t } from '../i18n.js';
import { orgLabel, recordTitle, stateBadge } from './record-words.js';
import { recordHref, relatedView } from './related-records.js';

/** `{ view, column }` pairs whose rows may name a record of `view`. */
export function referringColumns(scenario, view) {
  return scenario.records
    .filter((other) => other.listed && other.type !== view.type)
    .flatMap((other) =>
      other.columns
        .filter((c) => relatedView(scenario, other, c, {})?.type === view.type)
        .map((column) => ({ view: other, column })),
    );
}

/** The panel of records referring to `id`, or null when no record type can. */
export async function referringRecords(scenario, view, id) {
  const sources = referringColumns(scenario, view);
  if (!sources.length) return null;
  const found = await Promise.all(
    sources.map(async ({ view: other, column }) => {
      const page = await api(
        'GET',
        fillPath(`/api/${scenario.id}/search/${other.type}`, {}, { [column]: id, pageSize: 50 }),
      ).catch(() => ({ items: [] }));
      // The filter matches any part of a value: keep the exact ones.
      return page.items.filter((item) => String(item.details[column]) === id).map((item) => ({ other, item }));
    }),
  );
  const rows = found.flat();
  return h(
    'div',
    { className: 'panel', id: 'referring-records' },
    h('h3', {}, t('record:referring')),
    rows.length
      ? h(
          'ul',
          { className: 'link-list' },
          rows.map(({ other, item }) =>
            h(
              'li',
              {},
              h('span', { className: 'muted' }, recordTitle(scenario, other), ' '),
              h('a', { href: recordHref(scenario, other, item.id), dataset: { related: other.type } }, item.id),
              ' ',
              item.status ? stateBadge(scenario, item.status) : null,
              h('span', { className: 'muted' }, ` · ${formatTime(item.updatedAt)}`),
            ),
          ),
        )
      : h('p', { className: 'empty' }, t('record:noData')),
  );
}

/** What a recall reached: the root batch and every batch downstream of it, their state and custodian. */
export async function recallReach(scenario, recall) {
  const trace = scenario.actions.find((a) => a.transaction === 'trace' && a.allowed !== false);
  const batchView = scenario.records.find((r) => r.type === 'Batch');
  const getBatch = batchView && scenario.actions.find((a) => a.transaction === batchView.get);
  if (!trace || !getBatch || !recall.rootBatchId) return null;
  const down = await api(
    'GET',
    fillPath(trace.path, { id: recall.rootBatchId }, { direction: 'downstream', maxDepth: 10, pageSize: 100 }),
  ).catch(() => ({ items: [] }));
  const ids = [recall.rootBatchId, ...down.items.filter((n) => n.kind === 'batch').map((n) => n.id)];
  const batches = await Promise.all(
    [...new Set(ids)]
      .slice(0, 50)
      .map((id) => api('GET', fillPath(getBatch.path, { [batchView.keyField]: id })).catch(() => ({ data: { id } }))),
  );
  return h(
    'div',
    { className: 'panel', id: 'recall-reach' },
    h('h3', {}, t('record:recallReach', { count: batches.length })),
    h(
      'div',
      { className: 'table-wrap' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('record:batch')),
            h('th', {}, t('record:state')),
            h('th', {}, t('record:custodian')),
            h('th', {}, t('record:location')),
          ),
        ),
        h(
          'tbody',
          {},
          batches.map(({ data }) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                h('a', { href: recordHref(scenario, batchView, data.id), dataset: { related: 'Batch' } }, data.id),
              ),
              h('td', {}, stateBadge(scenario, data.status)),
              h('td', {}, data.custodian ? orgLabel(data.custodian) : '—'),
              h('td', {}, data.location ?? '—'),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Every version of an amended record (a query named `…Versions` on it), with its time and reason. */
export async function versionList(scenario, view, id) {
  const query = scenario.actions.find(
    (a) =>
      a.kind === 'evaluate' &&
      a.allowed !== false &&
      /Versions$/.test(a.transaction) &&
      a.path.includes(`/${view.collection}/:${view.keyField}/`),
  );
  if (!query) return null;
  const page = await api('GET', fillPath(query.path, { [view.keyField]: id }, { pageSize: 50 })).catch(() => null);
  if (!page) return null;
  const versions = page.items.map((item) => item.data ?? item);
  return h(
    'div',
    { className: 'panel', id: 'versions' },
    h('h3', {}, t('record:versions', { count: versions.length })),
    versions.length
      ? h(
          'div',
          { className: 'table-wrap' },
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, t('record:version')),
                h('th', {}, t('record:when')),
                h('th', {}, t('record:reason')),
                h('th', {}, t('record:validFrom')),
              ),
            ),
            h(
              'tbody',
              {},
              versions
                .slice()
                .reverse()
                .map((v) =>
                  h(
                    'tr',
                    { dataset: { version: v.version } },
                    h('td', {}, `v${v.version}`),
                    h('td', { className: 'nowrap' }, formatTime(v.createdAt)),
                    h('td', {}, v.reason ?? '—'),
                    h('td', { className: 'nowrap' }, formatTime(v.validFrom)),
                  ),
                ),
            ),
          ),
        )
      : h('p', { className: 'empty' }, t('record:noData')),
  );
}
