import { h } from '../dom.js';
import { humanise, orgName, scenarioText, t } from '../i18n.js';
import { checkValue } from './field-checks.js';
import { commitmentHelper } from './commitment.js';
import { hashAndStore } from './document-file.js';
import { recordPicker } from './record-picker.js';

const MSP_PATTERN = '^[A-Za-z][A-Za-z0-9.-]*$';
const HASH_FIELD = /Hash$|^commitment$/;
/** The sizes and types of anchored documents: the server fills them from its document store, so no field. */
const DOCUMENT_FACTS = 'documentFacts';

const typesOf = (schema) => (Array.isArray(schema?.type) ? schema.type : [schema?.type]);
const isScalar = (schema) =>
  !!schema && (schema.enum || ['string', 'integer', 'number'].some((type) => typesOf(schema).includes(type)));
const hasProperties = (schema) => !!schema?.properties && Object.keys(schema.properties).length > 0;
/** A free-form map (`{ "持有人": "…" }`): no named properties, values of one scalar schema. */
const isMap = (schema) =>
  typesOf(schema).includes('object') &&
  !hasProperties(schema) &&
  typeof schema.additionalProperties === 'object' &&
  isScalar(schema.additionalProperties);
const isObject = (schema) => typesOf(schema).includes('object') && hasProperties(schema);
/** `BUSINESS_LICENCE` reads as "Business licence"; codes such as `kg` or `LogisticsMSP` stay as they are. */
const enumFallback = (v) =>
  /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^[A-Z]{4,}$/.test(String(v)) ? humanise(String(v).toLowerCase()) : String(v);

