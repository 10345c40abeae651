/* global location */
import { api, forgetCatalog, session } from '../api.js';
import { h } from '../dom.js';
import { errorNotice } from '../components/error-notice.js';
import { t } from '../i18n.js';

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
  const button = h('button', { type: 'submit' }, t('login:submit'));
  const form = h(
    'form',
    { className: 'form' },
    h('label', { for: 'username' }, t('login:username'), username),
    h('label', { for: 'password' }, t('login:password'), password),
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
      message.append(errorNotice(err));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { className: 'login panel' },
    h('h1', {}, t('login:title')),
    h('p', { className: 'sub' }, t('login:intro')),
    form,
    h(
      'p',
      { className: 'muted' },
      t('login:justChecking'),
      ' ',
      h('a', { href: '#/verify' }, t('login:verifyLink')),
      t('login:withoutSignIn'),
    ),
  );
}
