/* global document, window, crypto, TextEncoder, TextDecoder, createImageBitmap, navigator, requestAnimationFrame, Image, DOMParser, XMLSerializer */
import { credentialForm, looksLikeCredential, verifyCredentialInto } from '../components/credential-verify.js';
import { api, ApiError, catalog, session } from '../api.js';
import { append, badge, h, notice } from '../dom.js';
import { digestProblem } from '../components/field-checks.js';
import { errorCode, errorMessage, errorNotice } from '../components/error-notice.js';
import { formatNumber, formatTime, humanise, language, orgName, scenarioText, t } from '../i18n.js';

/** A verdict in a word or two (`Valid`), and in a sentence; an unknown verdict as its name in words. */
function verdictWord(verdict) {
  return t(`verify:verdicts.${verdict}`, { defaultValue: '' }) || humanise(String(verdict).toLowerCase());
}
function verdictSentence(verdict) {
  return t(`verify:verdictTexts.${verdict}`, { defaultValue: '' }) || verdict;
}

/** The catalog item of a scenario when someone is signed in (for its own words); none on the public page. */
async function scenarioOf(id) {
  if (!session.token || !id) return undefined;
  try {
    return (await catalog()).items.find((s) => s.id === id);
  } catch {
    return undefined;
  }
}

/** The deciding record in words, from whichever of its public facts the scenario's answer carries. */
function recordLine(answer, scenario) {
  const parts = [t('verify:record', { id: answer.recordId })];
  if (answer.type) {
    const type = scenarioText(scenario, 'values', answer.type, humanise(String(answer.type).toLowerCase()));
    parts.push(t('verify:recordType', { type }));
  }
  if (answer.version !== undefined)
    parts.push(
      answer.currentVersion !== undefined
        ? t('verify:versionOf', { version: answer.version, current: answer.currentVersion })
        : t('verify:version', { version: answer.version }),
    );
  if (answer.issuer) parts.push(t('verify:issuedBy', { issuer: answer.issuer }));
  return parts.join('');
}

/** Who anchored the document, when and since which block; and the file's size and type, when on record. */
function anchorLines(answer) {
  if (!answer.recordId) return [];
  const lines = [];
  if (answer.anchoredAt && answer.anchoredBy) {
    const values = { at: formatTime(answer.anchoredAt), by: orgName(answer.anchoredBy), block: answer.anchoredInBlock };
    const key = answer.anchoredInBlock === undefined ? 'verify:anchoredAt' : 'verify:anchoredSince';
    lines.push(h('div', { id: 'verdict-anchor', dataset: { block: answer.anchoredInBlock ?? '' } }, t(key, values)));
  }
  if (answer.size !== undefined && answer.mediaType)
    lines.push(
      h(
        'div',
        { id: 'verdict-file' },
        t('verify:fileFacts', { size: formatNumber(answer.size), type: answer.mediaType }),
      ),
    );
  return lines;
}

/** Every register's own answer (or why it gave none): shown when more than one was asked or one failed. */
function answersList(answers) {
  if (!Array.isArray(answers) || (answers.length < 2 && answers.every((a) => !a.error))) return null;
  return h(
    'ul',
    { id: 'verdict-answers', className: 'verdict-answers' },
    ...answers.map((a) =>
      h(
        'li',
        { dataset: { scenario: a.scenario } },
        h('strong', {}, a.titles?.[language()] ?? a.title),
        ' ',
        a.error
          ? [
              badge(t('verify:unavailable'), 'bad'),
              h('span', { className: 'muted' }, ' ', errorMessage(a.error)),
              ...errorCode(a.error.code),
            ]
          : [
              badge(verdictWord(a.answer.verdict), a.answer.verdict),
              a.answer.recordId
                ? h('span', { className: 'muted' }, ' ', t('verify:answerRecord', { id: a.answer.recordId }))
                : null,
            ],
      ),
    ),
  );
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Byte-for-byte variants of a text document that differ only in line breaks, each with how it differs. */
function lineBreakVariants(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return []; // not text: no line breaks to speak of
  }
  if (text === '') return [];
  const variants = [];
  if (/\r?\n$/.test(text)) variants.push(['dropNewline', text.replace(/(\r?\n)+$/, '')]);
  else variants.push(['addNewline', `${text}${text.includes('\r\n') ? '\r\n' : '\n'}`]);
  if (text.includes('\r\n')) variants.push(['toLf', text.replace(/\r\n/g, '\n')]);
  else if (text.includes('\n')) variants.push(['toCrlf', text.replace(/\n/g, '\r\n')]);
  return variants.map(([how, variant]) => ({
    how: t(`verify:variant.${how}`),
    bytes: new TextEncoder().encode(variant),
  }));
}

