import { api } from '../api.js';
import { h, notice } from '../dom.js';
import { t } from '../i18n.js';
import { errorNotice } from './error-notice.js';
import { orgLabel } from './record-words.js';

/** A compact JWS (a VC-JWT): three base64url parts. */
export const looksLikeCredential = (text) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text.trim());

/** Verdicts that say the record's state rather than a forgery. */
const STATE_VERDICTS = new Set(['SUSPENDED', 'EXPIRED', 'NOT_YET_VALID', 'SUPERSEDED']);

function credentialVerdict(answer) {
  const tone = answer.valid ? 'ok' : STATE_VERDICTS.has(answer.verdict) ? 'warn' : 'bad';
  const entries = (answer.status ?? []).map((entry) =>
    h(
      'li',
      { dataset: { purpose: entry.purpose, set: String(entry.set) } },
      t(entry.set ? 'verify:credential.entrySet' : 'verify:credential.entryClear', {
        purpose: t(`verify:credential.purposes.${entry.purpose}`),
        index: entry.index,
      }),
    ),
  );
  return h(
    'div',
    { className: `verdict ${tone}`, role: 'status', id: 'credential-verdict' },
    h('div', { className: 'big' }, answer.valid ? '✓' : '✗'),
    h(
      'div',
      {},
      h(
        'div',
        { className: 'big', id: 'credential-verdict-code', dataset: { verdict: answer.verdict } },
        t(`verify:credential.verdicts.${answer.verdict}`),
      ),
      h('div', { id: 'credential-verdict-text' }, t(`verify:credential.texts.${answer.verdict}`)),
      answer.issuer ? h('div', {}, t('verify:credential.signedBy'), ' ', orgLabel(answer.issuer.org)) : null,
      answer.recordId ? h('div', {}, t('verify:credential.record', { id: answer.recordId })) : null,
      entries.length ? h('ul', { className: 'muted' }, entries) : null,
      h('details', {}, h('summary', {}, t('verify:credential.why')), h('p', { className: 'mono' }, answer.message)),
    ),
  );
}

/** Verifies a VC-JWT against the ledger and shows the verdict in `result`, in the user's language. */
export async function verifyCredentialInto(result, credential) {
  result.replaceChildren(notice('info', t('verify:credential.checking')));
  try {
    const answer = await api('POST', '/api/public/verify-credential', { credential: credential.trim() });
    result.replaceChildren(credentialVerdict(answer));
  } catch (err) {
    result.replaceChildren(errorNotice(err));
  }
}

/** The form to paste a credential (VC-JWT) into. */
export function credentialForm(result, initial = '') {
  const input = h(
    'textarea',
    {
      id: 'credential-text',
      name: 'credential',
      className: 'mono',
      placeholder: t('verify:credential.placeholder'),
      rows: 6,
      style: 'width: 100%',
    },
    initial,
  );
  const form = h(
    'form',
    { id: 'credential-form' },
    input,
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, t('verify:credential.verify'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!looksLikeCredential(input.value))
      return void result.replaceChildren(notice('bad', t('verify:credential.notJws')));
    void verifyCredentialInto(result, input.value);
  });
  return form;
}
