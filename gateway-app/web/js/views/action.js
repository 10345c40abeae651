import { api, catalog, fillPath, ApiError } from '../api.js';
import { h, notice } from '../dom.js';
import { errorNotice } from '../components/error-notice.js';
import { schemaForm } from '../components/schema-form.js';
import { txLink } from '../components/tx-link.js';

/** A form for one chaincode transaction, built from its request schema; answers what the ledger said. */
export async function actionView(scenarioId, transaction, query) {
  const { items, orgs } = await catalog();
  const scenario = items.find((s) => s.id === scenarioId);
  const action = scenario?.actions.find((a) => a.transaction === transaction);
  if (!action) return h('p', {}, 'Unknown action.');
  // Fields the link names (the record a record action or a read under consent is about) are fixed.
  const fields = action.request.properties ?? {};
  const fixed = Object.fromEntries([...query.entries()].filter(([name]) => Object.hasOwn(fields, name)));
  const result = h('div', { id: 'result' });
  const record =
    scenario.records.find((r) => action.pathParams.includes(r.keyField)) ??
    scenario.records.find((r) => r.keyField in (action.request.properties ?? {}));
  const form = schemaForm(action.request, {
    orgs,
    fixed,
    submitLabel: action.summary,
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
        // A record read under consent is shown here: the user may not open it on its own page.
        const readUnderConsent = answer?.result?.record?.data;
        const id = !readUnderConsent && record && (request[record.keyField] ?? answer?.result?.data?.id);
        result.append(
          notice(
            'ok',
            action.kind === 'submit' ? `Committed in block ${answer.blockNumber}` : 'Done',
            id && record
              ? h(
                  'div',
                  {},
                  h(
                    'a',
                    { href: `#/s/${scenario.id}/r/${record.type}/${encodeURIComponent(id)}` },
                    `Open ${record.type} ${id}`,
                  ),
                )
              : null,
            // After the record: the business object first, its ledger transaction second.
            answer.transactionId ? h('div', {}, 'Transaction ', txLink(answer.transactionId)) : null,
          ),
          readUnderConsent
            ? h(
                'div',
                { className: 'panel', id: 'consented-record' },
                h('h3', {}, `${readUnderConsent.id}, read under consent ${answer.result.consent.id}`),
                h(
                  'p',
                  { className: 'muted' },
                  'This read is logged on the ledger (transaction ',
                  txLink(answer.transactionId),
                  ') for the subject and the issuer to see.',
                ),
                h(
                  'dl',
                  { className: 'kv' },
                  Object.entries(readUnderConsent).flatMap(([k, v]) => [
                    h('dt', {}, k),
                    h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)),
                  ]),
                ),
              )
            : null,
          h(
            'details',
            {},
            h('summary', {}, 'Answer'),
            h('pre', { className: 'mono' }, JSON.stringify(answer, null, 2)),
          ),
        );
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const issues = err.details?.issues ?? err.details?.facts?.issues;
        const unplaced = err.code === 'INVALID_ARGUMENT' && issues?.length ? form.showIssues(issues) : undefined;
        result.append(errorNotice(err, action.summary, unplaced));
      }
    },
  });
  return h(
    'section',
    {},
    h('p', {}, h('a', { href: `#/s/${scenario.id}` }, `← ${scenario.title}`)),
    h('h1', {}, action.summary),
    h('p', { className: 'sub' }, action.description),
    action.allowed
      ? null
      : notice(
          'info',
          'Your organisation or role is not among those the chaincode lets do this; the ledger will refuse it.',
        ),
    h('div', { className: 'panel' }, form, result),
  );
}
