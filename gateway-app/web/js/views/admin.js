import { api, ApiError, session } from '../api.js';
import { h, notice } from '../dom.js';

/** An org admin's page: the org's users, registering a new one (issuing their Fabric identity), rebuilding the read model. */
export async function adminView() {
  const me = session.user;
  if (!me?.isAdmin) return h('section', {}, notice('bad', 'Only an organisation administrator may open this page.'));
  const users = await api('GET', '/api/admin/users');
  const userRow = (u) =>
    h(
      'tr',
      {},
      h('td', {}, u.username, ' ', u.isAdmin ? h('span', { className: 'chip' }, 'admin') : null),
      h('td', { className: 'mono' }, `${u.fabricUser}@${u.mspId}`),
      h('td', {}, u.role ?? '—'),
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
  const role = h('input', { id: 'new-role', placeholder: 'e.g. operator' });
  const form = h(
    'form',
    { className: 'form' },
    h('label', { for: 'new-username' }, 'Username', username),
    h(
      'label',
      { for: 'new-password' },
      'Password',
      password,
      h('span', { className: 'hint' }, 'at least 8 characters'),
    ),
    h(
      'label',
      { for: 'new-role' },
      'Role',
      role,
      h(
        'span',
        { className: 'hint' },
        'written into the certificate as the role attribute; the chaincode decides what it allows',
      ),
    ),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, `Register in ${me.mspId}`)),
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
      message.append(notice('ok', `Registered ${created.username} with a new identity in ${created.mspId}.`));
      rows.append(userRow(created));
      form.reset();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      message.append(notice('bad', `${err.code}: ${err.message}`));
    }
  });
  const rebuild = h('button', { type: 'button', className: 'secondary' }, 'Rebuild the read model from block 0');
  rebuild.addEventListener('click', async () => {
    rebuild.disabled = true;
    try {
      await api('POST', '/api/admin/read-model/rebuild');
      message.replaceChildren(notice('ok', 'The read model is being rebuilt from the ledger.'));
    } finally {
      rebuild.disabled = false;
    }
  });
  return h(
    'section',
    {},
    h('h1', {}, `Users of ${me.mspId}`),
    h(
      'p',
      { className: 'sub' },
      'Each user signs in as their own Fabric identity, issued by the organisation’s certificate authority.',
    ),
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
          h('thead', {}, h('tr', {}, h('th', {}, 'Username'), h('th', {}, 'Fabric identity'), h('th', {}, 'Role'))),
          rows,
        ),
      ),
      h(
        'div',
        {},
        h('div', { className: 'panel' }, h('h3', {}, 'Register a user'), form),
        h('div', { className: 'panel' }, h('h3', {}, 'Read model'), rebuild),
      ),
    ),
  );
}
