/* global location, URLSearchParams */
import { api, catalog, fillPath, ApiError } from '../api.js';
import { h, notice } from '../dom.js';
import { humanise, scenarioText, t } from '../i18n.js';
import { showAfterNavigation } from '../components/after-action.js';
import { answerView } from '../components/answer-view.js';
import { saltDownload, secretFor } from '../components/commitment.js';
import { errorNotice } from '../components/error-notice.js';
import { mayPropose, recordDefaults } from '../components/record-defaults.js';
import { schemaForm } from '../components/schema-form.js';
import { txLink } from '../components/tx-link.js';

const recordWord = (scenario, record) => scenarioText(scenario, 'records', record.type, humanise(record.type));
const recordHref = (scenario, type, id) => `#/s/${scenario.id}/r/${type}/${encodeURIComponent(id)}`;

/**
 * The fields that name a record of the scenario (its key field), offered as a search of that record type by
 * name; not the key of a record this action creates (a new ID), nor record types the user may not list.
 */
function pickers(scenario, action) {
  const own = scenario.records.find((r) => r.type === action.record);
  const creates = action.kind === 'submit' && own && !action.pathParams.includes(own.keyField) ? own.keyField : null;
  return (name) => {
    const record = scenario.records.find((r) => r.keyField === name && r.listed);
    if (!record || name === creates) return undefined;
    return async (text) => {
      const query = new URLSearchParams({ pageSize: '8', ...(text ? { q: text } : {}) });
      const answer = await api('GET', `/api/${scenario.id}/search/${record.type}?${query}`);
      return answer.items.map((item) => ({
        value: item.id,
        label: String(item.details?.title ?? item.details?.name ?? ''),
        detail: item.status ? scenarioText(scenario, 'states', item.status, humanise(item.status)) : '',
      }));
    };
  };
}

/**
 * Where a submit lands: the record it created or changed. A flow on one record that creates another (an
 * inspection of a batch, a recall, a licence of a patent) lands on the new one; a flow that creates its own
 * record finds the new ID in the request, or in the answer when the ledger numbers or composes it (a patent
 * application, an invoice).
 */
function landingOf(scenario, action, request, answer) {
  const own = scenario.records.find((r) => r.type === action.record);
  if (own && action.pathParams.includes(own.keyField)) {
    const other = scenario.records.find(
      (r) => r !== own && !action.pathParams.includes(r.keyField) && typeof request[r.keyField] === 'string',
    );
    if (other) return { record: other, id: request[other.keyField] };
  }
  const record = own ?? scenario.records.find((r) => typeof request[r.keyField] === 'string');
  // A key the ledger composes from other fields (an invoice's code and number) may be only under its own name.
  const data = answer?.result?.data;
  const id = record && (request[record.keyField] ?? data?.id ?? data?.[record.keyField]);
  return record && typeof id === 'string' ? { record, id } : null;
}

/** The confirmation: what was done to which record, that it is on the ledger, and the answer folded away. */
function confirmation(scenario, title, landing, request, answer) {
  const secret = typeof request.commitment === 'string' ? secretFor(request.commitment) : undefined;
  const name = request.title ?? request.name;
  return notice(
    'ok',
    h(
      'strong',
      { id: 'action-done' },
      landing
        ? t('action:doneRecord', {
            action: title,
            record: recordWord(scenario, landing.record),
            id: landing.id,
            block: answer.blockNumber,
          })
        : t('action:done', { action: title, block: answer.blockNumber }),
    ),
    typeof name === 'string' ? h('div', {}, t('action:named', { name })) : null,
    generatedSalts(scenario, answer.salts),
    answer.transactionId ? h('div', {}, `${t('action:transaction')} `, txLink(answer.transactionId)) : null,
    secret
      ? h(
          'div',
          { className: 'salt-reminder' },
          h('p', {}, t('action:keepSalt')),
          saltDownload(secret, landing?.id, { id: 'salt-download-final' }),
        )
      : null,
    h(
      'details',
      { className: 'raw-answer' },
      h('summary', {}, t('action:answer')),
      h('pre', { className: 'mono' }, JSON.stringify(answer, null, 2)),
    ),
  );
}

/** A record read under a logged consent, shown here: the user may not open it on its own page. */
function consentedRecord(answer) {
  const data = answer.result.record.data;
  return h(
    'div',
    { className: 'panel', id: 'consented-record' },
    h('h3', {}, t('action:readUnderConsent', { id: data.id, consent: answer.result.consent.id })),
    h('p', { className: 'muted' }, t('action:consentLogged'), ' ', txLink(answer.transactionId)),
    h(
      'dl',
      { className: 'kv' },
      Object.entries(data).flatMap(([k, v]) => [
        h('dt', {}, humanise(k)),
        h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)),
      ]),
    ),
  );
}

/** A salt the app generates when left empty is never a field the user must fill, even where the flow requires it. */
function withGeneratedSaltsOptional(schema, transient) {
  const salts = transient?.salts ?? [];
  if (!salts.length || !schema.required) return schema;
  return { ...schema, required: schema.required.filter((field) => !salts.includes(field)) };
}

