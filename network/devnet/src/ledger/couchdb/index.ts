export { loadChaincodeIndexes, type ChaincodeIndexes } from './chaincode-indexes';
export type { CouchIndex } from './couch-index';
export { CouchDbError, RichQueryError } from './couch-error';
export type { NamespaceScan } from './couch-find';
export { INTERNAL_QUERY_LIMIT, parseRichQuery, RichQueryScanner, type RichQuery } from './rich-query';
