/**
 * How a record's codes read to people: a state as a badge with the scenario's word (the code kept as the badge's
 * class and `data-state`), an organisation as its name beside its MSP ID, a field name in the user's language.
 */
import { h } from '../dom.js';
import { humanise, orgName, scenarioText, t } from '../i18n.js';

export function stateBadge(scenario, state) {
  if (!state) return h('span', { className: 'muted' }, '—');
  return h(
    'span',
    { className: `badge ${state}`, dataset: { state }, title: state },
    scenarioText(scenario, 'states', state, state),
  );
}

/** `Logistics company (LogisticsMSP)`: the org's name, and its ID as a code beside it. */
export function orgLabel(mspId) {
  return h('span', { className: 'org', dataset: { msp: mspId } }, orgName(mspId), ' ', h('code', {}, mspId));
}

/** A field's word: the scenario's, else the app's for what reads compute (`available`), else the name in words. */
export function fieldLabel(scenario, name) {
  return (
    scenarioText(scenario, 'fields', name, '') || t(`record:answerFields.${name}`, { defaultValue: humanise(name) })
  );
}

export function recordTitle(scenario, view) {
  return scenarioText(scenario, 'records', view.type, view.title);
}
