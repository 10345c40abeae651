/* global location, URLSearchParams */
import { api, session } from '../api.js';
import { followBlocks, throughputChart } from '../components/ledger-live.js';
import { txLink } from '../components/tx-link.js';
import { badge, h, notice } from '../dom.js';
import { formatTime, t } from '../i18n.js';

/** `explorer:<key>`: this view's messages (web/locales/<language>/explorer.json). */
const T = (key, values) => t(`explorer:${key}`, values);

const OUTCOME_KIND = { VALID: 'ok' };

function who(signer) {
  if (!signer) return '—';
  return signer.name ? `${signer.name} (${signer.mspId})` : signer.mspId;
}

/** A validation code in words where the language has them (the code itself stays on the transaction page). */
function outcome(code) {
  return badge(t(`explorer:outcomes.${code}`, { defaultValue: code }), OUTCOME_KIND[code] ?? 'bad');
}

function kindOf(type) {
  return t(`explorer:types.${type}`, { defaultValue: type });
}

/** Keys of composite form (`\0Type\0id\0`) shown as `Type · id`. */
function showKey(key) {
  const parts = key.split('\u0000').filter(Boolean);
  return parts.length > 1 || key.startsWith('\u0000') ? parts.join(' · ') : key;
}

function searchForm(value = '') {
  const input = h('input', { type: 'search', name: 'q', id: 'explorer-q', value, placeholder: T('searchPlaceholder') });
  const form = h(
    'form',
    { className: 'toolbar', role: 'search' },
    h('label', {}, T('search'), input),
    h('button', { type: 'submit', className: 'secondary' }, T('searchButton')),
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

function peerRows(summary) {
  return summary.peers.map((p) =>
    h(
      'tr',
      { dataset: { msp: p.mspId, status: p.status } },
      h('td', {}, summary.orgs.find((o) => o.mspId === p.mspId)?.name ?? p.mspId),
      h('td', { className: 'mono' }, p.endpoint),
      h('td', {}, badge(T(`peerStatus.${p.status}`), p.status === 'up' ? 'ok' : 'bad')),
      h('td', {}, p.height ?? '—'),
      h(
        'td',
        {},
        p.behind === null ? '—' : p.behind === 0 ? T('inStep') : badge(T('behind', { count: p.behind }), 'warn'),
      ),
    ),
  );
}

/** The live feed: a row per block the network adds while the page is open, newest on top. */
function liveFeed(after, heightCell) {
  const rows = h('tbody', {});
  const status = h('p', { className: 'muted', id: 'live-status', role: 'status' }, T('liveWaiting'));
  const panel = h(
    'div',
    { className: 'panel', id: 'live-blocks' },
    h('h3', {}, T('live')),
    status,
    table([T('block'), T('time'), T('transactions'), T('action')], rows),
  );
  followBlocks(after, {
    onBlock(block) {
      rows.prepend(
        h(
          'tr',
          { dataset: { block: block.number } },
          h('td', {}, h('a', { href: `#/explorer/block/${block.number}` }, `#${block.number}`)),
          h('td', { className: 'nowrap' }, formatTime(block.time)),
          h('td', {}, String(block.txCount)),
          h('td', {}, [...new Set(block.actions)].join(', ')),
        ),
      );
      heightCell.textContent = String(block.number + 1);
      status.hidden = true;
    },
    onEnd() {
      status.hidden = false;
      status.textContent = T('liveEnded');
    },
  });
  return panel;
}

/** `#/explorer[?before=N]`: network summary with peer health, throughput, live blocks, newest blocks, search. */
export async function explorerView(query) {
  const before = query.get('before');
  const [summary, page, chart] = await Promise.all([
    api('GET', '/api/explorer/summary'),
    api('GET', `/api/explorer/blocks?limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`),
    api('GET', '/api/explorer/throughput'),
  ]);
  const peers = table(
    [T('organisation'), T('peer'), T('status'), T('ledgerHeight'), T('sync')],
    peerRows(summary),
    'peers',
  );
  const services = table(
    [T('service'), T('version'), T('revision'), T('approvalRule')],
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
  const heightCell = h('dd', { id: 'ledger-height' }, String(summary.height));
  // Paging through older blocks is no place for the live feed; on the first page it continues the list.
  const newest = page.items[0]?.number ?? summary.height - 1;
  return h(
    'section',
    { id: 'explorer' },
    h('h1', {}, T('title')),
    h('p', { className: 'sub' }, T('intro')),
    searchForm(),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, T('network')),
      h(
        'dl',
        { className: 'kv' },
        h('dt', {}, T('channel')),
        h('dd', { className: 'mono' }, summary.channel),
        h('dt', {}, T('height')),
        heightCell,
        h('dt', {}, T('organisations')),
        h('dd', {}, String(summary.orgs.length)),
      ),
      h('h3', {}, T('peers')),
      peers,
      h(
        'p',
        { className: 'muted', id: 'peers-checked' },
        T('checkedAt', { time: formatTime(summary.peersCheckedAt, { timeStyle: 'medium' }) }),
      ),
      h('h3', {}, T('services')),
      services,
    ),
    h('div', { className: 'panel', id: 'throughput' }, h('h3', {}, T('throughput')), throughputChart(chart)),
    before ? null : liveFeed(newest, heightCell),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, T('blocks')),
      table([T('block'), T('time'), T('transactions'), T('fingerprint')], blockRows(page.items)),
      h(
        'div',
        { className: 'actions' },
        before ? h('a', { className: 'button secondary', href: '#/explorer' }, T('newer')) : null,
        page.next !== null
          ? h('a', { className: 'button secondary', href: `#/explorer?before=${page.next}` }, T('older'))
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
    h('p', {}, h('a', { href: '#/explorer' }, `← ${T('title')}`)),
    h('h1', {}, T('blockNumber', { number: block.number })),
    h(
      'div',
      { className: 'panel' },
      h(
        'dl',
        { className: 'kv' },
        h('dt', {}, T('time')),
        h('dd', {}, formatTime(block.time)),
        h('dt', {}, T('transactions')),
        h('dd', {}, String(block.txCount)),
        h('dt', {}, T('fingerprint')),
        h('dd', { className: 'mono hash' }, block.dataHash),
        h('dt', {}, T('previous')),
        h('dd', { className: 'mono hash' }, block.previousHash || '—'),
      ),
    ),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, T('transactions')),
      table(
        [T('transaction'), T('kind'), T('action'), T('by'), T('approvedBy'), T('outcome'), T('event'), T('time')],
        block.transactions.map((t) =>
          h(
            'tr',
            {},
            h('td', { className: 'tx-cell' }, t.txId ? txLink(t.txId) : '—'),
            h('td', {}, kindOf(t.type)),
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
  if (!sets.length) return h('p', { className: 'empty' }, T('none'));
  return sets.map((ns) =>
    h(
      'div',
      { className: 'rwset' },
      h('h4', {}, ns.namespace),
      table(
        [T('read'), T('written')],
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
                    w.isDelete ? ` (${T('deleted')})` : ` (${T('bytes', { count: w.valueSize })})`,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
      ns.truncated ? h('p', { className: 'muted' }, T('truncated')) : null,
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
      ? h('p', {}, h('a', { href: '#/explorer' }, `← ${T('title')}`))
      : null,
    h('h1', {}, T('transaction'), ' ', outcome(tx.validationCode)),
    tx.malformed ? notice('bad', T('damaged', { why: tx.malformed })) : null,
    h(
      'div',
      { className: 'panel' },
      h(
        'dl',
        { className: 'kv' },
        h('dt', {}, T('transaction')),
        h('dd', { className: 'mono', id: 'tx-id' }, tx.txId),
        h('dt', {}, T('inBlock')),
        h('dd', {}, h('a', { href: `#/explorer/block/${tx.blockNumber}` }, `#${tx.blockNumber}`)),
        h('dt', {}, T('time')),
        h('dd', {}, formatTime(tx.timestamp)),
        h('dt', {}, T('kind')),
        h('dd', {}, kindOf(tx.type)),
        h('dt', {}, T('action')),
        h('dd', {}, tx.chaincode ? `${tx.chaincode} · ${tx.function ?? ''}` : '—'),
        h('dt', {}, T('by')),
        h('dd', { id: 'tx-creator' }, who(tx.creator)),
        h('dt', {}, T('approvedBy')),
        h('dd', { id: 'tx-endorsers' }, tx.endorsers.map(who).join(', ') || '—'),
        h('dt', {}, T('outcome')),
        h('dd', {}, tx.validationCode),
      ),
    ),
    h('div', { className: 'panel' }, h('h3', {}, T('changes')), readWriteSets(tx.readWriteSets)),
    h(
      'div',
      { className: 'panel' },
      h('h3', {}, T('event')),
      tx.event
        ? [
            h(
              'p',
              {},
              h('strong', {}, tx.event.name),
              ' ',
              h('span', { className: 'muted' }, T('bytes', { count: tx.event.payloadSize })),
            ),
            tx.event.json !== undefined
              ? h('details', {}, h('summary', {}, T('eventData')), h('pre', {}, JSON.stringify(tx.event.json, null, 2)))
              : null,
          ]
        : h('p', { className: 'empty' }, T('noEvent')),
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
      ? h('p', { className: 'empty' }, T('nothing', { q: q }))
      : [
          h('h3', {}, T('foundKey', { key: q })),
          h(
            'p',
            { className: 'muted' },
            T(found.complete ? 'scannedAll' : 'scannedSome', {
              from: found.scanned.fromBlock,
              to: found.scanned.toBlock,
            }),
          ),
          found.writers.length
            ? table(
                [T('transaction'), T('block'), T('service'), T('key'), T('outcome'), T('time')],
                found.writers.map((w) =>
                  h(
                    'tr',
                    {},
                    h('td', { className: 'tx-cell' }, txLink(w.txId)),
                    h('td', {}, h('a', { href: `#/explorer/block/${w.blockNumber}` }, `#${w.blockNumber}`)),
                    h('td', {}, w.namespace),
                    h('td', { className: 'mono' }, showKey(w.key), w.isDelete ? ` (${T('deleted')})` : ''),
                    h('td', {}, outcome(w.validationCode)),
                    h('td', { className: 'nowrap' }, formatTime(w.timestamp)),
                  ),
                ),
              )
            : h('p', { className: 'empty' }, T('noWriters')),
        ];
  return h(
    'section',
    { id: 'explorer-search' },
    h('p', {}, h('a', { href: '#/explorer' }, `← ${T('title')}`)),
    h('h1', {}, T('title')),
    searchForm(q),
    h('div', { className: 'panel' }, body),
  );
}
