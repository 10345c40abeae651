import * as protos from '@hyperledger/fabric-protos';
import * as any from 'google-protobuf/google/protobuf/any_pb';
import * as empty from 'google-protobuf/google/protobuf/empty_pb';
import * as timestamp from 'google-protobuf/google/protobuf/timestamp_pb';

/** Where @hyperledger/fabric-protos exports a proto package under another name. */
const PACKAGE_OF_EXPORT: Readonly<Record<string, string>> = {
  peer: 'protos',
  'peer.lifecycle': 'lifecycle',
  'ledger.rwset': 'rwset',
  'ledger.rwset.kvrwset': 'kvrwset',
  'ledger.queryresult': 'queryresult',
  'orderer.etcdraft': 'etcdraft',
};

let names: Map<unknown, string> | undefined;

/**
 * The protobuf name (`protos.ChaincodeMessage`) of a generated message class, known by its reader function,
 * for error messages. Generated classes are anonymous functions, so the names come from where the packages
 * export them.
 */
export function typeNameOf(readerFn: unknown): string | undefined {
  names ??= collectNames();
  return names.get(readerFn);
}

/** Drops the names collected so far (more generated code was loaded). */
export function forgetTypeNames(): void {
  names = undefined;
}

function collectNames(): Map<unknown, string> {
  const found = new Map<unknown, string>();
  const seen = new Set<unknown>();
  const walk = (namespace: object, exportPath: string, prefix: string): void => {
    if (seen.has(namespace)) return;
    seen.add(namespace);
    for (const [key, value] of Object.entries(namespace)) {
      if (typeof value === 'function' && typeof value.deserializeBinaryFromReader === 'function') {
        if (!found.has(value.deserializeBinaryFromReader)) found.set(value.deserializeBinaryFromReader, prefix + key);
        walk(value, `${exportPath}${key}.`, `${prefix}${key}.`); // nested message types
      } else if (value && typeof value === 'object' && /^[a-z]/.test(key) && key !== 'default') {
        const path = exportPath + key;
        walk(value, `${path}.`, `${PACKAGE_OF_EXPORT[path] ?? path}.`); // sub-packages
      }
    }
  };
  walk(protos, '', '');
  for (const module of [any, empty, timestamp]) walk(module, 'google.protobuf.', 'google.protobuf.');
  // Classes of other copies of generated code (fabric-shim's older protos) are reachable only through
  // google-protobuf's global namespace, whose paths are the proto package names.
  const global = (globalThis as { proto?: Record<string, unknown> }).proto ?? {};
  for (const [key, value] of Object.entries(global)) {
    if (/^[a-z]/.test(key) && value && typeof value === 'object') walk(value, `${key}.`, `${key}.`);
  }
  return found;
}
