import { h } from '../dom.js';
import { formatTime, humanise, roleName, scenarioText, t } from '../i18n.js';
import { orgLabel, stateBadge } from './record-words.js';
import { txLink } from './tx-link.js';

/**
 * A record's history as a vertical timeline, newest first: what happened (the scenario's word for the event),
 * the state it led to, who (user, organisation, role), when, the reason the change carried, and its
 * transaction. Entries: `{ action, name?, from, to, actor, timestamp, txId, reason? }`.
 */
export function timeline(entries, scenario) {
  if (!entries.length) return h('p', { className: 'empty' }, t('record:noHistory'));
  return h(
    'ol',
    { className: 'timeline' },
    entries.map((entry) =>
      h(
        'li',
        { dataset: { action: entry.action ?? entry.name } },
        h(
          'div',
          {},
          h(
            'strong',
            {},
            entry.name
              ? scenarioText(scenario, 'events', entry.name, humanise(entry.action ?? entry.name))
              : humanise(entry.action),
          ),
          ' ',
          entry.to ? stateBadge(scenario, entry.to) : null,
          entry.from && entry.from !== entry.to
            ? h('span', { className: 'muted' }, ' ', t('record:fromState'), ' ', stateBadge(scenario, entry.from))
            : null,
        ),
        entry.reason ? h('div', { className: 'reason' }, `${t('record:reason')}：${entry.reason}`) : null,
        h(
          'div',
          { className: 'when' },
          formatTime(entry.timestamp),
          entry.actor ? [' · ', entry.actor.user ? `${entry.actor.user} · ` : '', orgLabel(entry.actor.mspId)] : null,
          entry.actor?.role ? ` · ${roleName(entry.actor.role)}` : '',
        ),
        h('div', { className: 'when' }, txLink(entry.txId ?? entry.transactionId)),
      ),
    ),
  );
}

/** Stages of a patent's life, with the current one highlighted and an off-track end (rejected, lapsed) marked. */
const PATENT_STAGES = ['FILED', 'FORMALITIES_PASSED', 'PUBLISHED', 'UNDER_EXAMINATION', 'IN_FORCE', 'EXPIRED'];

export function patentStages(status, scenario) {
  const index = PATENT_STAGES.indexOf(status);
  const offTrack = index === -1;
  const word = (stage) => scenarioText(scenario, 'states', stage, humanise(stage.toLowerCase()));
  return h(
    'div',
    { className: 'stages', role: 'list', 'aria-label': t('record:lifecycle') },
    PATENT_STAGES.map((stage, i) =>
      h(
        'div',
        {
          role: 'listitem',
          className: `stage${i < index ? ' done' : ''}${i === index ? ' current done' : ''}`,
          dataset: { state: stage },
        },
        word(stage),
      ),
    ),
    offTrack
      ? h('div', { role: 'listitem', className: 'stage current off', dataset: { state: status } }, word(String(status)))
      : null,
  );
}