/** Notes on the fields sent as private (transient) data, and on the salts the app makes when left empty. */
function markPrivateFields(form, transient) {
  for (const field of transient?.fields ?? []) {
    const element = form.querySelector(`[data-field="${field}"]`);
    if (!element) continue;
    element.classList.add('private-field');
    const note = transient.salts.includes(field)
      ? `${t('forms:privateField')} ${t('forms:saltGenerated')}`
      : t('forms:privateField');
    element.append(h('span', { className: 'hint private-note' }, note));
  }
}

/** The salts the app generated for the user's private values: shown once more, to keep. */
function generatedSalts(scenario, salts) {
  if (!salts || !Object.keys(salts).length) return null;
  return h(
    'div',
    { className: 'salt-reminder', id: 'generated-salts' },
    h('p', {}, t('action:keepGeneratedSalts')),
    h(
      'dl',
      { className: 'kv' },
      Object.entries(salts).flatMap(([field, salt]) => [
        h('dt', {}, scenarioText(scenario, 'fields', field, humanise(field))),
        h('dd', { className: 'mono' }, salt),
      ]),
    ),
  );
}

/** A form for one chaincode transaction, built from its request schema; after a submit, the record it changed. */
export async function actionView(scenarioId, transaction, query) {
  const { items, orgs, organisations } = await catalog();
  const scenario = items.find((s) => s.id === scenarioId);
  const action = scenario?.actions.find((a) => a.transaction === transaction);
  if (!action) return h('section', {}, notice('bad', t('action:unknown')));
  const title = scenarioText(scenario, 'flows', transaction, action.summary);
  // Fields the link names (the record a record action or a read under consent is about) are fixed.
  const fields = action.request.properties ?? {};
  const fixed = Object.fromEntries([...query.entries()].filter(([name]) => Object.hasOwn(fields, name)));
  const result = h('div', { id: 'result' });
  const own = scenario.records.find((r) => r.type === action.record);
  const form = schemaForm(withGeneratedSaltsOptional(action.request, action.transient), {
    scenario,
    orgs: organisations ?? orgs.map((mspId) => ({ mspId, name: mspId })),
    pickerFor: pickers(scenario, action),
    fixed,
    submitLabel: title,
    onSubmit: async (request, error) => {
      result.replaceChildren();
      if (error) return void result.append(notice('bad', error.message));
      try {
        const pathValues = Object.fromEntries(action.pathParams.map((p) => [p, request[p]]));
        const rest = Object.fromEntries(Object.entries(request).filter(([k]) => !action.pathParams.includes(k)));
        const answer =
          action.method === 'GET'
            ? await api('GET', fillPath(action.path, pathValues, rest))
            : await api('POST', fillPath(action.path, pathValues), rest);
        if (answer?.result?.record?.data) {
          return void result.append(
            notice(
              'ok',
              h('strong', { id: 'action-done' }, t('action:done', { action: title, block: answer.blockNumber })),
            ),
            consentedRecord(answer),
          );
        }
        if (action.kind !== 'submit') {
          const context = { scenario, orgs, view: own };
          return void result.append(
            notice('ok', t('action:queried')),
            h('div', { id: 'query-answer' }, answerView(context, answer, action.record)),
            h(
              'details',
              { className: 'raw-answer' },
              h('summary', {}, t('action:answer')),
              h('pre', { className: 'mono' }, JSON.stringify(answer, null, 2)),
            ),
          );
        }
        const landing = landingOf(scenario, action, request, answer);
        const done = confirmation(scenario, title, landing, request, answer);
        if (!landing) return void result.append(done);
        showAfterNavigation(h('div', { className: 'after-action' }, done));
        location.hash = recordHref(scenario, landing.record.type, landing.id);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const issues = err.details?.issues ?? err.details?.facts?.issues;
        const unplaced = err.code === 'INVALID_ARGUMENT' && issues?.length ? form.showIssues(issues) : undefined;
        result.append(errorNotice(err, title, unplaced, scenario));
      }
    },
  });
  markPrivateFields(form, action.transient);
  // Values computed from the record the action is about (the next unpaid fee year), once its ID is known.
  const propose = async (id) => {
    if (!own?.get || !id) return;
    try {
      const record = await api('GET', `/api/${scenario.id}/${own.collection}/${encodeURIComponent(id)}`);
      for (const { field, value, why } of recordDefaults(action.request, record.data)) form.propose(field, value, why);
    } catch {
      // No such record (yet), or not readable: the ledger will say so on submit.
    }
  };
  if (own && action.pathParams.includes(own.keyField) && mayPropose(action.request)) {
    if (fixed[own.keyField]) await propose(fixed[own.keyField]);
    else
      form.querySelector(`#f-${own.keyField}`)?.addEventListener('change', (e) => void propose(e.target.value.trim()));
  }
  return h(
    'section',
    {},
    h('p', {}, h('a', { href: `#/s/${scenario.id}` }, `← ${scenarioText(scenario, 'title', null, scenario.title)}`)),
    h('h1', {}, title),
    h('p', { className: 'sub' }, scenarioText(scenario, 'descriptions', transaction, action.description)),
    action.allowed ? null : notice('info', t('action:notAllowed')),
    h('div', { className: 'panel' }, form, result),
  );
}
