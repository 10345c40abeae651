import { api } from '../api.js';
import { badge, formatTime, h } from '../dom.js';
import { txLink } from '../components/tx-link.js';

export async function transactionView(id) {
  const status = await api('GET', `/api/transactions/${encodeURIComponent(id)}`);
  return h(
    'section',
    { className: 'panel' },
    h('h1', {}, 'Transaction ', badge(status.status)),
    h(
      'dl',
      { className: 'kv' },
      ['transactionId', 'scenario', 'transaction', 'committedTransactionId', 'blockNumber', 'attempts'].flatMap((k) => [
        h('dt', {}, k),
        h(
          'dd',
          { className: 'mono' },
          // Committed transactions open in the ledger explorer.
          k === 'committedTransactionId' && status[k] ? txLink(status[k]) : String(status[k] ?? '—'),
        ),
      ]),
      h('dt', {}, 'submitted'),
      h('dd', {}, formatTime(status.submittedAt)),
    ),
    status.error ? h('p', {}, `${status.error.code}: ${status.error.message}`) : null,
  );
}
