import { api, ApiError, catalog } from '../api.js';
import { h, notice } from '../dom.js';
import { formatTime, scenarioText, t } from '../i18n.js';
import { errorNotice } from '../components/error-notice.js';

/** `subscriptions:<key>`: this page's messages (web/locales/<language>/subscriptions.json). */
const T = (key, values) => t(`subscriptions:${key}`, values);

/** The signed-in user's webhook subscriptions: list, create (secret shown once), delete, deliveries and resend. */
export async function subscriptionsView() {
  const [{ items }, scenarios] = await Promise.all([api('GET', '/api/subscriptions'), catalog()]);
  const message = h('div', { id: 'subscriptions-result' });
  const details = h('div', { id: 'subscription-deliveries' });
  const failed = (err) => {
    if (!(err instanceof ApiError)) throw err;
    message.replaceChildren(errorNotice(err));
  };
  const scenarioOf = (id) => scenarios.items.find((s) => s.id === id);
  const titleOf = (id) => scenarioText(scenarioOf(id), 'title', id, scenarioOf(id)?.title ?? id);
  const filterText = (f) => {
    const scenario = scenarioOf(f.scenario);
    const words = [
      f.scenario && titleOf(f.scenario),
      f.recordType && scenarioText(scenario, 'records', f.recordType, f.recordType),
      f.eventName && scenarioText(scenario, 'events', f.eventName, f.eventName),
      f.recordId,
    ];
    return words.filter(Boolean).join(' · ') || T('all');
  };

  const rows = h('tbody', {});
  const row = (s) => {
    const remove = h('button', { type: 'button', className: 'ghost' }, T('remove'));
    const show = h('button', { type: 'button', className: 'secondary' }, T('deliveries'));
    const tr = h(
      'tr',
      { dataset: { id: s.id } },
      h('td', {}, s.description || s.id),
      h('td', {}, filterText(s.filter)),
      h('td', { className: 'mono' }, s.url),
      h('td', {}, formatTime(s.createdAt)),
      h('td', {}, show, ' ', remove),
    );
    remove.addEventListener('click', async () => {
      remove.disabled = true;
      try {
        await api('DELETE', `/api/subscriptions/${encodeURIComponent(s.id)}`);
        tr.remove();
        details.replaceChildren();
        message.replaceChildren(notice('ok', T('removed', { name: s.description || s.id })));
      } catch (err) {
        remove.disabled = false;
        failed(err);
      }
    });
    show.addEventListener('click', () => showDeliveries(s).catch(failed));
    return tr;
  };
  rows.append(...items.map(row));

  async function showDeliveries(s) {
    const path = `/api/subscriptions/${encodeURIComponent(s.id)}`;
    const { recent, deadLetters } = await api('GET', `${path}/deliveries`);
    // Dead letters stay until their owner gives up on them.
    const clearButton = () => {
      const clear = h('button', { type: 'button', className: 'ghost', id: 'clear-dead-letters' }, T('clearDead'));
      clear.addEventListener('click', async () => {
        clear.disabled = true;
        try {
          const { cleared } = await api('DELETE', `${path}/dead-letters`);
          message.replaceChildren(notice('ok', T('cleared', { count: cleared })));
          await showDeliveries(s);
        } catch (err) {
          clear.disabled = false;
          failed(err);
        }
      });
      return h('div', { className: 'actions' }, clear);
    };
    const line = (d, resend) => {
      const cells = [
        h('td', {}, d.event.name, ' ', h('span', { className: 'mono' }, d.event.recordId)),
        h('td', {}, t(`subscriptions:status.${d.status}`, { defaultValue: d.status })),
        h('td', {}, T('attempts', { count: d.attempts }), d.lastError ? ` · ${d.lastError}` : ''),
        h('td', {}, formatTime(d.lastAttemptAt ?? d.createdAt)),
      ];
      if (resend) {
        const again = h('button', { type: 'button', className: 'secondary' }, T('redeliver'));
        again.addEventListener('click', async () => {
          again.disabled = true;
          try {
            await api('POST', `${path}/dead-letters/${d.id}/redeliver`);
            message.replaceChildren(notice('ok', T('requeued')));
            await showDeliveries(s);
          } catch (err) {
            again.disabled = false;
            failed(err);
          }
        });
        cells.push(h('td', {}, again));
      }
      return h('tr', {}, cells);
    };
    const table = (list, resend) =>
      list.length
        ? h(
            'div',
            { className: 'table-wrap' },
            h(
              'table',
              {},
              h(
                'tbody',
                {},
                list.map((d) => line(d, resend)),
              ),
            ),
          )
        : h('p', { className: 'sub' }, T('noDeliveries'));
    details.replaceChildren(
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, T('deliveriesOf', { name: s.description || s.id })),
        deadLetters.length ? [h('h4', {}, T('deadLetters')), table(deadLetters, true), clearButton()] : null,
        h('h4', {}, T('recent')),
        table(recent, false),
      ),
    );
  }

  const url = h('input', { id: 'sub-url', type: 'url', required: true, placeholder: 'https://' });
  const description = h('input', { id: 'sub-description', maxlength: 200 });
  const scenario = h(
    'select',
    { id: 'sub-scenario' },
    h('option', { value: '' }, T('anyScenario')),
    scenarios.items.map((s) => h('option', { value: s.id }, scenarioText(s, 'title', s.id, s.title))),
  );
  const recordType = h('select', { id: 'sub-record-type' });
  const fillTypes = () => {
    const chosen = scenarios.items.find((s) => s.id === scenario.value);
    const types = chosen ? chosen.records.filter((r) => r.listed !== false) : [];
    recordType.replaceChildren(
      h('option', { value: '' }, T('anyRecordType')),
      ...types.map((r) => h('option', { value: r.type }, scenarioText(chosen, 'records', r.type, r.title ?? r.type))),
    );
  };
  fillTypes();
  scenario.addEventListener('change', fillTypes);
  const eventName = h('input', { id: 'sub-event', maxlength: 100 });
  const recordId = h('input', { id: 'sub-record-id', maxlength: 200 });
  const fromStart = h('input', { id: 'sub-from-start', type: 'checkbox' });
  const form = h(
    'form',
    { className: 'form' },
    h('label', { for: 'sub-url' }, T('url'), url, h('span', { className: 'hint' }, T('urlHint'))),
    h('label', { for: 'sub-description' }, T('description'), description),
    h('label', { for: 'sub-scenario' }, T('scenario'), scenario),
    h('label', { for: 'sub-record-type' }, T('recordType'), recordType),
    h('label', { for: 'sub-event' }, T('eventName'), eventName, h('span', { className: 'hint' }, T('eventHint'))),
    h('label', { for: 'sub-record-id' }, T('recordId'), recordId, h('span', { className: 'hint' }, T('recordIdHint'))),
    h('label', { for: 'sub-from-start', className: 'checkbox' }, fromStart, T('fromStart')),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, T('create'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.replaceChildren();
    const optional = (name, input) => (input.value.trim() ? { [name]: input.value.trim() } : {});
    try {
      const created = await api('POST', '/api/subscriptions', {
        url: url.value.trim(),
        description: description.value.trim(),
        ...optional('scenario', scenario),
        ...optional('recordType', recordType),
        ...optional('eventName', eventName),
        ...optional('recordId', recordId),
        from: fromStart.checked ? 'beginning' : 'now',
      });
      rows.append(row(created));
      message.replaceChildren(
        notice('ok', T('created'), ' ', h('code', { className: 'mono', id: 'subscription-secret' }, created.secret)),
      );
      form.reset();
      fillTypes();
    } catch (err) {
      failed(err);
    }
  });

  return h(
    'section',
    {},
    h('h1', {}, T('title')),
    h('p', { className: 'sub' }, T('intro')),
    message,
    h(
      'div',
      { className: 'cols' },
      h(
        'div',
        {},
        h(
          'div',
          { className: 'panel' },
          items.length ? null : h('p', { className: 'sub', id: 'subscriptions-empty' }, T('none')),
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
                  h('th', {}, T('description')),
                  h('th', {}, T('what')),
                  h('th', {}, T('where')),
                  h('th', {}, T('since')),
                  h('th', {}),
                ),
              ),
              rows,
            ),
          ),
        ),
        details,
      ),
      h('div', { className: 'panel' }, h('h3', {}, T('newTitle')), form),
    ),
  );
}
