/* global location, URLSearchParams, URL, document, fetch */
import { api, catalog, fillPath, session, ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatNumber, formatTime, humanise, roleName, scenarioText, t } from '../i18n.js';
import { inboxPanel } from '../components/inbox.js';
import { fieldLabel, orgLabel, recordTitle, stateBadge } from '../components/record-words.js';
import { recordHref } from '../components/related-records.js';
import { offersSecureSum } from './secure-sum.js';

function eventsTable(scenario, events) {
  if (!events.length) return h('p', { className: 'empty' }, t('scenario:noData'));
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('scenario:when')),
        h('th', {}, t('scenario:event')),
        h('th', {}, t('scenario:record')),
        h('th', {}, t('scenario:by')),
      ),
    ),
    h(
      'tbody',
      {},
      events.map((e) => {
        const view = scenario.records.find((r) => r.type === e.recordType);
        return h(
          'tr',
          {},
          h('td', { className: 'nowrap' }, formatTime(e.timestamp)),
          h(
            'td',
            {},
            scenarioText(scenario, 'events', e.name, humanise(e.name)),
            ' ',
            e.to ? stateBadge(scenario, e.to) : null,
          ),
          h(
            'td',
            {},
            h(
              'a',
              { href: `#/s/${scenario.id}/r/${e.recordType}/${encodeURIComponent(e.id)}` },
              `${view ? recordTitle(scenario, view) : e.recordType} ${e.id}`,
            ),
          ),
          h(
            'td',
            {},
            orgLabel(e.actor.mspId),
            e.actor.role ? h('span', { className: 'muted' }, ` · ${roleName(e.actor.role)}`) : null,
          ),
        );
      }),
    ),
  );
}

/**
 * Records of a personal-data view that are the user's own, read from the ledger (the read model does not list
 * them to this user), in the shape of read-model rows.
 */
export async function ownPage(scenario, view, bookmark) {
  // A user the query's readers do not include has none to list: no request bound to be refused.
  const reader = scenario.actions.find((a) => a.transaction === view.ownList?.transaction);
  if (!view.ownList || reader?.allowed === false) return { items: [], bookmark: '' };
  const field = view.ownList.orgField;
  const mine = field ? { [field]: session.user.mspId } : {};
  const inQuery = field && !view.ownList.path.includes(`:${field}`) ? mine : {};
  // Refused (the user has no records of this kind to list): an empty list, as for anyone with none.
  const page = await api('GET', fillPath(view.ownList.path, mine, { ...inQuery, bookmark, pageSize: 25 })).catch(
    () => ({ items: [], bookmark: '' }),
  );
  return {
    bookmark: page.bookmark,
    items: page.items.map((stored) => ({
      // A record keyed by a field of its own (an invoice's `invoiceId`) may have no `id`.
      id: stored.data.id ?? stored.data[view.keyField],
      status: stored.data.status ?? null,
      details: stored.data,
      updatedAt: stored.audit.timestamp,
    })),
  };
}

