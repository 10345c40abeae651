import { api, catalog } from '../api.js';
import { h } from '../dom.js';

export async function homeView() {
  const { items } = await catalog();
  const cards = await Promise.all(
    items.map(async (scenario) => {
      const dashboard = await api('GET', `/api/${scenario.id}/dashboard`);
      const totals = new Map();
      for (const row of dashboard.counts) totals.set(row.recordType, (totals.get(row.recordType) ?? 0) + row.count);
      const allowed = scenario.actions.filter((a) => a.kind === 'submit' && a.allowed).length;
      return h(
        'a',
        { className: 'card', href: `#/s/${scenario.id}` },
        h('h2', {}, scenario.title),
        h('p', { className: 'muted' }, scenario.summary),
        h(
          'div',
          { className: 'chips' },
          scenario.records
            .filter((r) => totals.has(r.type))
            .map((r) => h('span', { className: 'chip' }, `${totals.get(r.type)} ${r.title.toLowerCase()}`)),
        ),
        h('p', { className: 'muted' }, allowed ? `${allowed} actions open to you` : 'Read-only for your role'),
      );
    }),
  );
  return h(
    'section',
    {},
    h('h1', {}, 'Scenarios'),
    h('p', { className: 'sub' }, 'Pick a scenario to see its dashboard, records and the actions your role allows.'),
    h('div', { className: 'grid' }, cards),
  );
}
