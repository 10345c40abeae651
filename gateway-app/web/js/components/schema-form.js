/* global crypto */
import { h, humanise } from '../dom.js';

const MSP_PATTERN = '^[A-Za-z][A-Za-z0-9.-]*$';

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** One input for a JSON Schema property; answers the element and a reader of its value. */
function fieldFor(name, schema, required, orgs, fixed) {
  const id = `f-${name}`;
  const hintParts = [];
  if (schema.description) hintParts.push(schema.description);
  if (!required) hintParts.push('optional');
  let input;
  let read;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum) {
    input = h(
      'select',
      { id, name },
      required ? null : h('option', { value: '' }, '—'),
      schema.enum.map((v) => h('option', { value: v }, v)),
    );
    if (schema.default !== undefined) input.value = schema.default;
    read = () => input.value || undefined;
  } else if (types.includes('integer') || types.includes('number')) {
    input = h('input', {
      id,
      name,
      type: 'number',
      step: types.includes('integer') ? '1' : 'any',
      min: schema.minimum,
      max: schema.maximum < 1e15 ? schema.maximum : undefined,
    });
    if (schema.default !== undefined) input.placeholder = String(schema.default);
    read = () => (input.value === '' ? undefined : Number(input.value));
  } else if (types.includes('boolean')) {
    input = h('input', { id, name, type: 'checkbox' });
    read = () => input.checked;
  } else if (types.includes('array') || types.includes('object')) {
    input = h('textarea', { id, name, placeholder: types.includes('array') ? '[ ... ] as JSON' : '{ ... } as JSON' });
    read = () => {
      if (input.value.trim() === '') return undefined;
      try {
        return JSON.parse(input.value);
      } catch {
        throw new Error(`${humanise(name)}: not valid JSON`);
      }
    };
  } else if (schema.pattern === MSP_PATTERN && orgs.length) {
    input = h(
      'select',
      { id, name },
      h('option', { value: '' }, required ? 'Choose an organisation' : '—'),
      orgs.map((org) => h('option', { value: org }, org)),
    );
    read = () => input.value || undefined;
  } else if (schema.format === 'date-time') {
    input = h('input', { id, name, type: 'datetime-local' });
    read = () => (input.value ? new Date(input.value).toISOString() : undefined);
  } else {
    input = h('input', { id, name, type: 'text', maxlength: schema.maxLength, autocomplete: 'off' });
    read = () => (input.value === '' ? undefined : input.value);
    if (/Hash$|^commitment$/.test(name)) {
      hintParts.unshift('SHA-256 hex, or pick the file to hash it here');
      const picker = h('input', {
        type: 'file',
        'aria-label': `Hash a file into ${name}`,
        onchange: async (event) => {
          const file = event.target.files?.[0];
          if (file) input.value = await sha256Hex(await file.arrayBuffer());
        },
      });
      input = h('div', { className: 'actions' }, input, picker);
      const text = input.firstChild;
      read = () => (text.value === '' ? undefined : text.value);
    }
  }
  if (fixed !== undefined) {
    const target = input.tagName === 'DIV' ? input.firstChild : input;
    target.value = fixed;
    target.setAttribute('readonly', '');
  }
  return {
    element: h(
      'label',
      { for: id },
      humanise(name),
      input,
      hintParts.length ? h('span', { className: 'hint' }, hintParts.join(' · ')) : null,
    ),
    read,
  };
}

/**
 * A form for a chaincode request from its JSON Schema (the chaincode's own zod schema, as the API publishes
 * it). `fixed` pre-fills and locks fields (the record a detail page is about).
 */
export function schemaForm(schema, { orgs = [], fixed = {}, submitLabel = 'Submit', onSubmit }) {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, prop]) => [
    name,
    fieldFor(name, prop, required.has(name), orgs, fixed[name]),
  ]);
  const button = h('button', { type: 'submit' }, submitLabel);
  const form = h(
    'form',
    { className: 'form', novalidate: true },
    fields.map(([, f]) => f.element),
    h('div', { className: 'actions' }, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const request = {};
      for (const [name, field] of fields) {
        const value = field.read();
        if (value !== undefined) request[name] = value;
      }
      await onSubmit(request);
    } catch (err) {
      await onSubmit(undefined, err);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
