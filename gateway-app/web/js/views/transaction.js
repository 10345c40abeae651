import { api } from '../api.js';
import { h } from '../dom.js';
import { formatTime, t } from '../i18n.js';
import { txLink } from '../components/tx-link.js';

const FIELDS = ['transactionId', 'scenario', 'transaction', 'committedTransactionId', 'blockNumber', 'attempts'];

/** The status of a submit the user sent with `Prefer: respond-async`. */
export async function transactionView(id) {
  const status = await api('GET', `/api/transactions/${encodeURIComponent(id)}`);
  return h(
    'section',
    { className: 'panel' },
    h(
      'h1',
      {},
      t('record:transaction.title'),
      ' ',
      h(
        'span',
        { className: `badge ${status.status}`, dataset: { state: status.status } },
        t(`record:transaction.status.${status.status}`, { defaultValue: status.status }),
      ),
    ),
    h(
      'dl',
      { className: 'kv' },
      FIELDS.flatMap((k) => [
        h('dt', {}, t(`record:transaction.fields.${k}`)),
        h(
          'dd',
          { className: 'mono' },
          // Committed transactions open in the ledger explorer.
          k === 'committedTransactionId' && status[k] ? txLink(status[k]) : String(status[k] ?? '—'),
        ),
      ]),
      h('dt', {}, t('record:transaction.fields.submittedAt')),
      h('dd', {}, formatTime(status.submittedAt)),
    ),
    status.error ? h('p', {}, `${status.error.code}: ${status.error.message}`) : null,
  );
}