/**
 * An SVG (such as the app's own `/api/public/qr`) as an image that can be drawn on a canvas: given explicit
 * pixel dimensions from its viewBox (an SVG without them has no size of its own) and loaded from a data: URL.
 */
async function svgImage(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg') throw new Error('not an SVG image');
  const box = (root.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const [w, h0] = box.length === 4 && box[2] > 0 && box[3] > 0 ? [box[2], box[3]] : [1, 1];
  const scale = 600 / Math.max(w, h0);
  const width = Math.round(w * scale);
  const height = Math.round(h0 * scale);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  const image = new Image(width, height);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(doc))}`;
  await image.decode();
  return { source: image, width, height };
}

async function imageOf(file) {
  if (file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)) return svgImage(await file.text());
  const bitmap = await createImageBitmap(file);
  return { source: bitmap, width: bitmap.width, height: bitmap.height };
}

let jsQrLoading;
function loadJsQr() {
  jsQrLoading ??= new Promise((resolve, reject) => {
    const script = h('script', { src: '/vendor/jsQR.js' });
    script.onload = () => resolve(window.jsQR);
    script.onerror = () => reject(new Error(t('verify:qrDecoderMissing')));
    document.head.append(script);
  });
  return jsQrLoading;
}

function pixelsOf(source, width, height) {
  const canvas = h('canvas', { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true });
  // A transparent background reads as black: put the code on white, as it would be printed.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

/**
 * The public verification page: a document (pasted text or a file) is hashed in the browser and only its
 * SHA-256 digest is sent; a QR code of a digest can be scanned from an image or the camera. No sign-in.
 */
export function verifyView(query) {
  const result = h('div', { id: 'verdict' });
  const hashInput = h('input', {
    id: 'hash',
    name: 'hash',
    className: 'mono',
    placeholder: t('verify:hashPlaceholder'),
    value: query.get('hash') ?? '',
    style: 'width: 100%',
  });
  const text = h('textarea', { id: 'document-text', name: 'text', placeholder: t('verify:textPlaceholder') });
  const file = h('input', { id: 'document-file', type: 'file', 'aria-label': t('verify:fileLabel') });
  const qrFile = h('input', { id: 'qr-image', type: 'file', accept: 'image/*', 'aria-label': t('verify:qrLabel') });
  const video = h('video', {
    playsinline: true,
    muted: true,
    style: 'max-width: 320px; display: none; border-radius: 10px',
  });

  const hashError = h('span', { className: 'field-error', id: 'hash-error', role: 'alert', hidden: true });
  const showHashError = (message) => {
    hashError.textContent = message ?? '';
    hashError.hidden = !message;
    if (message) hashInput.setAttribute('aria-invalid', 'true');
    else hashInput.removeAttribute('aria-invalid');
  };
  hashInput.setAttribute('aria-describedby', 'hash-error');

  const verdictOf = (answer, scenario) => {
    const tone = answer.valid ? 'ok' : answer.verdict === 'UNKNOWN' || answer.verdict === 'REVOKED' ? 'bad' : 'warn';
    return h(
      'div',
      { className: `verdict ${tone}`, role: 'status' },
      h('div', { className: 'big' }, answer.valid ? '✓' : '✗'),
      h(
        'div',
        {},
        h(
          'div',
          { className: 'big', id: 'verdict-code', dataset: { verdict: answer.verdict } },
          verdictWord(answer.verdict),
        ),
        h('div', { id: 'verdict-text' }, verdictSentence(answer.verdict)),
        answer.scenarioTitle
          ? h(
              'div',
              { id: 'verdict-scenario' },
              t('verify:foundIn', {
                register: scenarioText(
                  scenario,
                  'title',
                  undefined,
                  answer.scenarioTitles?.[language()] ?? answer.scenarioTitle,
                ),
              }),
            )
          : null,
        answer.recordId ? h('div', { id: 'verdict-record' }, recordLine(answer, scenario)) : null,
        ...anchorLines(answer),
      ),
    );
  };

  /** When a text is unknown as given: the first line-break variant the register knows, if any. */
  const knownVariant = async (bytes) => {
    for (const variant of lineBreakVariants(bytes)) {
      const hash = await sha256Hex(variant.bytes);
      try {
        const answer = await api('POST', '/api/public/verify', { documentHash: hash });
        if (answer.verdict !== 'UNKNOWN') return { ...variant, hash, answer };
      } catch {
        // a register that cannot answer now: no hint rather than a wrong one
      }
    }
    return undefined;
  };

  /** Checks a digest; `hashed` (its bytes and what it is) when the digest is of a document hashed here. */
  const check = async (hash, hashed) => {
    showHashError(null);
    hashInput.value = hash;
    const problem = digestProblem(hash);
    if (problem) {
      result.replaceChildren();
      return showHashError(problem);
    }
    hash = hash.trim().toLowerCase();
    result.replaceChildren(h('p', {}, h('span', { className: 'spinner' }), ' ', t('verify:checking')));
    try {
      const answer = await api('POST', '/api/public/verify', { documentHash: hash });
      const scenario = await scenarioOf(answer.scenario);
      const digestLine = hashed
        ? h(
            'p',
            { className: 'muted digest-line', id: 'verdict-digest' },
            t('verify:digestOf', { what: hashed.what, size: hashed.bytes.byteLength }),
            ' ',
            h('span', { className: 'mono' }, hash),
          )
        : null;
      // append() skips the parts an answer lacks (no digest line, a single register's list); replaceChildren would print null
      result.replaceChildren();
      append(result, [verdictOf(answer, scenario), digestLine, answersList(answer.answers)]);
      if (answer.verdict !== 'UNKNOWN' || !hashed) return;
      const variant = await knownVariant(hashed.bytes);
      if (!variant) return;
      const show = h(
        'button',
        { type: 'button', className: 'secondary', id: 'check-variant' },
        t('verify:variantCheck'),
      );
      const variantScenario = await scenarioOf(variant.answer.scenario);
      show.addEventListener('click', () => {
        hashInput.value = variant.hash;
        result.replaceChildren();
        append(result, [
          h('p', { id: 'variant-note' }, t('verify:variantShown', { how: variant.how })),
          verdictOf(variant.answer, variantScenario),
          answersList(variant.answer.answers),
        ]);
      });
      result.append(
        notice(
          'info',
          h(
            'span',
            { id: 'line-break-hint' },
            t('verify:variantFound', { how: variant.how, verdict: verdictWord(variant.answer.verdict) }),
          ),
          h('div', { className: 'actions' }, show),
        ),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result.replaceChildren();
      append(result, [errorNotice(err), answersList(err.details.answers)]);
    }
  };

  const hashForm = h(
    'form',
    { className: 'form', novalidate: true },
    h('label', { for: 'hash' }, t('verify:hashLabel')),
    hashInput,
    hashError,
    h('div', { className: 'actions' }, h('button', { type: 'submit', id: 'verify-hash' }, t('verify:verifyDigest'))),
  );
  hashForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void check(hashInput.value);
  });
  const textForm = h(
    'form',
    { className: 'form' },
    text,
    h('div', { className: 'actions' }, h('button', { type: 'submit', id: 'verify-text' }, t('verify:verifyText'))),
  );
  textForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const bytes = new TextEncoder().encode(text.value);
    await check(await sha256Hex(bytes), { bytes, what: t('verify:pasted') });
  });
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    await check(await sha256Hex(bytes), { bytes, what: chosen.name });
  });
  const decodeFrom = async (source, width, height) => {
    const jsQR = await loadJsQr();
    const image = pixelsOf(source, width, height);
    return jsQR(image.data, image.width, image.height)?.data;
  };
  qrFile.addEventListener('change', async () => {
    const chosen = qrFile.files?.[0];
    if (!chosen) return;
    let decoded;
    try {
      const { source, width, height } = await imageOf(chosen);
      decoded = await decodeFrom(source, width, height);
    } catch {
      return void result.replaceChildren(notice('bad', t('verify:badImage')));
    }
    if (decoded && looksLikeCredential(decoded)) await verifyCredentialInto(result, decoded);
    else if (decoded && !digestProblem(decoded)) await check(decoded.trim().toLowerCase());
    else result.replaceChildren(notice('bad', t(decoded ? 'verify:notDigestQr' : 'verify:noQr')));
  });
  const camera = h('button', { type: 'button', className: 'secondary', id: 'scan-camera' }, t('verify:camera'));
  camera.addEventListener('click', async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      video.srcObject = stream;
      video.style.display = 'block';
      await video.play();
      const tick = async () => {
        if (!video.srcObject) return;
        const decoded = video.videoWidth ? await decodeFrom(video, video.videoWidth, video.videoHeight) : undefined;
        if (decoded && (/^[0-9a-f]{64}$/i.test(decoded.trim()) || looksLikeCredential(decoded))) {
          stream.getTracks().forEach((t) => t.stop());
          video.srcObject = null;
          video.style.display = 'none';
          if (looksLikeCredential(decoded)) await verifyCredentialInto(result, decoded);
          else await check(decoded.trim().toLowerCase());
        } else requestAnimationFrame(() => void tick());
      };
      void tick();
    } catch (err) {
      result.replaceChildren(notice('bad', t('verify:cameraUnavailable', { reason: err.message })));
    }
  });
  if (query.get('hash')) void check(query.get('hash'));
  else if (query.get('credential')) void verifyCredentialInto(result, query.get('credential'));
  const how = h(
    'details',
    { className: 'how', id: 'how-digest' },
    h('summary', {}, t('verify:howTitle')),
    h('p', {}, t('verify:howBytes')),
    h('p', {}, t('verify:howLineBreaks')),
  );
  return h(
    'section',
    {},
    h('h1', {}, t('verify:title')),
    h('p', { className: 'sub' }, t('verify:intro')),
    how,
    result,
    h(
      'div',
      { className: 'cols', style: 'margin-top: 20px' },
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, t('verify:pasteTitle')),
        textForm,
        h('h3', { style: 'margin-top: 18px' }, t('verify:fileTitle')),
        h('div', { className: 'dropzone' }, file),
      ),
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, t('verify:qrTitle')),
        h('div', { className: 'actions' }, qrFile, camera),
        video,
        h('h3', { style: 'margin-top: 18px' }, t('verify:digestTitle')),
        hashForm,
      ),
    ),
    h(
      'div',
      { className: 'panel', id: 'credential-panel', style: 'margin-top: 20px' },
      h('h3', {}, t('verify:credential.title')),
      h('p', { className: 'muted' }, t('verify:credential.intro')),
      credentialForm(result, query.get('credential') ?? ''),
    ),
  );
}
