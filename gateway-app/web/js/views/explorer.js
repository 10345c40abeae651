/* global location, URLSearchParams */
import { api, session } from '../api.js';
import { txLink } from '../components/tx-link.js';
import { badge, formatTime, h, notice } from '../dom.js';

/** Every string this view shows, in one place (for the coming translation). */
const TEXT = {
  title: 'Ledger',
  intro: 'The shared ledger as every organisation holds it: its blocks, the transactions in them, and the network.',
  search: 'Find',
  searchPlaceholder: 'Transaction ID, block number or record key',
  searchButton: 'Find',
  network: 'Network',
  channel: 'Channel',
  height: 'Blocks',
  organisations: 'Organisations',
  peers: 'Peers',
  peer: 'Peer',
  organisation: 'Organisation',
  status: 'Status',
  services: 'Business services',
  service: 'Service',
  version: 'Version',
  revision: 'Revision',
  approvalRule: 'Approval rule',
  blocks: 'Latest blocks',
  block: 'Block',
  transactions: 'Transactions',
  time: 'Time',
  fingerprint: 'Content fingerprint',
  previous: 'Previous block fingerprint',
  older: 'Older blocks',
  newer: 'Newest',
  transaction: 'Transaction',
  kind: 'Kind',
  by: 'Submitted by',
  approvedBy: 'Approved by',
  outcome: 'Outcome',
  action: 'Action',
  event: 'Event',
  inBlock: 'In block',
  changes: 'Records read and written',
  read: 'Read',
  written: 'Written',
  deleted: 'deleted',
  bytes: (n) => `${n} bytes`,
  truncated: 'More keys than shown.',
  eventData: 'Event data',
  noEvent: 'No event.',
  damaged: (why) => `Part of this transaction could not be read: ${why}`,
  foundKey: (key) => `Transactions that wrote "${key}"`,
  scanned: (from, to, complete) =>
    `Searched blocks ${from} to ${to}${complete ? ' (the whole ledger)' : '; older blocks were not searched'}.`,
  noWriters: 'No transaction in these blocks wrote this key.',
  nothing: (q) => `Nothing on the ledger matches "${q}".`,
  none: 'None',
  key: 'Key',
};

const OUTCOME_KIND = { VALID: 'ok' };

function who(signer) {
  if (!signer) return '—';
  return signer.name ? `${signer.name} (${signer.mspId})` : signer.mspId;
}

function outcome(code) {
  return badge(code, OUTCOME_KIND[code] ?? 'bad');
}

/** Keys of composite form (`\0Type\0id\0`) shown as `Type · id`. */
function showKey(key) {
  const parts = key.split('\u0000').filter(Boolean);
  return parts.length > 1 || key.startsWith('\u0000') ? parts.join(' · ') : key;
}

function searchForm(value = '') {
  const input = h('input', { type: 'search', name: 'q', id: 'explorer-q', value, placeholder: TEXT.searchPlaceholder });
  const form = h(
    'form',
    { className: 'toolbar', role: 'search' },
    h('label', {}, TEXT.search, input),
    h('button', { type: 'submit', className: 'secondary' }, TEXT.searchButton),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) location.hash = `#/explorer/search?${new URLSearchParams({ q: input.value.trim() })}`;
  });
  return form;
}

function table(headings, rows, id) {
  return h(
    'div',
    { className: 'table-wrap', id },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headings.map((t) => h('th', {}, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

function blockRows(blocks) {
  return blocks.map((b) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `#/explorer/block/${b.number}` }, `#${b.number}`)),
      h('td', { className: 'nowrap' }, formatTime(b.time)),
      h('td', {}, String(b.txCount)),
      h('td', { className: 'mono hash' }, b.dataHash),
    ),
  );
}

