/* global location */
import { api, catalog, fillPath, ApiError } from '../api.js';
import { h, notice } from '../dom.js';
import { formatTime, humanise, scenarioText, t } from '../i18n.js';
import { provenanceGraph } from '../components/provenance-graph.js';
import { credentialCard } from '../components/credential-card.js';
import { nameLinkedRecords, recordDetails } from '../components/record-details.js';
import { recallReach, referringRecords, versionList } from '../components/record-links.js';
import { fieldLabel, orgLabel, stateBadge } from '../components/record-words.js';
import { st96DownloadButton } from '../components/st96-download.js';
import { patentStages, timeline } from '../components/timeline.js';

const HASH_FIELDS = /Hash$|^commitment$/;

function hashCards(scenario, data) {
  const hashes = Object.entries(data).filter(([k, v]) => HASH_FIELDS.test(k) && typeof v === 'string');
  if (!hashes.length) return null;
  return h(
    'div',
    { className: 'panel' },
    h('h3', {}, t('record:fingerprints')),
    h(
      'div',
      { className: 'grid' },
      hashes.map(([name, hash]) =>
        h(
          'div',
          {},
          h('img', {
            className: 'qr',
            src: `/api/public/qr?text=${hash}`,
            alt: t('record:qrOf', { name: fieldLabel(scenario, name) }),
          }),
          h('div', { className: 'muted' }, fieldLabel(scenario, name)),
          h('div', { className: 'mono', style: 'word-break: break-all' }, hash),
          name === 'documentHash' ? h('a', { href: `#/verify?hash=${hash}` }, t('record:verifyDocument')) : null,
        ),
      ),
    ),
  );
}

async function provenancePanel(scenario, id, kind) {
  const trace = scenario.actions.find((a) => a.transaction === 'trace');
  if (!trace) return null;
  const [up, down] = await Promise.all(
    ['upstream', 'downstream'].map((direction) =>
      api('GET', fillPath(trace.path, { id }, { direction, maxDepth: 5, pageSize: 100 })),
    ),
  );
  const graph = provenanceGraph({ id, kind }, up.items, down.items, (node) => {
    if (node.id !== id)
      location.hash = `#/s/${scenario.id}/r/${node.kind === 'pallet' ? 'Pallet' : 'Batch'}/${encodeURIComponent(node.id)}`;
  });
  return h(
    'div',
    { className: 'panel', id: 'provenance' },
    h('h3', {}, t('record:provenance')),
    h('p', { className: 'muted' }, t('record:provenanceCounts', { up: up.items.length, down: down.items.length })),
    h('div', { className: 'graph' }, graph),
  );
}

/** A `{ reason, at }` note in a version of the record written at `timestamp`: why that change was made. */
function reasonIn(data, timestamp) {
  for (const value of Object.values(data ?? {}))
    if (value && typeof value === 'object' && typeof value.reason === 'string' && value.at === timestamp)
      return value.reason;
  return undefined;
}

/**
 * The record's history, newest first: the ledger's versions when the user may read them, with the event name
 * and reason its event carried (or the reason note the version keeps); else the events the read model kept.
 */
async function historyOf(scenario, view, id, stored, projected) {
  const events = new Map(projected.items.map((e) => [e.transactionId, e]));
  const historyAction = view.history && scenario.actions.find((a) => a.transaction === view.history);
  if (historyAction && stored) {
    const page = await api('GET', fillPath(historyAction.path, { [view.keyField]: id }, { pageSize: 50 }));
    return page.items
      .filter((e) => e.record)
      .map((e) => {
        const event = events.get(e.txId);
        return {
          ...e.record.audit,
          name: event?.name,
          timestamp: e.timestamp,
          txId: e.txId,
          reason: event?.details?.reason ?? reasonIn(e.record.data, e.record.audit.timestamp),
        };
      });
  }
  return projected.items
    .slice()
    .reverse()
    .map((e) => ({ ...e, txId: e.transactionId, reason: e.details?.reason }));
}

/**
 * A record from the ledger: its details as tables and lists with related records linked, what refers to it,
 * its history with reasons, its versions, what the user may do to it, and pictures where they help.
 */
