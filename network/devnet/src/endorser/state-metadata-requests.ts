import { peer } from '@hyperledger/fabric-protos';
import { SimulationError, compareUtf8, type TxSimulator } from './tx-simulator';
import { decode } from '../wire';

/**
 * GET_STATE_METADATA and PUT_STATE_METADATA for public state, as Fabric's chaincode handler serves them (the
 * shim's getStateValidationParameter / setStateValidationParameter). Metadata of private data collections is
 * refused with a clear error until collections can hold it.
 */
export async function getStateMetadata(
  simulator: TxSimulator,
  namespace: string,
  payload: Uint8Array,
): Promise<Uint8Array> {
  const request = decode(peer.GetStateMetadata, payload);
  refuseCollection(request.getCollection(), 'GetPrivateDataValidationParameter');
  const entries = await simulator.getStateMetadata(namespace, request.getKey());
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

/** Like Fabric, each call replaces the key's metadata with the one entry it carries. */
export function putStateMetadata(simulator: TxSimulator, namespace: string, payload: Uint8Array): Uint8Array {
  const request = decode(peer.PutStateMetadata, payload);
  refuseCollection(request.getCollection(), 'SetPrivateDataValidationParameter');
  const metadata = request.getMetadata();
  if (!metadata) throw new SimulationError(`PutStateMetadata for key ${request.getKey()} carries no metadata entry`);
  simulator.putStateMetadata(namespace, request.getKey(), new Map([[metadata.getMetakey(), metadata.getValue_asU8()]]));
  return new Uint8Array();
}

function refuseCollection(collection: string, operation: string): void {
  if (collection !== '') {
    throw new SimulationError(
      `${operation} (state metadata of private data collection ${collection}) is not supported by the Scenechain dev network yet`,
    );
  }
}
