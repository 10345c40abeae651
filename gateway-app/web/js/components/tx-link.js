import { h } from '../dom.js';
import { t } from '../i18n.js';

/** A transaction ID as a link to its page in the ledger explorer (the full ID, shortened only by CSS). */
export function txLink(txId, attrs = {}) {
  if (!txId) return null;
  return h(
    'a',
    {
      href: `#/explorer/tx/${encodeURIComponent(txId)}`,
      className: 'mono tx',
      title: t('record:transactionTitle', { id: txId }),
      ...attrs,
    },
    txId,
  );
}
