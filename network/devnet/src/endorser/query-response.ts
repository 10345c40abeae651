import { ledger, peer } from '@hyperledger/fabric-protos';

/** A QueryResponse as the shim expects it: one batch of serialized results, whether more follow, the iterator ID. */
export function queryResponse(results: readonly Uint8Array[], hasMore: boolean, id: string): peer.QueryResponse {
  const response = new peer.QueryResponse();
  response.setResultsList(
    results.map((bytes) => {
      const result = new peer.QueryResultBytes();
      result.setResultbytes(bytes);
      return result;
    }),
  );
  response.setHasMore(hasMore);
  response.setId(id);
  return response;
}

/** A state entry as a serialized queryresult.KV of `namespace`. */
export function kvBytes(namespace: string, entry: { key: string; value: Uint8Array }): Uint8Array {
  const kv = new ledger.queryresult.KV();
  kv.setNamespace(namespace);
  kv.setKey(entry.key);
  kv.setValue(entry.value);
  return kv.serializeBinary();
}
