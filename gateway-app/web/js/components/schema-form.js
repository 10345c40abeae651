/* global crypto */
import { h, humanise } from '../dom.js';
import { checkValue } from './field-checks.js';

/** Every text this form shows, in one place (for the translation to come). */
const TEXT = {
  optional: 'optional',
  required: 'required',
  chooseOrg: 'Choose an organisation',
  choose: 'Choose…',
  hashHint: 'The SHA-256 fingerprint (64 characters 0-9, a-f): type it, or choose the file and it is computed here',
  hashPicker: (name) => `Compute ${name} from a file`,
  hashed: (file, size) => `Computed from ${file} (${size} bytes); the file itself is not sent.`,
  hashing: 'Computing the fingerprint…',
  addRow: 'Add another',
  removeRow: 'Remove',
  rowLabel: (name, n) => `${name} ${n}`,
  listHint: 'one per row; paste a list separated by commas or line breaks to fill several rows',
  jsonHint: (array) => (array ? 'a list written as JSON: [ ... ]' : 'written as JSON: { "name": "value" }'),
  fixFields: (n) => (n === 1 ? 'One field needs correcting.' : `${n} fields need correcting.`),
  working: 'Sending to the ledger…',
};

const MSP_PATTERN = '^[A-Za-z][A-Za-z0-9.-]*$';
const HASH_FIELD = /Hash$|^commitment$/;

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `BUSINESS_LICENCE` reads as "Business licence"; codes such as `kg` or `LogisticsMSP` stay as they are. */
const enumLabel = (v) =>
  /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^[A-Z]{4,}$/.test(String(v)) ? humanise(String(v).toLowerCase()) : String(v);
const typesOf = (schema) => (Array.isArray(schema.type) ? schema.type : [schema.type]);
const isScalar = (schema) =>
  !!schema && (schema.enum || ['string', 'integer', 'number'].some((t) => typesOf(schema).includes(t)));

