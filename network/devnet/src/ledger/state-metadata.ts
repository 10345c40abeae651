import { ledger } from '@hyperledger/fabric-protos';
import { decode } from '../wire';
import { compareUtf8 } from './utf8-order';

const { kvrwset } = ledger.rwset;

/** The one metadata entry Fabric defines (peer.MetaDataKeys): a key-level endorsement policy. */
export const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

/**
 * A key's metadata as Fabric's statemetadata.Serialize stores it: a KVMetadataWrite without key whose entries are
 * sorted by name (the order the rwset builder writes them in). No entries serialize to nothing: no metadata.
 */
export function serializeStateMetadata(entries: ReadonlyMap<string, Uint8Array>): Uint8Array | undefined {
  if (entries.size === 0) return undefined;
  const write = new kvrwset.KVMetadataWrite();
  write.setEntriesList(metadataEntries(entries));
  return write.serializeBinary();
}

/** Metadata entries sorted by name, as Fabric's rwset builder writes them. */
export function metadataEntries(entries: ReadonlyMap<string, Uint8Array>): ledger.rwset.kvrwset.KVMetadataEntry[] {
  return [...entries.keys()].sort(compareUtf8).map((name) => {
    const entry = new kvrwset.KVMetadataEntry();
    entry.setName(name);
    entry.setValue(entries.get(name)!);
    return entry;
  });
}

/** The entries of stored metadata (empty without any). */
export function deserializeStateMetadata(bytes: Uint8Array | undefined): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  if (!bytes || bytes.length === 0) return entries;
  for (const entry of decode(kvrwset.KVMetadataWrite, bytes).getEntriesList()) {
    entries.set(entry.getName(), entry.getValue_asU8());
  }
  return entries;
}

/**
 * Serialized metadata of a rwset's KVMetadataWrite (or a hashed key's KVMetadataWriteHash); no entries means the
 * write deletes the key's metadata.
 */
export function metadataOfWrite(
  write: Pick<ledger.rwset.kvrwset.KVMetadataWrite, 'getEntriesList'>,
): Uint8Array | undefined {
  const entries = new Map<string, Uint8Array>();
  for (const entry of write.getEntriesList()) entries.set(entry.getName(), entry.getValue_asU8());
  return serializeStateMetadata(entries);
}

/** The key-level endorsement policy (SignaturePolicyEnvelope bytes) held in stored metadata; empty: none. */
export function validationParameterOf(metadata: Uint8Array | undefined): Uint8Array {
  return deserializeStateMetadata(metadata).get(VALIDATION_PARAMETER) ?? new Uint8Array(0);
}
