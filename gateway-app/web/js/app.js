/* global document, window, location, URLSearchParams */
import { api, session } from './api.js';
import { h } from './dom.js';
import { accountView, signedOut } from './views/account.js';
import { actionView } from './views/action.js';
import { adminView } from './views/admin.js';
import { explorerBlockView, explorerSearchView, explorerTransactionView, explorerView } from './views/explorer.js';
import { homeView } from './views/home.js';
import { loginView } from './views/login.js';
import { recordView } from './views/record.js';
import { scenarioView } from './views/scenario.js';
import { publicView } from './views/public.js';
import { subscriptionsView } from './views/subscriptions.js';
import { transactionView } from './views/transaction.js';
import { verifyView } from './views/verify.js';
import { catalog } from './api.js';
import { closeMenu, setUpMenu } from './components/menu.js';
import { takeConfirmation } from './components/after-action.js';
import { errorNotice } from './components/error-notice.js';
import { LANGUAGES, language, orgName, roleName, scenarioText, setLanguage, startI18n, t } from './i18n.js';
import { contributeView } from './views/secure-sum.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const userBox = document.getElementById('user');

/** Routes: `#/s/<scenario>/contribute`, `#/login`, `#/verify`, `#/admin`, `#/account`, `#/`, `#/s/<scenario>[/<RecordType>]`, `#/s/<scenario>/r/<Type>/<id>`, `#/s/<scenario>/a/<tx>`, `#/tx/<id>`, `#/notifications`, `#/explorer[/block/<n>|/tx/<id>|/search?q=]`. */
async function route() {
  closeMenu();
  const [path, queryString] = location.hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(queryString ?? '');
  const parts = (path || '/').split('/').filter(Boolean).map(decodeURIComponent);
  await renderChrome(parts);
  loading();
  if (parts[0] === 'verify') return show(verifyView(query));
  if (parts[0] === 'public') return showPublic(parts, query);
  if (parts[0] === 'login' || !session.token) return show(loginView());
  try {
    if (parts[0] === 's' && parts[2] === 'r')
      return show(await recordView(parts[1], parts[3], parts.slice(4).join('/')));
    if (parts[0] === 's' && parts[2] === 'a') return show(await actionView(parts[1], parts[3], query));
    if (parts[0] === 's' && parts[2] === 'contribute') return show(await contributeView(parts[1]));
    if (parts[0] === 's') return show(await scenarioView(parts[1], parts[2], query));
    if (parts[0] === 'tx') return show(await transactionView(parts[1]));
    if (parts[0] === 'explorer' && parts[1] === 'block') return show(await explorerBlockView(parts[2]));
    if (parts[0] === 'explorer' && parts[1] === 'tx') return show(await explorerTransactionView(parts[2]));
    if (parts[0] === 'explorer' && parts[1] === 'search') return show(await explorerSearchView(query));
    if (parts[0] === 'explorer') return show(await explorerView(query));
    if (parts[0] === 'admin') return show(await adminView());
    if (parts[0] === 'account') return show(await accountView());
    if (parts[0] === 'notifications') return show(await subscriptionsView());
    return show(await homeView());
  } catch (err) {
    show(h('section', {}, errorNotice(err)));
  }
}

/** Public pages open for anyone, signed in or not. */
async function showPublic(parts, query) {
  try {
    show(await publicView(parts[1], parts[2], query));
  } catch (err) {
    show(h('section', {}, errorNotice(err)));
  }
}

/** While a view loads: the page says so (shown only if loading takes a moment: a CSS delay, no flash). */
function loading() {
  main.setAttribute('aria-busy', 'true');
  main.querySelector(':scope > .page-loading')?.remove();
  main.prepend(h('div', { className: 'page-loading', role: 'status' }, t('common:loading')));
}

function show(view) {
  main.removeAttribute('aria-busy');
  // After an action: its confirmation above the record it created or changed.
  const confirmation = takeConfirmation();
  main.replaceChildren(...(confirmation ? [confirmation] : []), view);
  window.scrollTo(0, 0);
  document.body.dataset.ready = 'true';
}

