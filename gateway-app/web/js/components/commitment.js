/* global crypto, TextEncoder, Blob, URL, document */
import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * The patent specification commitment, computed in the browser exactly as the chaincode does
 * (`specificationCommitment` of chaincode/patents): SHA-256 over the UTF-8 bytes of the salt (lower-case hex),
 * a line feed and the specification text, in lower-case hex. Neither the text nor the salt leaves the browser.
 */
export async function sha256Hex(data) {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function specificationCommitment(salt, specification) {
  return sha256Hex(`${salt}\n${specification}`);
}

/** 32 random bytes as lower-case hex (the chaincode takes 16 to 64 bytes). */
export function randomSalt() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Salts computed in this page, by commitment: the result page offers the file again with the application number. */
const secrets = new Map();
export function secretFor(commitment) {
  return secrets.get(commitment);
}

/** What the applicant keeps: enough to publish later and to prove which text was filed. */
export function saltFile(secret, application) {
  return {
    kind: 'scenechain/patent-specification-salt',
    application: application ?? null,
    title: secret.title ?? null,
    commitment: secret.commitment,
    salt: secret.salt,
    specificationSha256: secret.specificationSha256,
    specificationFile: secret.fileName ?? null,
    computedAt: secret.computedAt,
  };
}

/** A button that saves the salt file (JSON) to the applicant's computer. */
export function saltDownload(secret, application, attrs = {}) {
  const button = h('button', { type: 'button', className: 'secondary', ...attrs }, t('forms:commitment.download'));
  button.addEventListener('click', () => {
    const body = `${JSON.stringify(saltFile(secret, application), null, 2)}\n`;
    const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
    const name = `patent-salt-${application ?? secret.commitment.slice(0, 12)}.json`;
    const link = h('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  });
  return button;
}

/**
 * The helper under a commitment field: choose the specification file or paste its text; a fresh salt is made,
 * the commitment computed and put into `input`, and the salt offered for download. `title()` names the
 * application in the file (the form's title field, before the office gives it a number).
 */
export function commitmentHelper({ id, input, title, onComputed }) {
  const file = h('input', { type: 'file', id: `${id}-spec-file`, 'aria-label': t('forms:commitment.file') });
  const text = h('textarea', {
    id: `${id}-spec-text`,
    rows: 3,
    'aria-label': t('forms:commitment.paste'),
    placeholder: t('forms:commitment.paste'),
  });
  const compute = h(
    'button',
    { type: 'button', className: 'secondary', id: `${id}-compute` },
    t('forms:commitment.compute'),
  );
  const salt = h('input', {
    id: `${id}-salt`,
    className: 'mono',
    readonly: true,
    'aria-label': t('forms:commitment.salt'),
  });
  const status = h('p', { className: 'hint', id: `${id}-status`, role: 'status' });
  const download = h('div', { className: 'commitment-download' });
  let fileName = null;

  const run = async (specification) => {
    const secret = {
      title: title() ?? null,
      salt: randomSalt(),
      specificationSha256: await sha256Hex(specification),
      fileName,
      computedAt: new Date().toISOString(),
    };
    secret.commitment = await specificationCommitment(secret.salt, specification);
    secrets.set(secret.commitment, secret);
    input.value = secret.commitment;
    salt.value = secret.salt;
    status.textContent = t('forms:commitment.done', { file: fileName ?? t('forms:commitment.pastedText') });
    download.replaceChildren(
      saltDownload(secret, null, { id: `${id}-download` }),
      h('span', { className: 'hint' }, t('forms:commitment.keep')),
    );
    onComputed?.();
  };
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    fileName = chosen.name;
    status.textContent = t('forms:commitment.working');
    await run(await chosen.text());
  });
  compute.addEventListener('click', async () => {
    if (!text.value) return void (status.textContent = t('forms:commitment.nothing'));
    fileName = null;
    await run(text.value);
  });
  return h(
    'div',
    { className: 'commitment-helper', id: `${id}-helper` },
    h('p', { className: 'hint' }, t('forms:commitment.explain')),
    h('label', { className: 'sub-label', for: `${id}-spec-file` }, t('forms:commitment.file')),
    file,
    h('label', { className: 'sub-label', for: `${id}-spec-text` }, t('forms:commitment.orPaste')),
    text,
    h('div', { className: 'actions' }, compute),
    h('label', { className: 'sub-label', for: `${id}-salt` }, t('forms:commitment.salt')),
    salt,
    status,
    download,
  );
}
