import { z } from 'zod';

/**
 * Field schemas every scenario shares. Identifiers are restricted to a character set that can never break a
 * composite key and reads well in an error message.
 */

/** A record identifier chosen by a client or derived by the chaincode: `B-2025-001`, `SSCC:0012345`, `LOT/7`. */
export const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'letters, digits and . _ : / - only, starting with a letter or digit')
  .meta({ examples: ['B-2025-001'] });

/** An MSP ID as it appears in certificates and in the topology. */
export const mspId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9.-]*$/, 'an MSP ID such as ManufacturerMSP')
  .meta({ examples: ['ManufacturerMSP'] });

/** A SHA-256 digest in lower-case hex. */
export const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest as 64 lower-case hex digits')
  .meta({ examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'] });

/** An instant in UTC ISO 8601 form (`2025-03-01T12:00:00Z`, fractional seconds allowed). */
export const isoInstant = z.iso.datetime({ offset: false }).meta({ examples: ['2025-03-01T12:00:00Z'] });

/** Free text with a bound, trimmed of nothing: what the client sends is what is stored. */
export function text(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .meta({ examples: ['Example text'] });
}

/** Why something was done, as a request gives it (`reason`). */
export const reasonText = text(500).meta({ examples: ['Issued in error'] });

/** Why and when a record was suspended, revoked, withdrawn: what `transitionFlow`'s `reason` keeps. */
export const reasonNote = z.strictObject({ reason: reasonText, at: isoInstant });

/** A positive whole quantity in the smallest unit the product uses (grams, pieces). */
export const quantity = z
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ examples: [100] });

/** Largest page a list transaction returns. */
export const MAX_PAGE_SIZE = 100;

/** `pageSize` and `bookmark`, added to every list request. */
export const pageFields = {
  pageSize: z
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(20)
    .meta({ examples: [20] }),
  bookmark: z.string().max(1024).default(''),
};

/** Names an object may not have a property called: they reach or replace a JavaScript object's prototype. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Words (any script's letters, digits and combining marks) joined by single spaces or `_ - . ·`: `parcelId`,
 * `持有人`, `经营 范围`, `证书·等级`. No control or format characters, no leading or trailing space.
 */
const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_.·-]*(?: [\p{L}\p{N}\p{M}_.·-]+)*$/u;

/**
 * A free-form attribute name a person chose (`parcelId`, `持有人`): in any script, in Unicode NFC (so that one
 * name has one spelling, hence one key in canonical JSON), at most 64 characters; never a name that reaches a
 * JavaScript object's prototype. Each refusal says what is wrong.
 */
export const attributeName = z
  .string()
  .min(1)
  .max(64)
  .superRefine((name, context) => {
    const problem = attributeNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .meta({ examples: ['持有人'] });

function attributeNameProblem(name: string): string | undefined {
  if (/\p{Cc}/u.test(name)) return 'an attribute name may not contain a control character';
  if (RESERVED_NAMES.has(name)) return `${name} is reserved and may not be an attribute name`;
  if (name !== name.trim()) return 'an attribute name may not start or end with a space';
  if (name.normalize('NFC') !== name) return 'an attribute name must be in Unicode NFC form';
  if (!NAME_PATTERN.test(name)) {
    return 'an attribute name is letters and digits (any script), with single spaces or _ - . · between them';
  }
  return undefined;
}

/**
 * A number printed on a document people read, not a ledger key (a payment receipt, a certificate number such as
 * `京(2024)0001号`): letters and digits of any script with the punctuation such numbers use, in NFC, no control
 * characters, no leading or trailing space.
 */
export const documentNumber = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M} ()（）〔〕[\]【】#№_./:·-]*[\p{L}\p{N}\p{M})）〕\]】])?$/u,
    'a document number: letters and digits (any script) with spaces and ( ) 〔 〕 【 】 # _ . / : · - inside',
  )
  .refine((number) => number.normalize('NFC') === number, 'a document number must be in Unicode NFC form')
  .meta({ examples: ['京(2024)0001号'] });
