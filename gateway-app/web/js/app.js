/* global document, window, location, URLSearchParams */
import { api, session } from './api.js';
import { h, notice } from './dom.js';
import { accountView, signedOut } from './views/account.js';
import { actionView } from './views/action.js';
import { adminView } from './views/admin.js';
import { explorerBlockView, explorerSearchView, explorerTransactionView, explorerView } from './views/explorer.js';
import { homeView } from './views/home.js';
import { loginView } from './views/login.js';
import { recordView } from './views/record.js';
import { scenarioView } from './views/scenario.js';
import { subscriptionsView } from './views/subscriptions.js';
import { transactionView } from './views/transaction.js';
import { verifyView } from './views/verify.js';
import { catalog } from './api.js';
import { closeMenu, setUpMenu } from './components/menu.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const userBox = document.getElementById('user');

/** Routes: `#/login`, `#/verify`, `#/admin`, `#/account`, `#/`, `#/s/<scenario>[/<RecordType>]`, `#/s/<scenario>/r/<Type>/<id>`, `#/s/<scenario>/a/<tx>`, `#/tx/<id>`, `#/notifications`, `#/explorer[/block/<n>|/tx/<id>|/search?q=]`. */
async function route() {
  closeMenu();
  const [path, queryString] = location.hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(queryString ?? '');
  const parts = (path || '/').split('/').filter(Boolean).map(decodeURIComponent);
  await renderChrome(parts);
  if (parts[0] === 'verify') return show(verifyView(query));
  if (parts[0] === 'login' || !session.token) return show(loginView());
  try {
    if (parts[0] === 's' && parts[2] === 'r')
      return show(await recordView(parts[1], parts[3], parts.slice(4).join('/')));
    if (parts[0] === 's' && parts[2] === 'a') return show(await actionView(parts[1], parts[3], query));
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
    show(h('section', {}, notice('bad', `${err.code ?? 'ERROR'}: ${err.message}`)));
  }
}

function show(view) {
  main.replaceChildren(view);
  window.scrollTo(0, 0);
  document.body.dataset.ready = 'true';
}

async function renderChrome(parts) {
  document.body.dataset.ready = 'false';
  const user = session.user;
  if (!user) {
    nav.replaceChildren(h('a', { href: '#/verify', className: parts[0] === 'verify' ? 'active' : '' }, 'Verify'));
    userBox.replaceChildren(h('a', { href: '#/login' }, 'Sign in'));
    return;
  }
  let scenarios = [];
  try {
    scenarios = (await catalog()).items;
  } catch {
    // signed out or network trouble: the page itself reports it
  }
  const links = [
    ...scenarios.map((s) => h('a', { href: `#/s/${s.id}`, className: parts[1] === s.id ? 'active' : '' }, s.title)),
    h('a', { href: '#/verify', className: parts[0] === 'verify' ? 'active' : '' }, 'Verify'),
    h('a', { href: '#/notifications', className: parts[0] === 'notifications' ? 'active' : '' }, 'Notifications'),
  ];
  // The ledger explorer: org admins and auditors (the server decides; this only hides a page they cannot open).
  if (user.isAdmin || user.role === 'auditor')
    links.push(h('a', { href: '#/explorer', className: parts[0] === 'explorer' ? 'active' : '' }, 'Ledger'));
  if (user.isAdmin) links.push(h('a', { href: '#/admin', className: parts[0] === 'admin' ? 'active' : '' }, 'Users'));
  nav.replaceChildren(...links);
  const signOut = h('button', { className: 'ghost', type: 'button' }, 'Sign out');
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
      h('a', { href: '#/account', title: 'Account: password, sessions' }, h('strong', {}, user.username)),
      ` · ${user.mspId}${user.role ? ` · ${user.role}` : ''}`,
    ),
    signOut,
  );
}

setUpMenu();
window.addEventListener('hashchange', () => void route());
void route();
