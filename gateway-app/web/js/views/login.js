/* global location */
import { api, forgetCatalog, session } from '../api.js';
import { h, notice } from '../dom.js';

export function loginView() {
  const username = h('input', {
    id: 'username',
    name: 'username',
    autocomplete: 'username',
    required: true,
    placeholder: 'operator1',
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const message = h('div');
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { className: 'form' },
    h('label', { for: 'username' }, 'Username', username),
    h('label', { for: 'password' }, 'Password', password),
    button,
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.replaceChildren();
    try {
      const answer = await api('POST', '/api/auth/login', {
        username: username.value.trim(),
        password: password.value,
      });
      session.save(answer.token, answer.user);
      forgetCatalog();
      location.hash = '#/';
    } catch (err) {
      message.append(notice('bad', err.message));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { className: 'login panel' },
    h('h1', {}, 'Sign in'),
    h(
      'p',
      { className: 'sub' },
      'You act on the ledger as your own Fabric identity: your organisation and role decide what you may do.',
    ),
    form,
    h(
      'p',
      { className: 'muted' },
      'Just checking a document? ',
      h('a', { href: '#/verify' }, 'Verify a record'),
      ' without signing in.',
    ),
  );
}