/** `#/explorer[?before=N]`: network summary, newest blocks, search. */
export async function explorerView(query) {
  const before = query.get('before');
  const [summary, page] = await Promise.all([
    api('GET', '/api/explorer/summary'),
    api('GET', `/api/explorer/blocks?limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`),
  ]);
  const peers = table(
    [TEXT.organisation, TEXT.peer, TEXT.status, TEXT.height],
    summary.peers.map((p) =>
      h(
        'tr',
        {},
        h('td', {}, summary.orgs.find((o) => o.mspId === p.mspId)?.name ?? p.mspId),
        h('td', { className: 'mono' }, p.endpoint),
        h('td', {}, badge(p.status, p.status === 'up' ? 'ok' : 'bad')),
        h('td', {}, p.height ?? '—'),
      ),
    ),
    'peers',
  );
  const services = table(
    [TEXT.service, TEXT.version, TEXT.revision, TEXT.approvalRule],
    summary.chaincodes.map((c) =>
      h(
        'tr',
        {},
        h('td', {}, c.name),
        h('td', {}, c.version || '—'),
        h('td', {}, c.sequence || '—'),
        h('td', {}, c.endorsementPolicy || '—'),
      ),
    ),
    'services',
  );
  return h(
    'section',
    { id: 'explorer' },
    h('h1', {}, TEXT.title),
    h('p', { className: 'sub' }, TEXT.intro),
    searchForm(),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, TEXT.network),
      h(
        'dl',
        { className: 'kv' },
        h('dt', {}, TEXT.channel),
        h('dd', { className: 'mono' }, summary.channel),
        h('dt', {}, TEXT.height),
        h('dd', { id: 'ledger-height' }, String(summary.height)),
        h('dt', {}, TEXT.organisations),
        h('dd', {}, String(summary.orgs.length)),
      ),
      h('h3', {}, TEXT.peers),
      peers,
      h('h3', {}, TEXT.services),
      services,
    ),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, TEXT.blocks),
      table([TEXT.block, TEXT.time, TEXT.transactions, TEXT.fingerprint], blockRows(page.items)),
      h(
        'div',
        { className: 'actions' },
        before ? h('a', { className: 'button secondary', href: '#/explorer' }, TEXT.newer) : null,
        page.next !== null
          ? h('a', { className: 'button secondary', href: `#/explorer?before=${page.next}` }, TEXT.older)
          : null,
      ),
    ),
  );
}

/** `#/explorer/block/<n>`: a block's header and its transactions. */
export async function explorerBlockView(number) {
  const block = await api('GET', `/api/explorer/blocks/${encodeURIComponent(number)}`);
  return h(
    'section',
    { id: 'explorer-block' },
    h('p', {}, h('a', { href: '#/explorer' }, `← ${TEXT.title}`)),
    h('h1', {}, `${TEXT.block} #${block.number}`),
    h(
      'div',
      { className: 'panel' },
      h(
        'dl',
        { className: 'kv' },
        h('dt', {}, TEXT.time),
        h('dd', {}, formatTime(block.time)),
        h('dt', {}, TEXT.transactions),
        h('dd', {}, String(block.txCount)),
        h('dt', {}, TEXT.fingerprint),
        h('dd', { className: 'mono hash' }, block.dataHash),
        h('dt', {}, TEXT.previous),
        h('dd', { className: 'mono hash' }, block.previousHash || '—'),
      ),
    ),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, TEXT.transactions),
      table(
        [TEXT.transaction, TEXT.kind, TEXT.action, TEXT.by, TEXT.approvedBy, TEXT.outcome, TEXT.event, TEXT.time],
        block.transactions.map((t) =>
          h(
            'tr',
            {},
            h('td', { className: 'tx-cell' }, t.txId ? txLink(t.txId) : '—'),
            h('td', {}, t.type),
            h('td', {}, t.chaincode ? `${t.chaincode} · ${t.function ?? ''}` : '—'),
            h('td', {}, who(t.creator)),
            h('td', {}, t.endorsers.map((e) => e.mspId).join(', ') || '—'),
            h('td', {}, outcome(t.validationCode)),
            h('td', {}, t.eventName ?? '—'),
            h('td', { className: 'nowrap' }, formatTime(t.timestamp)),
          ),
        ),
      ),
    ),
  );
}

