import { z } from 'zod';
import type { Flow } from '@scenechain/scene-kit';
import { SHA256_HEX, type DocumentStore } from './document-store';

/** The pattern of the kit's `sha256Hex`, as its JSON schema states it. */
const SHA256_PATTERN = '^[0-9a-f]{64}$';

/**
 * The top-level request fields that name documents (typed `sha256Hex`) of a flow that anchors them (its request
 * takes the kit's optional `documentFacts`); none for any other flow. Only these fields' digests get facts, so a
 * free-text field that happens to hold 64 hex digits is never taken for a document.
 */
export function documentFieldsOf(flow: Flow): readonly string[] {
  const schema = z.toJSONSchema(flow.request, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { pattern?: unknown }>;
  };
  const properties = schema.properties ?? {};
  if (!Object.hasOwn(properties, 'documentFacts')) return [];
  return Object.entries(properties).flatMap(([name, field]) => (field.pattern === SHA256_PATTERN ? [name] : []));
}

/**
 * The request with `documentFacts` filled from the document store: for the digest in each of `fields` that the
 * store holds, the stored file's size and media type, so the ledger records them beside the digest. A request
 * that gives its own facts is left as it is (the chaincode checks them); digests the store lacks get none (the
 * claim then records the digest, org and time alone).
 */
export async function withDocumentFacts(
  store: DocumentStore,
  fields: readonly string[],
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (fields.length === 0 || input.documentFacts !== undefined) return input;
  const facts: Record<string, { size: number; mediaType: string }> = {};
  for (const field of fields) {
    const digest = input[field];
    // A malformed digest is the chaincode's to refuse, naming the field; the store is never asked about it.
    if (typeof digest !== 'string' || !SHA256_HEX.test(digest) || Object.hasOwn(facts, digest)) continue;
    const stored = await store.stat(digest);
    if (stored) facts[digest] = { size: stored.size, mediaType: stored.mediaType };
  }
  return Object.keys(facts).length > 0 ? { ...input, documentFacts: facts } : input;
}
