/* global location */
import { api, ApiError, forgetCatalog, session } from '../api.js';
import { h, notice } from '../dom.js';
import { errorNotice } from '../components/error-notice.js';
import {
  DEFAULT_TIME_ZONE,
  LANGUAGES,
  formatTime,
  language,
  roleName,
  setLanguage,
  setTimeZone,
  t,
  timeZone,
} from '../i18n.js';

/** Zones offered besides the current one and the browser's: the platform's own and a few common ones. */
const COMMON_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];

function zoneChoices() {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set([timeZone(), DEFAULT_TIME_ZONE, browser, ...COMMON_ZONES, ...all].filter(Boolean))];
}

/** Language and time zone: kept in this browser; the page reloads so that every view shows the new choice. */
function preferencesForm() {
  const languageSelect = h(
    'select',
    { id: 'pref-language' },
    LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === language() }, l.name)),
  );
  const zoneSelect = h(
    'select',
    { id: 'pref-time-zone' },
    zoneChoices().map((zone) =>
      h(
        'option',
        { value: zone, selected: zone === timeZone() },
        zone === DEFAULT_TIME_ZONE ? t('account:defaultZone', { zone }) : zone,
      ),
    ),
  );
  const form = h(
    'form',
    { className: 'form', id: 'preferences' },
    h('label', { for: 'pref-language' }, t('account:language'), languageSelect),
    h(
      'label',
      { for: 'pref-time-zone' },
      t('account:timeZone'),
      zoneSelect,
      h(
        'span',
        { className: 'hint', id: 'time-sample' },
        t('account:timeSample', { time: formatTime(new Date().toISOString()) }),
      ),
    ),
    h('div', { className: 'actions' }, h('button', { type: 'submit', id: 'save-preferences' }, t('account:save'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setLanguage(languageSelect.value);
    setTimeZone(zoneSelect.value);
    location.reload();
  });
  return form;
}

/** The signed-in user's own account: language and time zone, the password, sessions and API tokens. */
export async function accountView() {
  const me = session.user;
  const { items } = await api('GET', '/api/auth/tokens');
  const message = h('div', { id: 'account-result' });
  const kindWord = (token) => t(token.kind === 'api' ? 'account:apiToken' : 'account:session');
  const tokenRow = (token) => {
    const revoke = h(
      'button',
      { type: 'button', className: 'ghost' },
      t(token.current ? 'account:signOut' : 'account:revoke'),
    );
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      try {
        await api('DELETE', `/api/auth/tokens/${encodeURIComponent(token.id)}`);
        if (token.current) return signedOut();
        row.remove();
        message.replaceChildren(notice('ok', t('account:revoked', { kind: kindWord(token), label: token.label })));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        message.replaceChildren(errorNotice(err));
        revoke.disabled = false;
      }
    });
    const row = h(
      'tr',
      { dataset: { tokenId: token.id, kind: token.kind, current: token.current ? 'true' : 'false' } },
      h('td', {}, kindWord(token), token.current ? h('span', { className: 'chip' }, t('account:thisOne')) : null),
      h('td', {}, token.label),
      h('td', { className: 'time' }, formatTime(token.createdAt)),
      h('td', { className: 'time' }, formatTime(token.expiresAt)),
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
    { className: 'form', id: 'password-form' },
    h('label', { for: 'current-password' }, t('account:currentPassword'), current),
    h(
      'label',
      { for: 'new-password' },
      t('account:newPassword'),
      next,
      h('span', { className: 'hint' }, t('account:passwordHint')),
    ),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, t('account:changePassword'))),
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
      message.append(notice('ok', t('account:passwordChanged', { count: revoked })));
      for (const row of [...rows.children])
        if (row.dataset.kind !== 'api' && row.dataset.current !== 'true') row.remove();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      message.append(errorNotice(err));
    }
  });

  const acting = me.role
    ? t('account:actingAsRole', { identity: `${me.fabricUser}@${me.mspId}`, role: roleName(me.role) })
    : t('account:actingAs', { identity: `${me.fabricUser}@${me.mspId}` });
  return h(
    'section',
    {},
    h('h1', {}, t('account:title', { user: me.username })),
    h('p', { className: 'sub' }, acting),
    message,
    h(
      'div',
      { className: 'cols' },
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, t('account:tokensTitle')),
        h(
          'div',
          { className: 'table-wrap' },
          h(
            'table',
            { id: 'tokens' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, t('account:kind')),
                h('th', {}, t('account:label')),
                h('th', {}, t('account:created')),
                h('th', {}, t('account:expires')),
                h('th', {}),
              ),
            ),
            rows,
          ),
        ),
      ),
      h(
        'div',
        {},
        h('div', { className: 'panel' }, h('h3', {}, t('account:passwordTitle')), form),
        h('div', { className: 'panel' }, h('h3', {}, t('account:preferencesTitle')), preferencesForm()),
      ),
    ),
  );
}

/** Forgets the local session and returns to the sign-in page. */
export function signedOut() {
  session.clear();
  forgetCatalog();
  location.hash = '#/login';
}