function readWriteSets(sets) {
  if (!sets.length) return h('p', { className: 'empty' }, TEXT.none);
  return sets.map((ns) =>
    h(
      'div',
      { className: 'rwset' },
      h('h4', {}, ns.namespace),
      table(
        [TEXT.read, TEXT.written],
        h(
          'tr',
          {},
          h(
            'td',
            {},
            h(
              'ul',
              { className: 'keys' },
              ns.reads.map((r) => h('li', { className: 'mono' }, showKey(r.key))),
            ),
          ),
          h(
            'td',
            {},
            h(
              'ul',
              { className: 'keys' },
              ns.writes.map((w) =>
                h(
                  'li',
                  { className: 'mono' },
                  showKey(w.key),
                  h(
                    'span',
                    { className: 'muted' },
                    w.isDelete ? ` (${TEXT.deleted})` : ` (${TEXT.bytes(w.valueSize)})`,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
      ns.truncated ? h('p', { className: 'muted' }, TEXT.truncated) : null,
    ),
  );
}

/** `#/explorer/tx/<id>`: one transaction: who, approvals, outcome, records read and written, its event. */
export async function explorerTransactionView(txId) {
  const tx = await api('GET', `/api/explorer/transactions/${encodeURIComponent(txId)}`);
  return h(
    'section',
    { id: 'explorer-tx' },
    // Users who may open only their own org's transactions have no ledger page to go back to.
    session.user?.isAdmin || session.user?.role === 'auditor'
      ? h('p', {}, h('a', { href: '#/explorer' }, `← ${TEXT.title}`))
      : null,
    h('h1', {}, TEXT.transaction, ' ', outcome(tx.validationCode)),
    tx.malformed ? notice('bad', TEXT.damaged(tx.malformed)) : null,
    h(
      'div',
      { className: 'panel' },
      h(
        'dl',
        { className: 'kv' },
        h('dt', {}, TEXT.transaction),
        h('dd', { className: 'mono', id: 'tx-id' }, tx.txId),
        h('dt', {}, TEXT.inBlock),
        h('dd', {}, h('a', { href: `#/explorer/block/${tx.blockNumber}` }, `#${tx.blockNumber}`)),
        h('dt', {}, TEXT.time),
        h('dd', {}, formatTime(tx.timestamp)),
        h('dt', {}, TEXT.kind),
        h('dd', {}, tx.type),
        h('dt', {}, TEXT.action),
        h('dd', {}, tx.chaincode ? `${tx.chaincode} · ${tx.function ?? ''}` : '—'),
        h('dt', {}, TEXT.by),
        h('dd', { id: 'tx-creator' }, who(tx.creator)),
        h('dt', {}, TEXT.approvedBy),
        h('dd', { id: 'tx-endorsers' }, tx.endorsers.map(who).join(', ') || '—'),
        h('dt', {}, TEXT.outcome),
        h('dd', {}, tx.validationCode),
      ),
    ),
    h('div', { className: 'panel' }, h('h3', {}, TEXT.changes), readWriteSets(tx.readWriteSets)),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, TEXT.event),
      tx.event
        ? [
            h(
              'p',
              {},
              h('strong', {}, tx.event.name),
              ' ',
              h('span', { className: 'muted' }, TEXT.bytes(tx.event.payloadSize)),
            ),
            tx.event.json !== undefined
              ? h('details', {}, h('summary', {}, TEXT.eventData), h('pre', {}, JSON.stringify(tx.event.json, null, 2)))
              : null,
          ]
        : h('p', { className: 'empty' }, TEXT.noEvent),
    ),
  );
}

/** `#/explorer/search?q=`: jumps to a transaction or block; lists the transactions that wrote a key. */
export async function explorerSearchView(query) {
  const q = query.get('q') ?? '';
  const found = await api('GET', `/api/explorer/search?${new URLSearchParams({ q })}`);
  if (found.kind === 'transaction') {
    location.replace(`#/explorer/tx/${found.txId}`);
    return h('section', {});
  }
  if (found.kind === 'block') {
    location.replace(`#/explorer/block/${found.blockNumber}`);
    return h('section', {});
  }
  const body =
    found.kind === 'none'
      ? h('p', { className: 'empty' }, TEXT.nothing(q))
      : [
          h('h3', {}, TEXT.foundKey(q)),
          h('p', { className: 'muted' }, TEXT.scanned(found.scanned.fromBlock, found.scanned.toBlock, found.complete)),
          found.writers.length
            ? table(
                [TEXT.transaction, TEXT.block, TEXT.service, TEXT.key, TEXT.outcome, TEXT.time],
                found.writers.map((w) =>
                  h(
                    'tr',
                    {},
                    h('td', { className: 'tx-cell' }, txLink(w.txId)),
                    h('td', {}, h('a', { href: `#/explorer/block/${w.blockNumber}` }, `#${w.blockNumber}`)),
                    h('td', {}, w.namespace),
                    h('td', { className: 'mono' }, showKey(w.key), w.isDelete ? ` (${TEXT.deleted})` : ''),
                    h('td', {}, outcome(w.validationCode)),
                    h('td', { className: 'nowrap' }, formatTime(w.timestamp)),
                  ),
                ),
              )
            : h('p', { className: 'empty' }, TEXT.noWriters),
        ];
  return h(
    'section',
    { id: 'explorer-search' },
    h('p', {}, h('a', { href: '#/explorer' }, `← ${TEXT.title}`)),
    h('h1', {}, TEXT.title),
    searchForm(q),
    h('div', { className: 'panel' }, body),
  );
}