const publicLink = (parts) =>
  h('a', { href: '#/public', className: parts[0] === 'public' ? 'active' : '' }, t('common:nav.public'));

async function renderChrome(parts) {
  document.body.dataset.ready = 'false';
  const user = session.user;
  if (!user) {
    nav.replaceChildren(
      h('a', { href: '#/verify', className: parts[0] === 'verify' ? 'active' : '' }, t('common:nav.verify')),
      publicLink(parts),
    );
    userBox.replaceChildren(languageSwitch(), h('a', { href: '#/login' }, t('common:signIn')));
    return;
  }
  let scenarios = [];
  try {
    scenarios = (await catalog()).items;
  } catch {
    // signed out or network trouble: the page itself reports it
  }
  const links = [
    ...scenarios.map((s) =>
      h(
        'a',
        { href: `#/s/${s.id}`, className: parts[1] === s.id ? 'active' : '' },
        scenarioText(s, 'title', s.id, s.title),
      ),
    ),
    h('a', { href: '#/verify', className: parts[0] === 'verify' ? 'active' : '' }, t('common:nav.verify')),
    publicLink(parts),
    h(
      'a',
      { href: '#/notifications', className: parts[0] === 'notifications' ? 'active' : '' },
      t('common:nav.notifications'),
    ),
  ];
  // The ledger explorer: org admins and auditors (the server decides; this only hides a page they cannot open).
  if (user.isAdmin || user.role === 'auditor')
    links.push(
      h('a', { href: '#/explorer', className: parts[0] === 'explorer' ? 'active' : '' }, t('common:nav.ledger')),
    );
  if (user.isAdmin)
    links.push(h('a', { href: '#/admin', className: parts[0] === 'admin' ? 'active' : '' }, t('common:nav.users')));
  nav.replaceChildren(...links);
  const signOut = h('button', { className: 'ghost', type: 'button' }, t('common:signOut'));
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try {
      // Revoke the token on the server, so a copy of it is useless too.
      await api('POST', '/api/auth/logout');
    } catch {
      // already expired or revoked, or the app is unreachable: forget it here all the same
    }
    signedOut();
  });
  userBox.replaceChildren(
    h(
      'span',
      { id: 'whoami' },
      h('a', { href: '#/account', title: t('common:accountTitle') }, h('strong', {}, user.username)),
      ` · `,
      h('span', { title: user.mspId }, orgName(user.mspId)),
      user.role ? ` · ${roleName(user.role)}` : '',
    ),
    languageSwitch(),
    signOut,
  );
}

/** The language picker in the top bar: the choice is kept in this browser and the page reloads in it. */
function languageSwitch() {
  const select = h(
    'select',
    { id: 'language', className: 'language', 'aria-label': t('common:language') },
    LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === language() }, l.name)),
  );
  select.addEventListener('change', () => {
    setLanguage(select.value);
    location.reload();
  });
  return select;
}

/** What the static page frame says, in the user's language. */
function renderFrame() {
  document.title = `${t('common:appName')} · ${t('common:platform')}`;
  document.getElementById('brand-name').textContent = t('common:appName');
  document.getElementById('menu-label').textContent = t('common:menu');
  document
    .getElementById('footer')
    .replaceChildren(
      t('common:footer.ownIdentity'),
      ' · ',
      h('a', { href: '/docs' }, t('common:footer.api')),
      ' · ',
      h('a', { href: '#/verify' }, t('common:footer.verify')),
    );
}

await startI18n();
renderFrame();
setUpMenu();
window.addEventListener('hashchange', () => void route());
// Following an in-app link starts a new view: the page is not ready from the click on, not only from the
// hashchange that renders it a moment later (scripts and tests wait for `data-ready`).
document.addEventListener('click', (event) => {
  const link = typeof event.target?.closest === 'function' ? event.target.closest('a[href^="#/"]') : null;
  const plain = event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;
  if (link && plain && !event.defaultPrevented && !link.target && link.hash !== location.hash)
    document.body.dataset.ready = 'false';
});
void route();
