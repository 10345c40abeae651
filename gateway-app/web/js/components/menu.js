/* global document */
/** On a narrow screen the navigation and the user box fold into the top bar's menu button. */
const topbar = () => document.querySelector('.topbar');
const toggle = () => document.getElementById('menu-toggle');

export function setUpMenu() {
  toggle()?.addEventListener('click', () => {
    const open = !topbar().classList.contains('open');
    topbar().classList.toggle('open', open);
    toggle().setAttribute('aria-expanded', String(open));
  });
}

export function closeMenu() {
  topbar()?.classList.remove('open');
  toggle()?.setAttribute('aria-expanded', 'false');
}
