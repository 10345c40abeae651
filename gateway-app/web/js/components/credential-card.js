import { api, fillPath, session, ApiError } from '../api.js';
import { h, notice } from '../dom.js';
import { t } from '../i18n.js';
import { errorNotice } from './error-notice.js';

/**
 * A record's verifiable credential panel: fetches the record as a VC-JWT signed by its issuer (the user must
 * be allowed to read the record), shows it as a QR code and as text, and links to its verification. When the
 * issuer has no key on the ledger yet, a user of that org is offered to register it.
 */
export function credentialCard(scenario, view, id, data) {
  const { credential } = view;
  if (!credential) return null;
  const body = h('div', { id: 'credential-body' });
  const fetchIt = async () => {
    body.replaceChildren(notice('info', t('record:credential.loading')));
    try {
      const answer = await api('GET', fillPath(credential.path, { [view.keyField]: id }));
      body.replaceChildren(
        answer.qr
          ? h('img', { className: 'qr', id: 'credential-qr', src: answer.qr, alt: t('record:credential.qr') })
          : null,
        h(
          'textarea',
          { id: 'credential-jwt', className: 'mono', readonly: true, rows: 6, style: 'width: 100%' },
          answer.credential,
        ),
        h('p', {}, h('a', { href: `#/verify?credential=${answer.credential}` }, t('record:credential.verify'))),
      );
    } catch (err) {
      const issuer = String(data?.[credential.issuerField] ?? '');
      if (err instanceof ApiError && err.code === 'ISSUER_KEY_NOT_REGISTERED' && session.user?.mspId === issuer) {
        const register = h('button', { type: 'button', id: 'register-issuer-key' }, t('record:credential.registerKey'));
        register.addEventListener('click', async () => {
          try {
            await api('POST', credential.registerKey);
            await fetchIt();
          } catch (failed) {
            body.replaceChildren(errorNotice(failed));
          }
        });
        body.replaceChildren(notice('warn', t('record:credential.noKey')), register);
      } else body.replaceChildren(errorNotice(err));
    }
  };
  const get = h('button', { type: 'button', className: 'secondary', id: 'get-credential' }, t('record:credential.get'));
  get.addEventListener('click', () => void fetchIt());
  return h(
    'div',
    { className: 'panel', id: 'record-credential' },
    h('h3', {}, t('record:credential.title')),
    h('p', { className: 'muted' }, t('record:credential.about')),
    h('div', { className: 'actions' }, get),
    body,
  );
}
