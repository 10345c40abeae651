import { z } from 'zod';
import type { Flow } from '@scenechain/scene-kit';
import { SHA256_HEX, type DocumentStore } from './document-store';

/** Whether a flow's request takes the kit's optional `documentFacts` (it anchors documents). */
export function takesDocumentFacts(flow: Flow): boolean {
  const schema = z.toJSONSchema(flow.request, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
  };
  return Object.hasOwn(schema.properties ?? {}, 'documentFacts');
}

/**
 * The request with `documentFacts` filled from the document store: for each digest among its top-level fields
 * that the store holds, the stored file's size and media type, so the ledger records them beside the digest.
 * A request that gives its own facts is left as it is (the chaincode checks them); digests the store lacks get
 * none (the claim then records the digest alone, as before).
 */
export async function withDocumentFacts(
  store: DocumentStore,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (input.documentFacts !== undefined) return input;
  const digests = [
    ...new Set(Object.values(input).filter((v): v is string => typeof v === 'string' && SHA256_HEX.test(v))),
  ];
  const facts: Record<string, { size: number; mediaType: string }> = {};
  for (const digest of digests) {
    const stored = await store.stat(digest);
    if (stored) facts[digest] = { size: stored.size, mediaType: stored.mediaType };
  }
  return Object.keys(facts).length > 0 ? { ...input, documentFacts: facts } : input;
}
