import { badRequest } from '../errors/app-error';

/** A media type as the kit's claims accept it: `type/subtype`, lower case, parameters dropped. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** Leading bytes of the formats public-service documents come in. */
const SIGNATURES: readonly { readonly type: string; readonly bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] }, // also .docx, .xlsx, .ofd
];

/** Types whose content is a zip container: declaring one of them for zip bytes is consistent. */
const ZIP_BASED = /^application\/(zip|vnd\.openxmlformats-[a-z.-]+|ofd|epub\+zip)$/;

/** The type the bytes show by their signature, or undefined when they show none (text, unknown formats). */
export function sniffMediaType(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(({ bytes: signature }) => signature.every((b, i) => bytes[i] === b))?.type;
}

function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096));
    // Text has no control bytes but tab, line feed, form feed and carriage return.
    return bytes.subarray(0, 4096).every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d);
  } catch {
    return false; // a multi-byte character cut at 4096 bytes is rare; octet-stream is then the honest answer
  }
}

/**
 * The media type to keep for an upload: the declared one (a `Content-Type` other than octet-stream) when the
 * bytes do not contradict it, else what the bytes show. A declared type the bytes contradict (a PNG declared as
 * PDF) is refused: the type is anchored beside the digest and must be true.
 */
export function mediaTypeOf(bytes: Uint8Array, declared: string | undefined): string {
  const given = declared?.split(';')[0]!.trim().toLowerCase();
  const sniffed = sniffMediaType(bytes);
  if (given && given !== 'application/octet-stream') {
    if (!MEDIA_TYPE.test(given) || given.length > 127)
      throw badRequest('INVALID_MEDIA_TYPE', `'${declared}' is not a media type such as application/pdf`);
    const consistent = !sniffed || sniffed === given || (sniffed === 'application/zip' && ZIP_BASED.test(given));
    if (!consistent) {
      throw badRequest('DOCUMENT_TYPE_MISMATCH', `the file was declared ${given} but its content is ${sniffed}`, {
        declared: given,
        detected: sniffed,
      });
    }
    return given;
  }
  return sniffed ?? (isUtf8Text(bytes) ? 'text/plain' : 'application/octet-stream');
}
