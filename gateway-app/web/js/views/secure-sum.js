import { api, ApiError, catalog } from '../api.js';
import { h, notice } from '../dom.js';
import { scenarioText, t } from '../i18n.js';
import { errorNotice } from '../components/error-notice.js';
import { txLink } from '../components/tx-link.js';

/** Whether a scenario offers the kit's secure sum (its share delivery), and the user may deliver shares. */
export const offersSecureSum = (scenario) => scenario.actions.some((a) => a.transaction === 'submitShare' && a.allowed);

/**
 * `#/s/<scenario>/contribute`: the user gives their org's value for a secure sum round; the org's own app splits
 * it into shares and delivers them, so the value never leaves the org. Then the user publishes the partial sum
 * with the same value (the generic action page), once every org has contributed.
 */
export async function contributeView(scenarioId) {
  const { items } = await catalog();
  const scenario = items.find((s) => s.id === scenarioId);
  if (!scenario || !offersSecureSum(scenario)) return h('section', {}, notice('bad', t('action:unknown')));
  const result = h('div', { id: 'contribute-result' });
  const roundId = h('input', { id: 'f-roundId', name: 'roundId', required: true, maxLength: 64 });
  const value = h('input', { id: 'f-value', name: 'value', required: true, inputMode: 'numeric', pattern: '[0-9]+' });
  const button = h('button', { type: 'submit', id: 'contribute-submit' }, t('action:contributeSubmit'));
  const form = h(
    'form',
    { id: 'contribute-form' },
    h('label', { for: 'f-roundId' }, scenarioText(scenario, 'fields', 'roundId', 'Round')),
    roundId,
    h('label', { for: 'f-value' }, scenarioText(scenario, 'fields', 'value', 'Value')),
    value,
    h('span', { className: 'hint private-note' }, t('action:contributePrivate')),
    h('div', { className: 'actions' }, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    result.replaceChildren();
    try {
      const path = `/api/${scenario.id}/secure-sums/${encodeURIComponent(roundId.value.trim())}/contributions`;
      const answer = await api('POST', path, { value: value.value.trim() });
      result.replaceChildren(
        notice(
          'ok',
          h('strong', { id: 'contribute-done' }, t('action:contributeDone', { count: answer.deliveries.length })),
          h(
            'ul',
            {},
            answer.deliveries.map((d) => h('li', {}, `${d.to} `, txLink(d.transactionId))),
          ),
          h('p', {}, t('action:contributeNext')),
          h(
            'a',
            { className: 'button secondary', href: `#/s/${scenario.id}/a/publishPartialSum` },
            scenarioText(scenario, 'flows', 'publishPartialSum', 'Publish partial sum'),
          ),
        ),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result.replaceChildren(errorNotice(err, t('action:contributeTitle'), undefined, scenario));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    {},
    h('p', {}, h('a', { href: `#/s/${scenario.id}` }, `← ${scenarioText(scenario, 'title', null, scenario.title)}`)),
    h('h1', {}, t('action:contributeTitle')),
    h('p', { className: 'sub' }, t('action:contributeIntro')),
    h('div', { className: 'panel' }, form, result),
  );
}