/** A single-line control for a scalar schema: a select for an enum, a number or a text box otherwise. */
function scalarControl(id, name, schema, label) {
  const types = typesOf(schema);
  if (schema.enum) {
    const select = h(
      'select',
      { id, name, 'aria-label': label },
      h('option', { value: '' }, TEXT.choose),
      schema.enum.map((v) => h('option', { value: v }, enumLabel(v))),
    );
    if (schema.default !== undefined) select.value = schema.default;
    return { control: select, value: () => select.value || undefined };
  }
  if (types.includes('integer') || types.includes('number')) {
    const input = h('input', {
      id,
      name,
      type: 'number',
      inputmode: types.includes('integer') ? 'numeric' : 'decimal',
      step: types.includes('integer') ? '1' : 'any',
      min: schema.minimum,
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
  const input = h('input', {
    id,
    name,
    type: 'text',
    maxlength: schema.maxLength,
    autocomplete: 'off',
    'aria-label': label,
  });
  return { control: input, value: () => (input.value.trim() === '' ? undefined : input.value.trim()) };
}

/** Repeatable rows for a list of scalars (batch ids, IPC classes, territories): add, remove, paste a list. */
function listControl(id, name, schema, fixed) {
  const rows = h('div', { className: 'rows', id });
  const entries = [];
  const addRow = (value) => {
    const index = entries.length;
    const label = TEXT.rowLabel(humanise(name), index + 1);
    const entry = scalarControl(`${id}-${index}`, `${name}[]`, schema.items ?? { type: 'string' }, label);
    const remove = h(
      'button',
      { type: 'button', className: 'ghost remove', 'aria-label': `${TEXT.removeRow} ${label}` },
      '✕',
    );
    const row = h('div', { className: 'row' }, entry.control, remove);
    remove.addEventListener('click', () => {
      if (entries.filter((e) => e.row.isConnected).length === 1) entry.control.value = '';
      else row.remove();
    });
    if (entry.control.tagName === 'INPUT')
      entry.control.addEventListener('paste', (event) => {
        const text = event.clipboardData?.getData('text') ?? '';
        const parts = text
          .split(/[\n,;]+/)
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
  const add = h('button', { type: 'button', className: 'secondary add-row' }, `+ ${TEXT.addRow}`);
  add.addEventListener('click', () => addRow().focus());
  const initial = fixed === undefined ? [undefined] : String(fixed).split(',');
  for (const value of initial) addRow(value);
  if (fixed !== undefined) {
    for (const e of entries) e.control.setAttribute(e.control.tagName === 'SELECT' ? 'disabled' : 'readonly', '');
    add.hidden = true;
  }
  const read = () => {
    const values = entries
      .filter((e) => e.row.isConnected)
      .map((e) => e.value())
      .filter((v) => v !== undefined);
    return values.length ? values : undefined;
  };
  return { control: h('div', { className: 'list-field' }, rows, add), read, focus: () => entries[0]?.control };
}

/** One field for a JSON Schema property: its label, control, hint and the place for its error. */
function fieldFor(name, schema, required, orgs, fixed) {
  const id = `f-${name}`;
  const label = humanise(name);
  const hintParts = [];
  if (schema.description) hintParts.push(schema.description);
  const types = typesOf(schema);
  let control;
  let read;
  let focusTarget;
  let hashNote = null;
  if (types.includes('boolean')) {
    control = h('input', { id, name, type: 'checkbox' });
    read = () => control.checked;
  } else if (types.includes('array') && isScalar(schema.items)) {
    const list = listControl(id, name, schema, fixed);
    control = list.control;
    read = list.read;
    focusTarget = list.focus;
    hintParts.push(TEXT.listHint);
  } else if (types.includes('array') || types.includes('object')) {
    control = h('textarea', { id, name, placeholder: types.includes('array') ? '[ ... ]' : '{ ... }' });
    hintParts.push(TEXT.jsonHint(types.includes('array')));
    read = () => {
      if (control.value.trim() === '') return undefined;
      try {
        return JSON.parse(control.value);
      } catch {
        return { invalidJson: true };
      }
    };
  } else if (schema.pattern === MSP_PATTERN && orgs.length) {
    control = h(
      'select',
      { id, name },
      h('option', { value: '' }, TEXT.chooseOrg),
      orgs.map((org) => h('option', { value: org }, org)),
    );
    read = () => control.value || undefined;
  } else if (schema.format === 'date-time') {
    control = h('input', { id, name, type: 'datetime-local' });
    read = () => (control.value ? new Date(control.value).toISOString() : undefined);
  } else {
    const scalar = scalarControl(id, name, schema);
    control = scalar.control;
    read = scalar.value;
  }
  if (fixed !== undefined && control.tagName !== 'DIV') {
    control.value = fixed;
    control.setAttribute(control.tagName === 'SELECT' ? 'disabled' : 'readonly', '');
  }
  const input = control;
  let picker = null;
  if (HASH_FIELD.test(name) && input.tagName === 'INPUT' && input.type === 'text') {
    hintParts.unshift(TEXT.hashHint);
    input.classList.add('mono');
    // Digests are compared as lower-case hex: accept a pasted upper-case one as the same digest.
    const typed = read;
    read = () => typed()?.toLowerCase();
    hashNote = h('span', { className: 'hint hash-note', id: `${id}-file` });
    picker = h('input', {
      type: 'file',
      id: `${id}-picker`,
      'aria-label': TEXT.hashPicker(label),
      disabled: fixed !== undefined,
    });
    picker.addEventListener('change', async () => {
      const file = picker.files?.[0];
      if (!file) return;
      hashNote.textContent = TEXT.hashing;
      input.value = await sha256Hex(await file.arrayBuffer());
      hashNote.textContent = TEXT.hashed(file.name, file.size);
      setError(null);
    });
  }
  const error = h('span', { className: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const focusable = () => focusTarget?.() ?? input;
  const setError = (message) => {
    error.textContent = message ?? '';
    error.hidden = !message;
    const target = focusable();
    if (message) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
  };
  if (required) focusable().setAttribute('aria-required', 'true');
  focusable().setAttribute('aria-describedby', `${id}-error`);
  const hint = hintParts.length ? h('span', { className: 'hint' }, hintParts.join(' · ')) : null;
  const caption = h(
    'span',
    { className: 'field-label' },
    label,
    required
      ? h('span', { className: 'req', title: TEXT.required, 'aria-label': TEXT.required }, ' *')
      : h('span', { className: 'opt' }, ` (${TEXT.optional})`),
  );
  // A list is a group of controls, not one: a fieldset rather than a label around them.
  const element =
    control.tagName === 'DIV'
      ? h('fieldset', { className: 'field', dataset: { field: name } }, h('legend', {}, caption), control, hint, error)
      : h(
          'div',
          { className: 'field', dataset: { field: name } },
          h('label', { for: id }, caption),
          picker ? h('div', { className: 'hash-input' }, input, picker) : input,
          hashNote,
          hint,
          error,
        );
  return { element, read, setError, focus: () => focusable().focus(), schema, required };
}

/**
 * A form for a chaincode request from its JSON Schema (the chaincode's own zod schema, as the API publishes
 * it). `fixed` pre-fills and locks fields (the record a detail page is about). Fields are checked here first
 * (required, form, length, range), each error next to its field; `onSubmit(request)` runs only for a request
 * that passes, with the button busy until it settles. `form.showIssues(issues)` puts the server's issues
 * (`{ path, message }`) next to their fields and answers those it could not place.
 */
export function schemaForm(schema, { orgs = [], fixed = {}, submitLabel = 'Submit', onSubmit }) {
  const required = new Set(schema.required ?? []);
  const fields = new Map(
    Object.entries(schema.properties ?? {}).map(([name, prop]) => [
      name,
      fieldFor(name, prop, required.has(name), orgs, fixed[name]),
    ]),
  );
  const label = h('span', { className: 'label' }, submitLabel);
  const button = h('button', { type: 'submit' }, label);
  const summary = h('div', { className: 'form-summary', role: 'status' });
  const form = h(
    'form',
    { className: 'form', novalidate: true },
    [...fields.values()].map((f) => f.element),
    summary,
    h('div', { className: 'actions' }, button),
  );
  const clearErrors = () => {
    for (const f of fields.values()) f.setError(null);
    summary.replaceChildren();
  };
  const markErrors = (errors) => {
    for (const [name, message] of errors) fields.get(name)?.setError(message);
    if (errors.size) {
      summary.replaceChildren(h('span', { className: 'field-error' }, TEXT.fixFields(errors.size)));
      fields.get(errors.keys().next().value)?.focus();
    }
  };
  form.showIssues = (issues) => {
    const errors = new Map();
    const rest = [];
    for (const issue of issues ?? []) {
      const name = String(issue.path ?? '').split('.')[0];
      if (fields.has(name) && !errors.has(name)) errors.set(name, issue.message);
      else if (!fields.has(name)) rest.push(issue);
    }
    markErrors(errors);
    return rest;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    clearErrors();
    const request = {};
    const errors = new Map();
    for (const [name, field] of fields) {
      const value = field.read();
      const problem = checkValue(value, field.schema, field.required, HASH_FIELD.test(name));
      if (problem) errors.set(name, problem);
      else if (value !== undefined) request[name] = value;
    }
    if (errors.size) return markErrors(errors);
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const spinner = h('span', { className: 'spinner', 'aria-hidden': 'true' });
    button.prepend(spinner);
    label.textContent = TEXT.working;
    try {
      await onSubmit(request);
    } catch (err) {
      await onSubmit(undefined, err);
    } finally {
      spinner.remove();
      label.textContent = submitLabel;
      form.removeAttribute('aria-busy');
      button.disabled = false;
    }
  });
  return form;
}
