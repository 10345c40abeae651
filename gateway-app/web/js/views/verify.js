/* global document, window, crypto, TextEncoder, createImageBitmap, navigator, requestAnimationFrame */
import { api, ApiError } from '../api.js';
import { badge, h, humanise, notice } from '../dom.js';

const VERDICT_TEXT = {
  VALID: 'This is the current version of an active record.',
  UNKNOWN: 'No record was issued for this document: it may be altered or forged.',
  SUPERSEDED: 'A newer version of this record exists.',
  SUSPENDED: 'The record is currently suspended.',
  REVOKED: 'The record was revoked.',
  NOT_YET_VALID: 'The record is not valid yet.',
  EXPIRED: 'The record has expired.',
};

/** The deciding record in words, from whichever of its public facts the scenario's answer carries. */
function recordLine(answer) {
  const parts = [`Record ${answer.recordId}`];
  if (answer.type) parts.push(` (${humanise(String(answer.type).toLowerCase())})`);
  if (answer.version !== undefined)
    parts.push(
      `, version ${answer.version}${answer.currentVersion !== undefined ? ` of ${answer.currentVersion}` : ''}`,
    );
  if (answer.issuer) parts.push(`, issued by ${answer.issuer}`);
  return parts.join('');
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
        h('strong', {}, a.title),
        ' ',
        a.error
          ? [badge('unavailable', 'bad'), h('span', { className: 'muted' }, ` ${a.error.code}: ${a.error.message}`)]
          : [
              badge(a.answer.verdict),
              a.answer.recordId ? h('span', { className: 'muted' }, ` record ${a.answer.recordId}`) : null,
            ],
      ),
    ),
  );
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

let jsQrLoading;
function loadJsQr() {
  jsQrLoading ??= new Promise((resolve, reject) => {
    const script = h('script', { src: '/vendor/jsQR.js' });
    script.onload = () => resolve(window.jsQR);
    script.onerror = () => reject(new Error('could not load the QR decoder'));
    document.head.append(script);
  });
  return jsQrLoading;
}

function pixelsOf(source, width, height) {
  const canvas = h('canvas', { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true });
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
    placeholder: '64 hex digits',
    value: query.get('hash') ?? '',
    style: 'width: 100%',
  });
  const text = h('textarea', { id: 'document-text', name: 'text', placeholder: 'Paste the document text here' });
  const file = h('input', { id: 'document-file', type: 'file', 'aria-label': 'Document file' });
  const qrFile = h('input', { id: 'qr-image', type: 'file', accept: 'image/*', 'aria-label': 'Image of a QR code' });
  const video = h('video', {
    playsinline: true,
    muted: true,
    style: 'max-width: 320px; display: none; border-radius: 10px',
  });

  const check = async (hash) => {
    hashInput.value = hash;
    result.replaceChildren(h('p', {}, h('span', { className: 'spinner' }), ' Checking the register…'));
    try {
      const answer = await api('POST', '/api/public/verify', { documentHash: hash });
      const tone = answer.valid ? 'ok' : answer.verdict === 'UNKNOWN' || answer.verdict === 'REVOKED' ? 'bad' : 'warn';
      result.replaceChildren(
        h(
          'div',
          { className: `verdict ${tone}`, role: 'status' },
          h('div', { className: 'big' }, answer.valid ? '✓' : '✗'),
          h(
            'div',
            {},
            h('div', { className: 'big', id: 'verdict-code' }, humanise(answer.verdict.toLowerCase())),
            h('div', {}, VERDICT_TEXT[answer.verdict] ?? answer.verdict),
            answer.scenarioTitle
              ? h('div', { id: 'verdict-scenario' }, `Found in the ${answer.scenarioTitle} register`)
              : null,
            answer.recordId ? h('div', { id: 'verdict-record' }, recordLine(answer)) : null,
          ),
        ),
        answersList(answer.answers),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result.replaceChildren(notice('bad', `${err.code}: ${err.message}`), answersList(err.details.answers));
    }
  };

  const hashForm = h(
    'form',
    { className: 'form' },
    h('label', {}, 'SHA-256 digest', hashInput),
    h('button', { type: 'submit' }, 'Verify digest'),
  );
  hashForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void check(hashInput.value.trim().toLowerCase());
  });
  const textForm = h(
    'form',
    { className: 'form' },
    text,
    h('div', { className: 'actions' }, h('button', { type: 'submit', id: 'verify-text' }, 'Verify text')),
  );
  textForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    await check(await sha256Hex(new TextEncoder().encode(text.value)));
  });
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (chosen) await check(await sha256Hex(await chosen.arrayBuffer()));
  });
  const decodeFrom = async (source, width, height) => {
    const jsQR = await loadJsQr();
    const image = pixelsOf(source, width, height);
    return jsQR(image.data, image.width, image.height)?.data;
  };
  qrFile.addEventListener('change', async () => {
    const chosen = qrFile.files?.[0];
    if (!chosen) return;
    const bitmap = await createImageBitmap(chosen);
    const decoded = await decodeFrom(bitmap, bitmap.width, bitmap.height);
    if (decoded && /^[0-9a-f]{64}$/i.test(decoded.trim())) await check(decoded.trim().toLowerCase());
    else
      result.replaceChildren(
        notice('bad', decoded ? 'The QR code does not hold a SHA-256 digest.' : 'No QR code found in the image.'),
      );
  });
  const camera = h('button', { type: 'button', className: 'secondary' }, 'Scan with camera');
  camera.addEventListener('click', async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      video.srcObject = stream;
      video.style.display = 'block';
      await video.play();
      const tick = async () => {
        if (!video.srcObject) return;
        const decoded = video.videoWidth ? await decodeFrom(video, video.videoWidth, video.videoHeight) : undefined;
        if (decoded && /^[0-9a-f]{64}$/i.test(decoded.trim())) {
          stream.getTracks().forEach((t) => t.stop());
          video.srcObject = null;
          video.style.display = 'none';
          await check(decoded.trim().toLowerCase());
        } else requestAnimationFrame(() => void tick());
      };
      void tick();
    } catch (err) {
      result.replaceChildren(notice('bad', `Camera not available: ${err.message}`));
    }
  });
  if (query.get('hash')) void check(query.get('hash'));
  return h(
    'section',
    {},
    h('h1', {}, 'Verify a record'),
    h(
      'p',
      { className: 'sub' },
      'Check a licence, title or certificate against the public register. The document never leaves your browser: only its SHA-256 fingerprint is sent.',
    ),
    result,
    h(
      'div',
      { className: 'cols', style: 'margin-top: 20px' },
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, 'Paste the document'),
        textForm,
        h('h3', { style: 'margin-top: 18px' }, 'or choose the file'),
        h('div', { className: 'dropzone' }, file),
      ),
      h(
        'div',
        { className: 'panel' },
        h('h3', {}, 'Scan a QR code'),
        h('div', { className: 'actions' }, qrFile, camera),
        video,
        h('h3', { style: 'margin-top: 18px' }, 'or enter the digest'),
        hashForm,
      ),
    ),
  );
}
