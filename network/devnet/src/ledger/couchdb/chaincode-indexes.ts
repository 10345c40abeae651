import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IndexDefinitionError, parseIndexDefinition, type CouchIndex } from './couch-index';

/** The CouchDB indexes a chaincode package carries, as Fabric deploys them when the chaincode is installed. */
export interface ChaincodeIndexes {
  /** META-INF/statedb/couchdb/indexes: indexes of the chaincode's public state. */
  readonly state: readonly CouchIndex[];
  /** META-INF/statedb/couchdb/collections/<collection>/indexes: indexes of each private data collection. */
  readonly collections: ReadonlyMap<string, readonly CouchIndex[]>;
}

const STATEDB = path.join('META-INF', 'statedb', 'couchdb');
/** Fabric's AllowedCharsCollectionName. */
const COLLECTION_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Reads and checks a chaincode folder's index definitions. Files are applied in name order and an index
 * (design document and name) defined twice keeps the later definition, as the peer creates them in CouchDB.
 *
 * @throws Error naming the chaincode and the file for a definition Fabric or CouchDB would refuse.
 */
export function loadChaincodeIndexes(chaincodeId: string, chaincodeDir: string): ChaincodeIndexes {
  const root = path.join(chaincodeDir, STATEDB);
  const state = readIndexFolder(chaincodeId, path.join(root, 'indexes'));
  const collections = new Map<string, readonly CouchIndex[]>();
  const collectionsDir = path.join(root, 'collections');
  if (existsSync(collectionsDir)) {
    for (const name of readdirSync(collectionsDir).sort()) {
      const folder = path.join(collectionsDir, name);
      if (!statSync(folder).isDirectory()) {
        throw new Error(`chaincode ${chaincodeId}: ${folder} is not a collection folder`);
      }
      if (!COLLECTION_NAME.test(name)) {
        throw new Error(`chaincode ${chaincodeId}: collection name is not valid: ${name} (in ${collectionsDir})`);
      }
      collections.set(name, readIndexFolder(chaincodeId, path.join(folder, 'indexes')));
    }
  }
  return { state, collections };
}

function readIndexFolder(chaincodeId: string, folder: string): CouchIndex[] {
  if (!existsSync(folder)) return [];
  const byId = new Map<string, CouchIndex>();
  for (const name of readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if (!name.endsWith('.json') || !statSync(file).isFile()) {
      throw new Error(
        `chaincode ${chaincodeId}: ${file}: only index definitions (*.json files) may be in ${folder}, as Fabric packages them`,
      );
    }
    try {
      const index = parseIndexDefinition(readFileSync(file, 'utf8'));
      byId.set(`${index.ddoc}\u0000${index.name}`, index);
    } catch (err) {
      if (!(err instanceof IndexDefinitionError)) throw err;
      throw new Error(`chaincode ${chaincodeId}: Index metadata file [${file}] ${err.message}`);
    }
  }
  return [...byId.values()];
}
