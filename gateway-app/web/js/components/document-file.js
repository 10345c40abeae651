/* global Blob, URL, document */
import { apiFile } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { sha256Hex } from './commitment.js';
import { errorMessage } from './error-notice.js';

/**
 * Hashes a chosen file here and, when `store` is set, uploads it to the document store, whose own digest must
 * agree: the two are computed independently, so a file changed on the way is caught before it is anchored.
 * Answers `{ sha256, note, ok }`: the digest computed here, what to tell the user, and whether all went well.
 */
export async function hashAndStore(file, store) {
  const sha256 = await sha256Hex(new Uint8Array(await file.arrayBuffer()));
  const values = { file: file.name, size: file.size };
  if (!store) return { sha256, ok: true, note: t('forms:hashed', values) };
  try {
    const stored = await (await apiFile('POST', '/api/documents', file)).json();
    if (stored.sha256 !== sha256)
      return { sha256, ok: false, note: t('forms:storedMismatch', { ...values, server: stored.sha256 }) };
    return { sha256, ok: true, note: t('forms:stored', { ...values, type: stored.mediaType }) };
  } catch (err) {
    return { sha256, ok: false, note: t('forms:notStored', { ...values, reason: errorMessage(err) }) };
  }
}

/**
 * A button that downloads an anchored document by its digest (for users who may read a record that anchors it;
 * the server checks the stored copy against the digest, and so does this page before saving it).
 */
export function downloadButton(sha256) {
  const problem = h('span', { className: 'field-error', role: 'alert', hidden: true });
  const button = h(
    'button',
    { type: 'button', className: 'secondary small download', dataset: { download: sha256 } },
    t('record:downloadFile'),
  );
  button.addEventListener('click', async () => {
    problem.hidden = true;
    button.disabled = true;
    try {
      const response = await apiFile('GET', `/api/documents/${sha256}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if ((await sha256Hex(bytes)) !== sha256) throw new Error(t('record:downloadMismatch'));
      const type = response.headers.get('content-type') ?? 'application/octet-stream';
      const link = h('a', { href: URL.createObjectURL(new Blob([bytes], { type })), download: sha256 });
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(link.href);
    } catch (err) {
      problem.textContent = err.code ? errorMessage(err) : err.message;
      problem.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return h('span', { className: 'download-file' }, ' ', button, ' ', problem);
}
