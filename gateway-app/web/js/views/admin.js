import { api, ApiError, session } from '../api.js';
import { h, notice } from '../dom.js';
import { errorNotice } from '../components/error-notice.js';
import { roleName, t } from '../i18n.js';

/** A role in words with its code beside it, small (the code is what the certificate says). */
export function roleCell(role) {
  if (!role) return t('admin:noRole');
  return [roleName(role), ' ', h('small', { className: 'mono muted' }, role)];
}

/** An org admin's page: the org's users, registering a new one (issuing their digital identity), rebuilding the app's copy of the ledger. */
export async function adminView() {
  const me = session.user;
  if (!me?.isAdmin) return h('section', {}, notice('bad', t('admin:onlyAdmins')));
  const users = await api('GET', '/api/admin/users');
  const userRow = (u) =>
    h(
      'tr',
      {},
      h('td', {}, u.username, ' ', u.isAdmin ? h('span', { className: 'chip' }, t('admin:adminChip')) : null),
      h('td', { className: 'mono' }, `${u.fabricUser}@${u.mspId}`),
      h('td', {}, roleCell(u.role)),
    );
  const rows = h('tbody', {}, users.items.map(userRow));
  const message = h('div', { id: 'admin-result' });
  const username = h('input', { id: 'new-username', required: true, autocomplete: 'off' });
  const password = h('input', {
    id: 'new-password',
    type: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
  });
  const role = h('input', { id: 'new-role', placeholder: t('admin:rolePlaceholder') });
  const form = h(
    'form',
    { className: 'form' },
    h('label', { for: 'new-username' }, t('admin:username'), username),
    h(
      'label',
      { for: 'new-password' },
      t('admin:password'),
      password,
      h('span', { className: 'hint' }, t('admin:passwordHint')),
    ),
    h('label', { for: 'new-role' }, t('admin:role'), role, h('span', { className: 'hint' }, t('admin:roleHint'))),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, t('admin:register', { org: me.mspId }))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.replaceChildren();
    try {
      const created = await api('POST', '/api/admin/users', {
        username: username.value.trim(),
        password: password.value,
        ...(role.value ? { role: role.value.trim() } : {}),
      });
      message.append(notice('ok', t('admin:registered', { user: created.username, org: created.mspId })));
      rows.append(userRow(created));
      form.reset();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      message.append(errorNotice(err));
    }
  });
  const rebuild = h('button', { type: 'button', className: 'secondary' }, t('admin:rebuild'));
  rebuild.addEventListener('click', async () => {
    rebuild.disabled = true;
    message.replaceChildren();
    try {
      await api('POST', '/api/admin/read-model/rebuild');
      message.append(notice('ok', t('admin:rebuilding')));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      message.append(errorNotice(err));
    } finally {
      rebuild.disabled = false;
    }
  });
  return h(
    'section',
    {},
    h('h1', {}, t('admin:title', { org: me.mspId })),
    h('p', { className: 'sub' }, t('admin:intro')),
    message,
    h(
      'div',
      { className: 'cols' },
      h(
        'div',
        { className: 'panel' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('admin:username')),
              h('th', {}, t('admin:identity')),
              h('th', {}, t('admin:role')),
            ),
          ),
          rows,
        ),
      ),
      h(
        'div',
        {},
        h('div', { className: 'panel' }, h('h3', {}, t('admin:registerTitle')), form),
        h(
          'div',
          { className: 'panel' },
          h('h3', {}, t('admin:copyTitle')),
          h('p', { className: 'muted' }, t('admin:copyIntro')),
          rebuild,
        ),
      ),
    ),
  );
}