export async function recordView(scenarioId, recordType, id) {
  const { items, orgs } = await catalog();
  const scenario = items.find((s) => s.id === scenarioId);
  const view = scenario?.records.find((r) => r.type === recordType);
  if (!scenario || !view) return h('p', {}, t('record:unknownType'));
  const recordWord = scenarioText(scenario, 'records', view.type, humanise(recordType));
  const getAction = view.get && scenario.actions.find((a) => a.transaction === view.get);
  let stored = null;
  let problem = null;
  if (getAction) {
    try {
      stored = await api('GET', fillPath(getAction.path, { [view.keyField]: id }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const readUnderConsent = scenario.actions.find((a) => a.transaction === 'accessRecord' && a.allowed);
      const underConsent = err.code === 'FORBIDDEN' && readUnderConsent;
      problem = notice(
        'bad',
        `${err.code}: ${err.message}`,
        underConsent
          ? h(
              'div',
              { id: 'consent-hint' },
              t('record:consentHint'),
              ' ',
              h(
                'a',
                {
                  className: 'button secondary',
                  href: `#/s/${scenario.id}/a/accessRecord?${view.keyField}=${encodeURIComponent(id)}`,
                },
                scenarioText(scenario, 'flows', readUnderConsent.transaction, readUnderConsent.summary),
              ),
            )
          : null,
      );
    }
  }
  // Personal data the read model does not show this user: the ledger's answer (or refusal) is all there is.
  const projected = view.listed
    ? await api('GET', `/api/${scenario.id}/timeline/${recordType}/${encodeURIComponent(id)}`)
    : { record: null, items: [] };
  const history = await historyOf(scenario, view, id, stored, projected);
  const data = stored?.data ?? projected.record?.details ?? {};
  const status = stored?.data?.status ?? projected.record?.status;

  // The ledger's answer lists what this user may do now: the state machine's rule for their org and role.
  const offered = stored?.actions ?? [];
  const actionPanel = h(
    'div',
    { className: 'panel', id: 'record-actions' },
    h('h3', {}, t('record:actions')),
    offered.length
      ? h(
          'div',
          { className: 'actions' },
          offered.map((a) =>
            h(
              'a',
              {
                className: 'button secondary',
                'data-transaction': a.transaction,
                href: `#/s/${scenario.id}/a/${a.transaction}?${view.keyField}=${encodeURIComponent(id)}`,
              },
              scenarioText(scenario, 'flows', a.transaction, a.label),
            ),
          ),
        )
      : h(
          'p',
          { className: 'muted' },
          stored
            ? t('record:nothingToDo', {
                record: recordWord,
                state: status ? scenarioText(scenario, 'states', status, status) : '',
              })
            : t('record:actionsFromLedger'),
        ),
    // An application's bibliographic data for other patent offices' systems (WIPO ST.96 XML).
    recordType === 'Patent' && stored ? st96DownloadButton(scenario.id, id) : null,
  );

  const context = { scenario, view, data, orgs: orgs ?? [] };
  const details = recordDetails(context);
  const [, referring, versions, reach, provenance] = await Promise.all([
    nameLinkedRecords(context).catch(() => null),
    referringRecords(scenario, view, id).catch(() => null),
    stored ? versionList(scenario, view, id).catch(() => null) : null,
    recordType === 'Recall' && stored ? recallReach(scenario, data).catch(() => null) : null,
    recordType === 'Batch' || recordType === 'Pallet'
      ? provenancePanel(scenario, id, recordType.toLowerCase()).catch(() => null)
      : null,
  ]);
  const audit = stored?.audit;
  return h(
    'section',
    { className: 'record-page', dataset: { recordType, state: status ?? '' } },
    h(
      'p',
      {},
      h(
        'a',
        { href: `#/s/${scenario.id}/${recordType}` },
        `← ${scenarioText(scenario, 'records', view.type, view.title)}`,
      ),
    ),
    h('h1', {}, `${recordWord} ${id} `, status ? stateBadge(scenario, status) : null),
    h(
      'p',
      { className: 'sub' },
      audit
        ? [
            t('record:revision', { revision: audit.revision, when: formatTime(audit.timestamp) }),
            ' ',
            orgLabel(audit.actor.mspId),
          ]
        : t('record:fromLists'),
    ),
    problem,
    recordType === 'Patent' && status
      ? h('div', { className: 'panel' }, h('h3', {}, t('record:lifecycle')), patentStages(status, scenario))
      : null,
    reach,
    provenance,
    h(
      'div',
      { className: 'cols' },
      h(
        'div',
        {},
        h('div', { className: 'panel', id: 'record-details' }, h('h3', {}, t('record:details')), details),
        referring,
      ),
      h(
        'div',
        {},
        actionPanel,
        h(
          'div',
          { className: 'panel', id: 'record-history' },
          h('h3', {}, t('record:history')),
          timeline(history, scenario),
        ),
        versions,
      ),
    ),
    hashCards(scenario, data),
    stored ? credentialCard(scenario, view, id, data) : null,
  );
}
