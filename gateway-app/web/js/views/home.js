import { api, catalog } from '../api.js';
import { h } from '../dom.js';
import { scenarioText, t } from '../i18n.js';
import { recordTitle } from '../components/record-words.js';

export async function homeView() {
  const { items } = await catalog();
  const cards = await Promise.all(
    items.map(async (scenario) => {
      const dashboard = await api('GET', `/api/${scenario.id}/dashboard`);
      const totals = new Map();
      for (const row of dashboard.counts) totals.set(row.recordType, (totals.get(row.recordType) ?? 0) + row.count);
      const allowed = scenario.actions.filter((a) => a.kind === 'submit' && a.allowed).length;
      const listed = scenario.records.filter((r) => totals.has(r.type));
      return h(
        'a',
        { className: 'card', href: `#/s/${scenario.id}`, dataset: { scenario: scenario.id } },
        h('h2', {}, scenarioText(scenario, 'title', null, scenario.title)),
        h('p', { className: 'muted' }, scenarioText(scenario, 'summary', null, scenario.summary)),
        h(
          'div',
          { className: 'chips' },
          listed.length
            ? listed.map((r) =>
                h(
                  'span',
                  { className: 'chip' },
                  t('home:recordCount', { count: totals.get(r.type), records: recordTitle(scenario, r) }),
                ),
              )
            : h('span', { className: 'muted' }, t('home:noData')),
        ),
        h('p', { className: 'muted' }, allowed ? t('home:actionsOpen', { count: allowed }) : t('home:readOnly')),
      );
    }),
  );
  return h(
    'section',
    {},
    h('h1', {}, t('home:title')),
    h('p', { className: 'sub' }, t('home:intro')),
    cards.length ? h('div', { className: 'grid' }, cards) : h('p', { className: 'empty' }, t('home:noData')),
  );
}
