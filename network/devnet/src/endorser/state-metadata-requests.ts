import { peer } from '@hyperledger/fabric-protos';
import type { PrivateDataRequests } from './private-data-requests';
import { compareUtf8 } from '../ledger/utf8-order';
import { SimulationError, type TxSimulator } from './tx-simulator';
import { decode } from '../wire';

/** The handler of calls naming a collection; `operation` names the shim call in its "not supported" error. */
export type PrivateDataHandler = (operation: string) => PrivateDataRequests;

/**
 * GET_STATE_METADATA and PUT_STATE_METADATA, as Fabric's chaincode handler serves them (the shim's
 * get/setStateValidationParameter); with a collection (get/setPrivateDataValidationParameter) the private data
 * handler answers them, with the collection's permission checks.
 */
export async function getStateMetadata(
  simulator: TxSimulator,
  namespace: string,
  payload: Uint8Array,
  privateData: PrivateDataHandler,
): Promise<Uint8Array> {
  const request = decode(peer.GetStateMetadata, payload);
  if (request.getCollection() !== '') {
    return privateData('GetPrivateDataValidationParameter').getPrivateDataMetadata(request);
  }
  return stateMetadataResult(await simulator.getStateMetadata(namespace, request.getKey()));
}

/** Like Fabric, each call replaces the key's metadata with the one entry it carries. */
export async function putStateMetadata(
  simulator: TxSimulator,
  namespace: string,
  payload: Uint8Array,
  privateData: PrivateDataHandler,
): Promise<Uint8Array> {
  const request = decode(peer.PutStateMetadata, payload);
  if (request.getCollection() !== '') {
    return privateData('SetPrivateDataValidationParameter').putPrivateDataMetadata(request);
  }
  simulator.putStateMetadata(namespace, request.getKey(), metadataOfRequest(request));
  return new Uint8Array();
}

/** The one entry a PutStateMetadata carries, as the metadata map Fabric's handler builds from it. */
export function metadataOfRequest(request: peer.PutStateMetadata): Map<string, Uint8Array> {
  const metadata = request.getMetadata();
  if (!metadata) throw new SimulationError(`PutStateMetadata for key ${request.getKey()} carries no metadata entry`);
  return new Map([[metadata.getMetakey(), metadata.getValue_asU8()]]);
}

/** A key's metadata entries as the shim receives them (StateMetadataResult, entries by name). */
export function stateMetadataResult(entries: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const result = new peer.StateMetadataResult();
  result.setEntriesList(
    [...entries.keys()].sort(compareUtf8).map((name) => {
      const entry = new peer.StateMetadata();
      entry.setMetakey(name);
      entry.setValue(entries.get(name)!);
      return entry;
    }),
  );
  return result.serializeBinary();
}
