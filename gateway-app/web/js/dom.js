/* global document, Node */
/** Builds DOM nodes without HTML strings, so ledger data can never inject markup. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'className') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    // Through the CSSOM: the Content-Security-Policy refuses inline style attributes.
    else if (name === 'style') el.style.cssText = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, String(value));
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function badge(text, kind) {
  return h('span', { className: `badge ${kind ?? text ?? ''}` }, text ?? '—');
}

export function notice(kind, ...children) {
  return h('div', { className: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...children);
}

// Times and names in the user's language: see i18n.js.
export { formatTime, humanise } from './i18n.js';
