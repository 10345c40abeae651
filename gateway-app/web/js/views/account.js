/* global location */
import { api, ApiError, forgetCatalog, session } from '../api.js';
import { h, notice } from '../dom.js';

/** The signed-in user's own account: change the password, see and revoke sessions and API tokens. */
export async function accountView() {
  const me = session.user;
  const { items } = await api('GET', '/api/auth/tokens');
  const message = h('div', { id: 'account-result' });
  const when = (iso) => new Date(iso).toLocaleString();
  const tokenRow = (t) => {
    const revoke = h('button', { type: 'button', className: 'ghost' }, t.current ? 'Sign out' : 'Revoke');
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      try {
        await api('DELETE', `/api/auth/tokens/${encodeURIComponent(t.id)}`);
        if (t.current) return signedOut();
        row.remove();
        message.replaceChildren(notice('ok', `Revoked ${t.kind === 'api' ? 'API token' : 'session'} ${t.label}.`));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        message.replaceChildren(notice('bad', `${err.code}: ${err.message}`));
        revoke.disabled = false;
      }
    });
    const row = h(
      'tr',
      { dataset: { tokenId: t.id } },
      h(
        'td',
        {},
        t.kind === 'api' ? 'API token' : 'Session',
        t.current ? h('span', { className: 'chip' }, 'this one') : null,
      ),
      h('td', {}, t.label),
      h('td', {}, when(t.createdAt)),
      h('td', {}, when(t.expiresAt)),
      h('td', {}, revoke),
    );
    return row;
  };
  const rows = h('tbody', {}, items.map(tokenRow));

  const current = h('input', {
    id: 'current-password',
    type: 'password',
    required: true,
    autocomplete: 'current-password',
  });
  const next = h('input', {
    id: 'new-password',
    type: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
  });
  const form = h(
    'form',
    { className: 'form' },
    h('label', { for: 'current-password' }, 'Current password', current),
    h(
      'label',
      { for: 'new-password' },
      'New password',
      next,
      h('span', { className: 'hint' }, 'at least 8 characters'),
    ),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, 'Change password')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.replaceChildren();
    try {
      const { revoked } = await api('POST', '/api/auth/password', {
        currentPassword: current.value,
        newPassword: next.value,
      });
      form.reset();
      message.append(notice('ok', `Password changed; ${revoked} other session(s) signed out.`));
      for (const row of [...rows.children])
        if (!row.querySelector('.chip') && row.cells[0].textContent === 'Session') row.remove();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      message.append(notice('bad', `${err.code}: ${err.message}`));
    }
  });

  return h(
    'section',
    {},
    h('h1', {}, `Account of ${me.username}`),
    h('p', { className: 'sub' }, `Acting as ${me.fabricUser}@${me.mspId}${me.role ? ` · ${me.role}` : ''}.`),
    message,
    h(
      'div',
      { className: 'cols' },
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, 'Sessions and API tokens'),
        h(
          'table',
          { id: 'tokens' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'Kind'),
              h('th', {}, 'Label'),
              h('th', {}, 'Created'),
              h('th', {}, 'Expires'),
              h('th', {}),
            ),
          ),
          rows,
        ),
      ),
      h('div', { className: 'panel' }, h('h3', {}, 'Change password'), form),
    ),
  );
}

/** Forgets the local session and returns to the sign-in page. */
export function signedOut() {
  session.clear();
  forgetCatalog();
  location.hash = '#/login';
}
