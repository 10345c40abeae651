import { isMap, isSeq, parseDocument, type Document } from 'yaml';

/**
 * Applies an overlay to a Fabric config file (core.yaml, orderer.yaml): every leaf of the overlay replaces
 * or adds that key in the base, lists are replaced whole, and the base keeps its comments and order.
 */
export type KeyPath = ReadonlyArray<string | number>;

function leaves(value: unknown, prefix: KeyPath = []): Array<[KeyPath, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => leaves(child, [...prefix, key]));
  }
  return [[prefix, value]];
}

/** `a.b.0.c` -> ['a', 'b', 0, 'c']. */
export function parseKeyPath(text: string): KeyPath {
  if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(text)) throw new Error(`not a key path: ${text}`);
  return text.split('.').map((part) => (/^\d+$/.test(part) ? Number.parseInt(part, 10) : part));
}

function ensureParents(doc: Document, keyPath: KeyPath): void {
  for (let depth = 1; depth < keyPath.length; depth += 1) {
    const parent = doc.getIn(keyPath.slice(0, depth), true);
    if (parent === undefined || parent === null || (!isMap(parent) && !isSeq(parent))) {
      doc.setIn(keyPath.slice(0, depth), doc.createNode({}));
    }
  }
}

export function mergeConfig(
  baseText: string,
  overlay: Record<string, unknown>,
  sets: ReadonlyArray<readonly [KeyPath, string]> = [],
): string {
  const parsed = parseDocument(baseText);
  if (parsed.errors.length > 0) throw new Error(`base config is not valid YAML: ${parsed.errors[0].message}`);
  const doc: Document = parsed;
  if (doc.contents === null) doc.contents = doc.createNode({});
  for (const [keyPath, value] of leaves(overlay)) {
    ensureParents(doc, keyPath);
    doc.setIn(keyPath, doc.createNode(value));
  }
  for (const [keyPath, value] of sets) {
    if (doc.getIn(keyPath.slice(0, -1)) === undefined) {
      throw new Error(`--set ${keyPath.join('.')}: the overlay or base has no ${keyPath.slice(0, -1).join('.')}`);
    }
    doc.setIn(keyPath, value);
  }
  return doc.toString({ lineWidth: 0 });
}