/** The place for a field's error, and the control that carries `aria-invalid`. */
function errorSlot(id, target) {
  const error = h('span', { className: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  target()?.setAttribute('aria-describedby', `${id}-error`);
  let shown = false;
  return {
    error,
    get shown() {
      return shown;
    },
    set(message) {
      shown = !!message;
      error.textContent = message ?? '';
      error.hidden = !message;
      const control = target();
      if (!control) return;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

function caption(label, required) {
  return h(
    'span',
    { className: 'field-label' },
    label,
    required
      ? h('span', { className: 'req', title: t('forms:required'), 'aria-label': t('forms:required') }, ' *')
      : h('span', { className: 'opt' }, ` (${t('forms:optional')})`),
  );
}

/**
 * The control for one scalar value: a choice for an enum or an organisation, a searchable picker for a field
 * naming a record, a date, a number, a check box or a text box. `value()` reads it, `set(v)` fills it.
 */
function scalarWidget(ctx, id, name, schema, label) {
  const types = typesOf(schema);
  const text = () => {
    const input = h('input', {
      id,
      name,
      type: 'text',
      maxlength: schema.maxLength,
      autocomplete: 'off',
      'aria-label': label,
    });
    return { control: input, value: () => (input.value.trim() === '' ? undefined : input.value.trim()) };
  };
  if (schema.enum) {
    const select = h(
      'select',
      { id, name, 'aria-label': label },
      h('option', { value: '' }, t('forms:choose')),
      schema.enum.map((v) => h('option', { value: v }, scenarioText(ctx.scenario, 'values', v, enumFallback(v)))),
    );
    if (schema.default !== undefined) select.value = schema.default;
    // The enum's own value, not the option's text: a number enum (a tax rate of 13 %) is sent as a number.
    return { control: select, value: () => schema.enum.find((v) => String(v) === select.value) };
  }
  if (types.includes('boolean')) {
    const box = h('input', { id, name, type: 'checkbox', 'aria-label': label });
    return { control: box, value: () => box.checked, set: (v) => (box.checked = !!v) };
  }
  if (types.includes('integer') || types.includes('number')) {
    const input = h('input', {
      id,
      name,
      type: 'number',
      inputmode: types.includes('integer') ? 'numeric' : 'decimal',
      step: types.includes('integer') ? '1' : 'any',
      min: schema.exclusiveMinimum === true ? undefined : schema.minimum,
      max: schema.maximum < 1e15 ? schema.maximum : undefined,
      'aria-label': label,
    });
    if (schema.default !== undefined) input.placeholder = String(schema.default);
    // A number box answers '' for text it cannot read: report it rather than dropping it.
    return {
      control: input,
      value: () => (input.value === '' ? (input.validity.badInput ? NaN : undefined) : Number(input.value)),
    };
  }
  if (schema.format === 'date-time') {
    const input = h('input', { id, name, type: 'datetime-local', 'aria-label': label });
    return {
      control: input,
      value: () => (input.value ? new Date(input.value).toISOString() : undefined),
      set: (v) => (input.value = String(v).slice(0, 16)),
    };
  }
  if (schema.format === 'date') {
    const input = h('input', { id, name, type: 'date', 'aria-label': label });
    return { control: input, value: () => input.value || undefined };
  }
  if (schema.pattern === MSP_PATTERN && ctx.orgs.length) {
    const select = h(
      'select',
      { id, name, 'aria-label': label },
      h('option', { value: '' }, t('forms:chooseOrg')),
      ctx.orgs.map((org) => h('option', { value: org.mspId }, `${orgName(org.mspId)} (${org.mspId})`)),
    );
    return { control: select, value: () => select.value || undefined };
  }
  const source = ctx.pickerFor?.(name);
  if (source) {
    const picker = recordPicker({ id, name, label, source, maxLength: schema.maxLength });
    return { control: picker.control, element: picker.element, value: picker.value, remember: picker.remember };
  }
  return text();
}

/** A hash field's helpers: a file whose SHA-256 fills it, or (the patent commitment) the salted commitment. */
function hashExtras(ctx, id, name, widget, label, locked, clearError) {
  const input = widget.control;
  input.classList.add('mono');
  if (name === 'commitment') {
    return {
      hint: t('forms:commitment.hint'),
      after: locked ? null : commitmentHelper({ id, input, title: () => ctx.peek?.('title'), onComputed: clearError }),
      element: input,
    };
  }
  const note = h('span', { className: 'hint hash-note', id: `${id}-file` });
  const picker = h('input', {
    type: 'file',
    id: `${id}-picker`,
    'aria-label': t('forms:hashPicker', { name: label }),
    disabled: locked,
  });
  // A request that anchors documents may also keep the file itself in the document store (on by default).
  const keep = ctx.storesDocuments
    ? h('input', { type: 'checkbox', id: `${id}-store`, checked: true, disabled: locked })
    : null;
  picker.addEventListener('change', async () => {
    const file = picker.files?.[0];
    if (!file) return;
    note.textContent = t('forms:hashing');
    note.classList.remove('field-error');
    const { sha256, note: said, ok } = await hashAndStore(file, keep?.checked === true);
    input.value = sha256;
    note.textContent = said;
    note.classList.toggle('field-error', !ok);
    clearError();
  });
  const storeLabel = keep
    ? h('label', { className: 'checkbox', for: `${id}-store` }, keep, ' ', t('forms:storeFile'))
    : null;
  return {
    hint: t(keep ? 'forms:hashStoreHint' : 'forms:hashHint'),
    element: h('div', { className: 'hash-input' }, input, picker, storeLabel),
    after: note,
  };
}

/** One scalar field: its label, control, hints and the place for its error. */
function leafField(ctx, id, name, schema, required, fixed, label = fieldLabel(ctx, name)) {
  const widget = scalarWidget(ctx, id, name, schema, label);
  const control = widget.control;
  const isHash = HASH_FIELD.test(name) && control.tagName === 'INPUT' && control.type === 'text';
  const hints = [];
  let element = widget.element ?? control;
  let after = null;
  let read = widget.value;
  if (isHash) {
    const extras = hashExtras(ctx, id, name, widget, label, fixed !== undefined, () => slot.set(null));
    hints.push(extras.hint);
    element = extras.element;
    after = extras.after;
    // Digests are compared as lower-case hex: accept a pasted upper-case one as the same digest.
    read = () => widget.value()?.toLowerCase();
  }
  if (schema.description) hints.push(schema.description);
  const set = widget.set ?? ((v) => (control.value = String(v)));
  if (fixed !== undefined) {
    set(fixed);
    widget.remember?.({ value: String(fixed) });
    control.setAttribute(control.tagName === 'SELECT' ? 'disabled' : 'readonly', '');
  }
  const proposal = h('span', { className: 'hint proposal', id: `${id}-proposal`, hidden: true });
  const slot = errorSlot(id, () => control);
  if (required) control.setAttribute('aria-required', 'true');
  const handle = {
    element: h(
      'div',
      { className: 'field', dataset: { field: name } },
      h('label', { for: id }, caption(label, required)),
      element,
      hints.length ? h('span', { className: 'hint' }, hints.join(' · ')) : null,
      proposal,
      after,
      slot.error,
    ),
    collect(problems) {
      const value = read();
      const problem = checkValue(value, schema, required, isHash);
      slot.set(problem);
      if (problem) problems.push(handle);
      return problem ? undefined : value;
    },
    peek: () => read(),
    clear: () => slot.set(null),
    setError: (message) => slot.set(message),
    hasError: () => slot.shown,
    find: () => handle,
    focus: () => control.focus(),
    /** Fills an empty field with a value computed elsewhere, saying why. */
    propose(value, why) {
      if (read() !== undefined || fixed !== undefined) return;
      set(value);
      proposal.textContent = why;
      proposal.hidden = !why;
    },
  };
  return handle;
}

const fieldLabel = (ctx, name) => scenarioText(ctx.scenario, 'fields', name, humanise(name));
/** `batchIds` names batches: its rows pick batches (`batchId`). */
const singular = (name) => name.replace(/s$/, '');

/** A group of controls: a fieldset with its legend, body and error (lists, sub-forms, key/value rows). */
function groupShell(id, name, label, required, body, hints, className) {
  let focusTarget = () => null;
  const slot = errorSlot(id, () => focusTarget());
  const element = h(
    'fieldset',
    { className: `field ${className}`, dataset: { field: name }, id: `${id}-group` },
    h('legend', {}, caption(label, required)),
    body,
    hints.length ? h('span', { className: 'hint' }, hints.join(' · ')) : null,
    slot.error,
  );
  return { element, slot, setFocus: (f) => (focusTarget = f) };
}

/** Repeatable rows for a list of scalars (batch ids, IPC classes, territories): add, remove, paste a list. */
function listField(ctx, id, name, schema, required, fixed, label = fieldLabel(ctx, name)) {
  const rows = h('div', { className: 'rows', id });
  const entries = [];
  const itemSchema = schema.items ?? { type: 'string' };
  const pickerName = singular(name);
  const addRow = (value) => {
    const index = entries.length;
    const rowLabel = t('forms:rowLabel', { name: label, n: index + 1 });
    const entry = scalarWidget(ctx, `${id}-${index}`, pickerName, itemSchema, rowLabel);
    const remove = h(
      'button',
      { type: 'button', className: 'ghost remove', 'aria-label': `${t('forms:removeRow')} ${rowLabel}` },
      '✕',
    );
    const row = h('div', { className: 'row' }, entry.element ?? entry.control, remove);
    remove.addEventListener('click', () => {
      if (entries.filter((e) => e.row.isConnected).length === 1) entry.control.value = '';
      else row.remove();
    });
    if (entry.control.tagName === 'INPUT')
      entry.control.addEventListener('paste', (event) => {
        const pasted = event.clipboardData?.getData('text') ?? '';
        const parts = pasted
          .split(/[\n,;，；、]+/)
          .map((p) => p.trim())
          .filter(Boolean);
        if (parts.length < 2) return;
        event.preventDefault();
        entry.control.value = parts[0];
        for (const part of parts.slice(1)) addRow(part);
      });
    if (value !== undefined) entry.control.value = value;
    entries.push({ ...entry, row });
    rows.append(row);
    return entry.control;
  };
  const add = h('button', { type: 'button', className: 'secondary add-row' }, `+ ${t('forms:addRow')}`);
  add.addEventListener('click', () => addRow().focus());
  const initial = fixed === undefined ? [undefined] : String(fixed).split(',');
  for (const value of initial) addRow(value);
  if (fixed !== undefined) {
    for (const e of entries) e.control.setAttribute(e.control.tagName === 'SELECT' ? 'disabled' : 'readonly', '');
    add.hidden = true;
  }
  const live = () => entries.filter((e) => e.row.isConnected);
  const shell = groupShell(
    id,
    name,
    label,
    required,
    h('div', { className: 'list-field' }, rows, add),
    [t('forms:listHint')],
    'list',
  );
  shell.setFocus(() => live()[0]?.control);
  const read = () => {
    const values = live()
      .map((e) => e.value())
      .filter((v) => v !== undefined);
    return values.length ? values : undefined;
  };
  return groupHandle(shell, {
    collect(problems, handle) {
      const value = read();
      const problem = checkValue(value, schema, required);
      shell.slot.set(problem);
      if (problem) problems.push(handle);
      return problem ? undefined : value;
    },
    peek: read,
    find: (_parts, handle) => handle,
    focus: () => live()[0]?.control.focus(),
  });
}

/** The parts every group shares: its element, error and clearing. */
function groupHandle(shell, parts) {
  const handle = {
    element: shell.element,
    setError: (message) => shell.slot.set(message),
    hasError: () => shell.slot.shown,
    collect: (problems) => parts.collect(problems, handle),
    peek: parts.peek,
    clear() {
      shell.slot.set(null);
      parts.clearChildren?.();
    },
    find: (p) => parts.find(p, handle),
    focus: parts.focus,
  };
  return handle;
}

/** The named fields of an object schema, each built for its own schema. */
function childFields(ctx, id, schema, fixed = {}) {
  const required = new Set(schema.required ?? []);
  return new Map(
    Object.entries(schema.properties ?? {})
      .filter(([child]) => !(id === 'f' && child === DOCUMENT_FACTS))
      .map(([child, prop]) => [
        child,
        buildField(ctx, `${id}-${child}`, child, prop, required.has(child), fixed[child]),
      ]),
  );
}

/** Reads an object's fields; an object left wholly empty reads as absent (its own problems dropped). */
function collectObject(children, problems) {
  const local = [];
  const value = {};
  let filled = false;
  for (const [child, field] of children) {
    const v = field.collect(local);
    if (field.peek() !== undefined) filled = true;
    if (v !== undefined) value[child] = v;
  }
  if (!filled) {
    for (const field of children.values()) field.clear();
    return undefined;
  }
  problems.push(...local);
  return value;
}

/** A nested object as a sub-form: its fields in a fieldset, each checked as a field of its own. */
function objectField(ctx, id, name, schema, required, label = fieldLabel(ctx, name)) {
  const children = childFields(ctx, id, schema);
  const shell = groupShell(
    id,
    name,
    label,
    required,
    [...children.values()].map((f) => f.element),
    [],
    'subform',
  );
  shell.setFocus(() => null);
  return groupHandle(shell, {
    collect(problems, handle) {
      const value = collectObject(children, problems);
      if (value === undefined && required) {
        shell.slot.set(t('forms:check.required'));
        problems.push(handle);
      }
      return value;
    },
    peek: () => ([...children.values()].some((f) => f.peek() !== undefined) ? {} : undefined),
    clearChildren: () => children.forEach((f) => f.clear()),
    find: (parts, handle) => (parts.length ? (children.get(parts[0])?.find(parts.slice(1)) ?? handle) : handle),
    focus: () => children.values().next().value?.focus(),
  });
}

/** A list of objects (a batch's inputs, several applications): one sub-form per row, rows to add and remove. */
function objectListField(ctx, id, name, schema, required, label = fieldLabel(ctx, name)) {
  const rows = h('div', { className: 'object-rows', id });
  const entries = [];
  let count = 0;
  const live = () => entries.filter((e) => e.row.isConnected);
  const renumber = () =>
    live().forEach((e, i) => {
      e.legend.textContent = t('forms:rowLabel', { name: label, n: i + 1 });
      e.remove.setAttribute('aria-label', `${t('forms:removeRow')} ${e.legend.textContent}`);
    });
  const addRow = () => {
    const rowId = `${id}-${count++}`;
    const children = childFields(ctx, rowId, schema.items);
    const legend = h('legend', {}, '');
    const remove = h('button', { type: 'button', className: 'ghost remove' }, `✕ ${t('forms:removeRow')}`);
    const row = h(
      'fieldset',
      { className: 'object-row', id: `${rowId}-row` },
      legend,
      [...children.values()].map((f) => f.element),
      remove,
    );
    const entry = { row, legend, children, remove };
    remove.addEventListener('click', () => {
      if (live().length === 1) return;
      row.remove();
      renumber();
      live()[0]?.children.values().next().value?.focus();
    });
    entries.push(entry);
    rows.append(row);
    renumber();
    return entry;
  };
  const add = h('button', { type: 'button', className: 'secondary add-row' }, `+ ${t('forms:addRow')}`);
  add.addEventListener('click', () => addRow().children.values().next().value?.focus());
  addRow();
  const shell = groupShell(
    id,
    name,
    label,
    required,
    h('div', { className: 'list-field' }, rows, add),
    [],
    'object-list',
  );
  shell.setFocus(() => null);
  return groupHandle(shell, {
    collect(problems, handle) {
      const values = live()
        .map((e) => collectObject(e.children, problems))
        .filter((v) => v !== undefined);
      const value = values.length ? values : undefined;
      const problem = checkValue(value, schema, required);
      shell.slot.set(problem);
      if (problem) problems.push(handle);
      return value;
    },
    peek: () => (live().some((e) => [...e.children.values()].some((f) => f.peek() !== undefined)) ? [] : undefined),
    clearChildren: () => live().forEach((e) => e.children.forEach((f) => f.clear())),
    find(parts, handle) {
      const entry = live()[Number(parts[0])];
      if (!entry || parts.length < 2) return handle;
      return entry.children.get(parts[1])?.find(parts.slice(2)) ?? handle;
    },
    focus: () => live()[0]?.children.values().next().value?.focus(),
  });
}

/** A free-form map as name/value rows (names may be Chinese: 持有人, 经营范围). */
function mapField(ctx, id, name, schema, required, label = fieldLabel(ctx, name)) {
  const valueSchema = schema.additionalProperties;
  const rows = h('div', { className: 'rows kv-rows', id });
  const entries = [];
  const live = () => entries.filter((e) => e.row.isConnected);
  const addRow = (key = '', value = '') => {
    const index = entries.length;
    const key_ = h('input', {
      id: `${id}-${index}-key`,
      type: 'text',
      autocomplete: 'off',
      'aria-label': t('forms:map.keyOf', { name: label, n: index + 1 }),
      placeholder: t('forms:map.key'),
    });
    const val = h('input', {
      id: `${id}-${index}-value`,
      type: 'text',
      autocomplete: 'off',
      maxlength: valueSchema.maxLength,
      'aria-label': t('forms:map.valueOf', { name: label, n: index + 1 }),
      placeholder: t('forms:map.value'),
    });
    key_.value = key;
    val.value = value;
    const remove = h(
      'button',
      {
        type: 'button',
        className: 'ghost remove',
        'aria-label': `${t('forms:removeRow')} ${t('forms:rowLabel', { name: label, n: index + 1 })}`,
      },
      '✕',
    );
    const row = h('div', { className: 'row kv-row' }, key_, val, remove);
    remove.addEventListener('click', () => {
      if (live().length === 1) {
        key_.value = '';
        val.value = '';
      } else row.remove();
    });
    entries.push({ row, key: key_, value: val });
    rows.append(row);
    return key_;
  };
  const add = h('button', { type: 'button', className: 'secondary add-row' }, `+ ${t('forms:addRow')}`);
  add.addEventListener('click', () => addRow().focus());
  addRow();
  const shell = groupShell(
    id,
    name,
    label,
    required,
    h('div', { className: 'list-field' }, rows, add),
    [t('forms:map.hint')],
    'map',
  );
  shell.setFocus(() => live()[0]?.key);
  const filled = () => live().filter((e) => e.key.value.trim() !== '' || e.value.value.trim() !== '');
  return groupHandle(shell, {
    collect(problems, handle) {
      const value = {};
      let problem = null;
      for (const [i, e] of filled().entries()) {
        const key = e.key.value.trim();
        const v = e.value.value.trim();
        const wrong = !key
          ? t('forms:map.keyMissing')
          : Object.hasOwn(value, key)
            ? t('forms:check.duplicate', { value: key })
            : checkValue(v === '' ? undefined : v, valueSchema, true);
        if (wrong) {
          problem = t('forms:check.entry', { n: i + 1, message: wrong });
          break;
        }
        value[key] = v;
      }
      const empty = Object.keys(value).length === 0;
      problem ??= empty && required ? t('forms:check.required') : null;
      shell.slot.set(problem);
      if (problem) problems.push(handle);
      return problem || empty ? undefined : value;
    },
    peek: () => (filled().length ? {} : undefined),
    find: (_parts, handle) => handle,
    focus: () => live()[0]?.key.focus(),
    set(map) {
      live().forEach((e) => e.row.remove());
      for (const [k, v] of Object.entries(map)) addRow(k, String(v));
      if (!live().length) addRow();
    },
  });
}

/** The last resort for a schema no widget renders: JSON typed in a text box. */
function jsonField(ctx, id, name, schema, required, label = fieldLabel(ctx, name)) {
  const array = typesOf(schema).includes('array');
  const control = h('textarea', { id, name, placeholder: array ? '[ ... ]' : '{ ... }', 'aria-label': label });
  const slot = errorSlot(id, () => control);
  const read = () => {
    if (control.value.trim() === '') return undefined;
    try {
      return JSON.parse(control.value);
    } catch {
      return { invalidJson: true };
    }
  };
  const handle = {
    element: h(
      'div',
      { className: 'field', dataset: { field: name } },
      h('label', { for: id }, caption(label, required)),
      control,
      h('span', { className: 'hint' }, array ? t('forms:jsonListHint') : t('forms:jsonHint')),
      slot.error,
    ),
    collect(problems) {
      const value = read();
      const problem = checkValue(value, schema, required);
      slot.set(problem);
      if (problem) problems.push(handle);
      return problem ? undefined : value;
    },
    peek: read,
    clear: () => slot.set(null),
    setError: (message) => slot.set(message),
    hasError: () => slot.shown,
    find: () => handle,
    focus: () => control.focus(),
  };
  return handle;
}

/** The field for a schema: the widget that fits it, nested as deep as the schema goes. */
function buildField(ctx, id, name, schema, required, fixed) {
  const types = typesOf(schema);
  if (types.includes('array') && isScalar(schema.items)) return listField(ctx, id, name, schema, required, fixed);
  if (types.includes('array') && isObject(schema.items)) return objectListField(ctx, id, name, schema, required);
  if (isMap(schema)) return mapField(ctx, id, name, schema, required);
  if (isObject(schema)) return objectField(ctx, id, name, schema, required);
  if (types.includes('array') || types.includes('object')) return jsonField(ctx, id, name, schema, required);
  return leafField(ctx, id, name, schema, required, fixed);
}

/**
 * A form for a chaincode request from its JSON Schema (the chaincode's own zod schema, as the API publishes
 * it). Options: `scenario` (its words for fields and values), `orgs` (`{ mspId, name }`), `pickerFor(name)`
 * (a search for fields naming records, or undefined), `fixed` (pre-filled, locked fields: the record a detail
 * page is about). Fields are checked here first (required, form, length, range), each error next to its field,
 * nested ones too; `onSubmit(request)` runs only for a request that passes, with the button busy until it
 * settles. `form.showIssues(issues)` puts the server's issues (`{ path, message }`) next to their fields and
 * answers those it could not place; `form.propose(name, value, why)` fills an empty field with a suggestion.
 */
export function schemaForm(schema, { scenario, orgs = [], pickerFor, fixed = {}, submitLabel, onSubmit }) {
  const ctx = { scenario, orgs, pickerFor, storesDocuments: Object.hasOwn(schema.properties ?? {}, DOCUMENT_FACTS) };
  const fields = childFields(ctx, 'f', schema, fixed);
  ctx.peek = (name) => fields.get(name)?.peek();
  const buttonText = submitLabel ?? t('forms:submit');
  const label = h('span', { className: 'label' }, buttonText);
  const button = h('button', { type: 'submit' }, label);
  const summary = h('div', { className: 'form-summary', role: 'status' });
  const form = h(
    'form',
    { className: 'form', novalidate: true },
    [...fields.values()].map((f) => f.element),
    summary,
    h('div', { className: 'actions' }, button),
  );
  const report = (problems) => {
    if (!problems.length) return;
    summary.replaceChildren(h('span', { className: 'field-error' }, t('forms:fixFields', { count: problems.length })));
    problems[0].focus();
  };
  form.showIssues = (issues) => {
    const marked = [];
    const rest = [];
    for (const issue of issues ?? []) {
      const parts = (Array.isArray(issue.path) ? issue.path : String(issue.path ?? '').split('.'))
        .map(String)
        .filter(Boolean);
      const top = fields.get(parts[0]);
      if (!top) {
        rest.push(issue);
        continue;
      }
      const target = top.find(parts.slice(1));
      if (target.hasError()) continue;
      target.setError(issue.message);
      marked.push(target);
    }
    report(marked);
    return rest;
  };
  form.propose = (name, value, why) => fields.get(name)?.propose?.(value, why);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    summary.replaceChildren();
    const request = {};
    const problems = [];
    for (const [name, field] of fields) {
      const value = field.collect(problems);
      if (value !== undefined) request[name] = value;
    }
    if (problems.length) return report(problems);
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const spinner = h('span', { className: 'spinner', 'aria-hidden': 'true' });
    button.prepend(spinner);
    label.textContent = t('forms:working');
    try {
      await onSubmit(request);
    } catch (err) {
      await onSubmit(undefined, err);
    } finally {
      spinner.remove();
      label.textContent = buttonText;
      form.removeAttribute('aria-busy');
      button.disabled = false;
    }
  });
  return form;
}
