/* global location, URLSearchParams */
import { api, catalog, fillPath, session } from '../api.js';
import { badge, formatTime, h, humanise } from '../dom.js';

function eventsTable(events, scenarioId) {
  if (!events.length) return h('p', { className: 'empty' }, 'Nothing has happened yet.');
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Event'), h('th', {}, 'Record'), h('th', {}, 'By'))),
    h(
      'tbody',
      {},
      events.map((e) =>
        h(
          'tr',
          {},
          h('td', { className: 'nowrap' }, formatTime(e.timestamp)),
          h('td', {}, humanise(e.name), ' ', e.to ? badge(e.to) : null),
          h(
            'td',
            {},
            h(
              'a',
              { href: `#/s/${scenarioId}/r/${e.recordType}/${encodeURIComponent(e.id)}` },
              `${e.recordType} ${e.id}`,
            ),
          ),
          h(
            'td',
            {},
            `${e.actor.mspId}`,
            e.actor.role ? h('span', { className: 'muted' }, ` · ${e.actor.role}`) : null,
          ),
        ),
      ),
    ),
  );
}

/**
 * Records of a personal-data view that are the user's own, read from the ledger (the read model does not list
 * them to this user), in the shape of read-model rows.
 */
async function ownPage(scenario, view, bookmark) {
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
      id: stored.data.id,
      status: stored.data.status ?? null,
      details: stored.data,
      updatedAt: stored.audit.timestamp,
    })),
  };
}

/** A scenario: counts, recent events, a filterable list per record type, and the actions the user may take. */
export async function scenarioView(scenarioId, recordType, query) {
  const { items } = await catalog();
  const scenario = items.find((s) => s.id === scenarioId);
  if (!scenario) return h('p', {}, 'Unknown scenario.');
  const view = scenario.records.find((r) => r.type === recordType) ?? scenario.records[0];
  const dashboard = await api('GET', `/api/${scenario.id}/dashboard`);

  const stats = scenario.records.map((r) => {
    const rows = dashboard.counts.filter((c) => c.recordType === r.type);
    const total = rows.reduce((sum, c) => sum + c.count, 0);
    return h(
      'a',
      { className: 'card', href: `#/s/${scenario.id}/${r.type}` },
      h('div', { className: 'stat' }, total),
      h('div', { className: 'stat-label' }, r.title),
      h(
        'div',
        { className: 'chips' },
        rows.filter((c) => c.status).map((c) => badge(`${c.status} ${c.count}`, c.status)),
      ),
    );
  });

  // Record actions are offered on each record's page, by its state; the rest start something new.
  const creates = scenario.actions.filter((a) => a.kind === 'submit' && a.allowed && !a.recordAction);
  const statusFilter = h('input', { name: 'status', placeholder: 'e.g. ACTIVE', value: query.get('status') ?? '' });
  const q = h('input', { name: 'q', type: 'search', placeholder: 'ID or any detail', value: query.get('q') ?? '' });
  const columnFilters = view.columns.map((column) =>
    h('input', { name: column, placeholder: humanise(column), value: query.get(column) ?? '' }),
  );
  const filterForm = h(
    'form',
    { className: 'toolbar', role: 'search' },
    h('label', {}, 'Search', q),
    h('label', {}, 'State', statusFilter),
    view.columns.slice(0, 3).map((column, i) => h('label', {}, humanise(column), columnFilters[i])),
    h('button', { type: 'submit', className: 'secondary' }, 'Filter'),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const input of filterForm.querySelectorAll('input')) if (input.value) params.set(input.name, input.value);
    location.hash = `#/s/${scenario.id}/${view.type}?${params}`;
  });

  const filters = Object.fromEntries([...query.entries()].filter(([k]) => k !== 'bookmark'));
  const listBody = h('tbody');
  const more = h('button', { className: 'secondary', type: 'button' }, 'Load more');
  let bookmark = '';
  const loadPage = async () => {
    const page = view.listed
      ? await api(
          'GET',
          fillPath(`/api/${scenario.id}/search/${view.type}`, {}, { ...filters, bookmark, pageSize: 25 }),
        )
      : await ownPage(scenario, view, bookmark);
    for (const item of page.items) {
      listBody.append(
        h(
          'tr',
          {},
          h(
            'td',
            { className: 'nowrap' },
            h('a', { href: `#/s/${scenario.id}/r/${view.type}/${encodeURIComponent(item.id)}` }, item.id),
          ),
          h('td', {}, item.status ? badge(item.status) : h('span', { className: 'muted' }, '—')),
          view.columns.map((column) =>
            h('td', {}, item.details[column] === undefined ? '' : String(item.details[column])),
          ),
          h('td', { className: 'nowrap' }, formatTime(item.updatedAt)),
        ),
      );
    }
    if (!listBody.children.length)
      listBody.append(
        h(
          'tr',
          {},
          h(
            'td',
            { colspan: view.columns.length + 3, className: 'empty' },
            view.listed ? 'No records match.' : 'None of these records are yours to see.',
          ),
        ),
      );
    bookmark = page.bookmark;
    more.hidden = !bookmark;
  };
  more.addEventListener('click', () => void loadPage());
  await loadPage();

  return h(
    'section',
    {},
    h('h1', {}, scenario.title),
    h('p', { className: 'sub' }, scenario.summary),
    h('div', { className: 'grid' }, stats),
    scenario.records.some((r) => !r.listed)
      ? h(
          'p',
          { className: 'muted', id: 'personal-note' },
          `Personal data: ${scenario.records
            .filter((r) => !r.listed)
            .map((r) => r.title)
            .join(
              ', ',
            )} show only what is yours; records of others are read under their consent, and every such read is logged.`,
        )
      : null,
    creates.length
      ? h(
          'div',
          { className: 'panel' },
          h('h3', {}, 'Start something'),
          h(
            'div',
            { className: 'actions' },
            creates.map((a) =>
              h('a', { className: 'button secondary', href: `#/s/${scenario.id}/a/${a.transaction}` }, a.summary),
            ),
          ),
        )
      : null,
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
              r.title,
            ),
          ),
        ),
        filterForm,
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
                h('th', {}, 'ID'),
                h('th', {}, 'State'),
                view.columns.map((c) => h('th', {}, humanise(c))),
                h('th', {}, 'Updated'),
              ),
            ),
            listBody,
          ),
        ),
        h('div', { className: 'actions' }, more),
      ),
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, 'Latest activity'),
        h('div', { className: 'table-wrap' }, eventsTable(dashboard.recent, scenario.id)),
      ),
    ),
  );
}
