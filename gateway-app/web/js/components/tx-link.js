import { h } from '../dom.js';

/** A transaction ID as a link to its page in the ledger explorer (the full ID, shortened only by CSS). */
export function txLink(txId, attrs = {}) {
  if (!txId) return null;
  return h(
    'a',
    { href: `#/explorer/tx/${encodeURIComponent(txId)}`, className: 'mono tx', title: `Transaction ${txId}`, ...attrs },
    txId,
  );
}
