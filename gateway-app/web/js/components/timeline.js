import { badge, formatTime, h, humanise } from '../dom.js';
import { txLink } from './tx-link.js';

/** A record's history (ledger versions or read-model events) as a vertical timeline, newest first. */
export function timeline(entries) {
  if (!entries.length) return h('p', { className: 'empty' }, 'No history yet.');
  return h(
    'ol',
    { className: 'timeline' },
    entries.map((entry) =>
      h(
        'li',
        {},
        h(
          'div',
          {},
          h('strong', {}, humanise(entry.action ?? entry.name)),
          ' ',
          entry.to ? badge(entry.to) : null,
          entry.from ? h('span', { className: 'muted' }, ` from ${entry.from}`) : null,
        ),
        h(
          'div',
          { className: 'when' },
          formatTime(entry.timestamp),
          ' · ',
          entry.actor
            ? `${entry.actor.user ?? ''} (${entry.actor.mspId}${entry.actor.role ? `, ${entry.actor.role}` : ''})`
            : '',
        ),
        h('div', { className: 'when' }, txLink(entry.txId ?? entry.transactionId)),
      ),
    ),
  );
}

/** Stages of a patent's life, with the current one highlighted and an off-track end (rejected, lapsed) marked. */
const PATENT_STAGES = ['FILED', 'FORMALITIES_PASSED', 'PUBLISHED', 'UNDER_EXAMINATION', 'IN_FORCE', 'EXPIRED'];

export function patentStages(status) {
  const index = PATENT_STAGES.indexOf(status);
  const offTrack = index === -1;
  return h(
    'div',
    { className: 'stages', role: 'list', 'aria-label': 'Patent lifecycle' },
    PATENT_STAGES.map((stage, i) =>
      h(
        'div',
        { role: 'listitem', className: `stage${i < index ? ' done' : ''}${i === index ? ' current done' : ''}` },
        humanise(stage.toLowerCase()),
      ),
    ),
    offTrack
      ? h('div', { role: 'listitem', className: 'stage current off' }, humanise(String(status).toLowerCase()))
      : null,
  );
}
