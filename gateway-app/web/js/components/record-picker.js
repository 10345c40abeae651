/* global document, Event */
import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * A searchable text box (ARIA combobox with a listbox): typing asks `source(text)` for up to a few matches
 * `{ value, label, detail }` and lists them by name with the code beside; arrow keys, Enter and Escape work
 * as in any combobox, and a typed value is kept as it is (a new ID, or one the list does not show).
 * `control` is the input (the value sent), `element` the input with its list and the chosen name below.
 */
export function recordPicker({ id, name, label, source, maxLength }) {
  const listId = `${id}-options`;
  const input = h('input', {
    id,
    name,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    maxlength: maxLength,
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-label': label,
    placeholder: t('forms:picker.placeholder'),
  });
  const list = h('ul', { id: listId, role: 'listbox', className: 'picker-options', hidden: true });
  const chosen = h('span', { className: 'hint picker-chosen', id: `${id}-name`, 'aria-live': 'polite' });
  const known = new Map();
  let options = [];
  let active = -1;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const showChosen = () => {
    const item = known.get(input.value.trim());
    chosen.textContent = item?.label ? t('forms:picker.chosen', { name: item.label }) : '';
  };
  const pick = (item) => {
    input.value = item.value;
    close();
    showChosen();
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `${listId}-${index}`);
  };
  const render = (items) => {
    options = items;
    list.replaceChildren(
      ...items.map((item, i) => {
        const li = h(
          'li',
          { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', dataset: { value: item.value } },
          h('span', { className: 'picker-name' }, item.label || item.value),
          item.label ? h('span', { className: 'mono picker-code' }, item.value) : null,
          item.detail ? h('span', { className: 'muted picker-detail' }, item.detail) : null,
        );
        // mousedown, not click: it comes before the input's blur closes the list.
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          pick(item);
        });
        return li;
      }),
    );
    // Nothing to choose, or the code typed in full: no list in the way of the fields below.
    const typed = input.value.trim();
    if (!items.length || (items.length === 1 && items[0].value === typed)) {
      close();
      showChosen();
      if (!items.length && typed) chosen.textContent = t('forms:picker.none');
      return;
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };
  const search = async () => {
    const ask = ++asked;
    let items;
    try {
      items = await source(input.value.trim());
    } catch {
      // The list is a help, not a requirement: a typed value still works.
      items = [];
    }
    // An older answer arriving after a newer question is dropped.
    if (ask !== asked || document.activeElement !== input) return;
    for (const item of items) known.set(item.value, item);
    render(items);
  };
  input.addEventListener('input', () => {
    showChosen();
    void search();
  });
  input.addEventListener('focus', () => void search());
  input.addEventListener('blur', close);
  input.addEventListener('change', showChosen);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (list.hidden) return void search();
      if (!options.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape' && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  const element = h('div', { className: 'picker' }, input, list, chosen);
  return {
    control: input,
    element,
    value: () => (input.value.trim() === '' ? undefined : input.value.trim()),
    /** Names a value given from elsewhere (a fixed or default value), so it shows with its name too. */
    remember(item) {
      known.set(item.value, item);
      showChosen();
    },
  };
}