/** A list cell: organisations by name, times in the user's zone, states as badges. */
function cell(orgs, value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' && orgs.includes(value)) return orgLabel(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatTime(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Downloads the filtered list as CSV (the API needs the sign-in token, so not a plain link). */
async function downloadCsv(scenario, view, filters, button) {
  button.disabled = true;
  button.textContent = t('scenario:loading');
  try {
    const response = await fetch(fillPath(`/api/${scenario.id}/search/${view.type}.csv`, {}, filters), {
      headers: { authorization: `Bearer ${session.token}` },
    });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new ApiError(response.status, body?.error);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `${scenario.id}-${view.type}.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  } finally {
    button.disabled = false;
    button.textContent = t('scenario:exportCsv');
  }
}

/** A scenario: counts, what waits for the user, a filterable list per record type, everything the user may do. */
export async function scenarioView(scenarioId, recordType, query) {
  const { items, orgs = [] } = await catalog();
  const scenario = items.find((s) => s.id === scenarioId);
  if (!scenario) return h('p', {}, t('scenario:unknown'));
  const view = scenario.records.find((r) => r.type === recordType) ?? scenario.records[0];
  const dashboard = await api('GET', `/api/${scenario.id}/dashboard`);

  const stats = scenario.records.map((r) => {
    const rows = dashboard.counts.filter((c) => c.recordType === r.type);
    const total = rows.reduce((sum, c) => sum + c.count, 0);
    return h(
      'a',
      { className: 'card', href: `#/s/${scenario.id}/${r.type}`, dataset: { recordType: r.type } },
      h('div', { className: 'stat' }, formatNumber(total)),
      h('div', { className: 'stat-label' }, recordTitle(scenario, r)),
      h(
        'div',
        { className: 'chips' },
        rows
          .filter((c) => c.status)
          .map((c) => {
            const chip = stateBadge(scenario, c.status);
            chip.append(` ${formatNumber(c.count)}`);
            return chip;
          }),
      ),
    );
  });

  // What the user may start: creations first; then the actions on an existing record (its key typed in or
  // picked on the form), which the record pages offer by state, so that every action is reachable from here.
  const submits = scenario.actions.filter((a) => a.kind === 'submit' && a.allowed);
  const creates = submits.filter((a) => !a.recordAction);
  const onRecords = submits.filter((a) => a.recordAction);
  const actionLink = (a) =>
    h(
      'a',
      {
        className: 'button secondary',
        href: `#/s/${scenario.id}/a/${a.transaction}`,
        dataset: { transaction: a.transaction },
      },
      scenarioText(scenario, 'flows', a.transaction, a.summary),
    );

  const states = [
    ...new Set(dashboard.counts.filter((c) => c.recordType === view.type && c.status).map((c) => c.status)),
  ];
  const statusFilter = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, t('scenario:anyState')),
    states.map((s) =>
      h(
        'option',
        { value: s, selected: (query.get('status') ?? '').toUpperCase() === s },
        scenarioText(scenario, 'states', s, s),
      ),
    ),
  );
  const q = h('input', {
    name: 'q',
    type: 'search',
    placeholder: t('scenario:searchPlaceholder'),
    value: query.get('q') ?? '',
  });
  const columnFilters = view.columns.map((column) =>
    h('input', { name: column, placeholder: fieldLabel(scenario, column), value: query.get(column) ?? '' }),
  );
  const filterForm = h(
    'form',
    { className: 'toolbar', role: 'search', id: 'list-filters' },
    h('label', {}, t('scenario:search'), q),
    h('label', {}, t('scenario:state'), statusFilter),
    view.columns.map((column, i) => h('label', {}, fieldLabel(scenario, column), columnFilters[i])),
    h('button', { type: 'submit', className: 'secondary' }, t('scenario:filter')),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const input of filterForm.querySelectorAll('input, select'))
      if (input.value) params.set(input.name, input.value);
    location.hash = `#/s/${scenario.id}/${view.type}?${params}`;
  });

  const filters = Object.fromEntries([...query.entries()].filter(([k]) => k !== 'bookmark'));
  const columnCount = view.columns.length + 3;
  const listBody = h('tbody');
  const more = h('button', { className: 'secondary', type: 'button' }, t('scenario:loadMore'));
  const exportButton = h(
    'button',
    { className: 'secondary', type: 'button', id: 'export-csv' },
    t('scenario:exportCsv'),
  );
  const exportProblem = h('div', { id: 'export-problem' });
  exportButton.addEventListener('click', () =>
    downloadCsv(scenario, view, filters, exportButton).catch((err) =>
      exportProblem.replaceChildren(h('p', { className: 'notice bad' }, `${err.code ?? ''} ${err.message}`)),
    ),
  );
  let bookmark = '';
  const loadPage = async () => {
    const loading = h(
      'tr',
      { className: 'loading-row' },
      h('td', { colspan: columnCount, className: 'loading' }, t('scenario:loading')),
    );
    listBody.append(loading);
    more.disabled = true;
    try {
      const page = view.listed
        ? await api(
            'GET',
            fillPath(`/api/${scenario.id}/search/${view.type}`, {}, { ...filters, bookmark, pageSize: 25 }),
          )
        : await ownPage(scenario, view, bookmark);
      loading.remove();
      for (const item of page.items) {
        listBody.append(
          h(
            'tr',
            {},
            h('td', { className: 'nowrap' }, h('a', { href: recordHref(scenario, view, item.id) }, item.id)),
            h('td', {}, item.status ? stateBadge(scenario, item.status) : h('span', { className: 'muted' }, '—')),
            view.columns.map((column) => h('td', {}, cell(orgs, item.details[column]))),
            h('td', { className: 'nowrap' }, formatTime(item.updatedAt)),
          ),
        );
      }
      if (!listBody.children.length)
        listBody.append(
          h(
            'tr',
            { className: 'empty-row' },
            h(
              'td',
              { colspan: columnCount, className: 'empty' },
              view.listed ? t('scenario:noData') : t('scenario:noneYours'),
            ),
          ),
        );
      bookmark = page.bookmark;
      more.hidden = !bookmark;
    } finally {
      loading.remove();
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void loadPage());
  await loadPage();

  const unlisted = scenario.records.filter((r) => !r.listed);
  return h(
    'section',
    { className: 'scenario-page' },
    h('h1', {}, scenarioText(scenario, 'title', null, scenario.title)),
    h('p', { className: 'sub' }, scenarioText(scenario, 'summary', null, scenario.summary)),
    h('div', { className: 'grid' }, stats),
    unlisted.length
      ? h(
          'p',
          { className: 'muted', id: 'personal-note' },
          t('scenario:personalNote', { records: unlisted.map((r) => recordTitle(scenario, r)).join('、') }),
        )
      : null,
    submits.length
      ? h(
          'div',
          { className: 'panel', id: 'start-actions' },
          h('h3', {}, t('scenario:start')),
          creates.length
            ? h(
                'div',
                { className: 'actions' },
                creates.map(actionLink),
                offersSecureSum(scenario)
                  ? h(
                      'a',
                      { className: 'button secondary', href: `#/s/${scenario.id}/contribute`, id: 'contribute-link' },
                      t('action:contributeTitle'),
                    )
                  : null,
              )
            : null,
          onRecords.length
            ? h(
                'details',
                { id: 'record-action-list' },
                h('summary', {}, t('scenario:onExisting', { count: onRecords.length })),
                h('p', { className: 'muted' }, t('scenario:onExistingHint')),
                h('div', { className: 'actions' }, onRecords.map(actionLink)),
              )
            : null,
        )
      : h('p', { className: 'muted' }, t('scenario:readOnly')),
    onRecords.length ? inboxPanel(scenario, ownPage) : null,
    h(
      'div',
      {},
      h(
        'div',
        { className: 'panel' },
        h(
          'div',
          { className: 'tabs', role: 'tablist' },
          scenario.records.map((r) =>
            h(
              'a',
              { href: `#/s/${scenario.id}/${r.type}`, className: r.type === view.type ? 'active' : '', role: 'tab' },
              recordTitle(scenario, r),
            ),
          ),
        ),
        filterForm,
        h(
          'div',
          { className: 'table-wrap' },
          h(
            'table',
            { id: 'record-list', dataset: { recordType: view.type } },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, t('scenario:id')),
                h('th', {}, t('scenario:state')),
                view.columns.map((c) => h('th', {}, fieldLabel(scenario, c))),
                h('th', {}, t('scenario:updated')),
              ),
            ),
            listBody,
          ),
        ),
        h('div', { className: 'actions' }, more, view.listed ? exportButton : null),
        exportProblem,
      ),
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, t('scenario:latest')),
        h('div', { className: 'table-wrap' }, eventsTable(scenario, dashboard.recent)),
      ),
    ),
  );
}
