/**
 * "Waiting for me": records the signed-in user may act on now, found from the catalog rather than written per
 * scenario. For each record type, the states the user's allowed record actions fire from (`fromStates`); the
 * records in those states (the lists the read model gives, or the user's own for personal data); and where some
 * of those records name the user's organisation in a column (receiver, custodian, grantee, ...), only those:
 * incoming shipments for a carrier, the examiner's queue of applications, a citizen's transfers to accept. The
 * record's page offers exactly what the ledger allows (guards the catalog cannot know are checked there).
 */
import { api, fillPath, session } from '../api.js';
import { h } from '../dom.js';
import { formatTime, scenarioText, t } from '../i18n.js';
import { recordTitle, stateBadge } from './record-words.js';
import { recordHref } from './related-records.js';

const PER_STATE = 50;

/** The user's allowed actions on records of `view`, with the states each may fire from. */
function actionsOn(scenario, view) {
  return scenario.actions.filter(
    (a) =>
      a.kind === 'submit' &&
      a.allowed &&
      a.recordAction &&
      a.fromStates?.length &&
      a.path.startsWith(`/api/${scenario.id}/${view.collection}/:${view.keyField}/`),
  );
}

async function rowsIn(scenario, view, state, ownPage) {
  if (view.listed) {
    const page = await api(
      'GET',
      fillPath(`/api/${scenario.id}/search/${view.type}`, {}, { status: state, pageSize: PER_STATE }),
    );
    return page.items;
  }
  const page = await ownPage(scenario, view, '');
  return page.items.filter((item) => item.status === state);
}

/** Rows naming the user's org in some column, when any row does (otherwise the whole queue is the user's). */
function addressedToMe(view, rows, mspId) {
  const names = (row) => view.columns.some((c) => row.details?.[c] === mspId);
  return rows.some(names) ? rows.filter(names) : rows;
}

/** Items `{ view, item, actions }` waiting for the user in a scenario. */
export async function waitingForMe(scenario, ownPage) {
  const mspId = session.user?.mspId;
  const found = [];
  for (const view of scenario.records) {
    const actions = actionsOn(scenario, view);
    const states = [...new Set(actions.flatMap((a) => a.fromStates))];
    const perState = await Promise.all(states.map((s) => rowsIn(scenario, view, s, ownPage).catch(() => [])));
    const rows = addressedToMe(view, perState.flat(), mspId);
    for (const item of rows)
      found.push({ view, item, actions: actions.filter((a) => a.fromStates.includes(item.status)) });
  }
  return found.sort((a, b) => String(b.item.updatedAt).localeCompare(String(a.item.updatedAt)));
}

/** The inbox panel; fills itself in (`data-loaded` once done) so the page does not wait for it. */
export function inboxPanel(scenario, ownPage) {
  const body = h('div', { className: 'loading', role: 'status' }, t('scenario:loading'));
  const panel = h(
    'div',
    { className: 'panel', id: 'inbox', 'aria-busy': 'true' },
    h('h3', {}, t('scenario:inbox')),
    body,
  );
  waitingForMe(scenario, ownPage)
    .then((entries) => {
      body.replaceWith(
        entries.length
          ? h(
              'ul',
              { className: 'link-list inbox' },
              entries.map(({ view, item, actions }) =>
                h(
                  'li',
                  { dataset: { recordType: view.type, state: item.status ?? '' } },
                  h('span', { className: 'muted' }, recordTitle(scenario, view), ' '),
                  h('a', { href: recordHref(scenario, view, item.id) }, item.id),
                  ' ',
                  stateBadge(scenario, item.status),
                  h('span', { className: 'muted' }, ` · ${formatTime(item.updatedAt)} · `),
                  actions.map((a, i) => [
                    i ? ' / ' : '',
                    h(
                      'a',
                      { href: `#/s/${scenario.id}/a/${a.transaction}?${view.keyField}=${encodeURIComponent(item.id)}` },
                      scenarioText(scenario, 'flows', a.transaction, a.summary),
                    ),
                  ]),
                ),
              ),
            )
          : h('p', { className: 'empty' }, t('scenario:inboxEmpty')),
      );
      panel.querySelector('h3').textContent = t('scenario:inboxCount', { count: entries.length });
    })
    .catch((err) => body.replaceWith(h('p', { className: 'notice bad' }, err.message)))
    .finally(() => {
      panel.setAttribute('aria-busy', 'false');
      panel.dataset.loaded = 'true';
    });
  return panel;
}
