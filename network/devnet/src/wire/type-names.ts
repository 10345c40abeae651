import * as protos from '@hyperledger/fabric-protos';
import * as any from 'google-protobuf/google/protobuf/any_pb';
import * as empty from 'google-protobuf/google/protobuf/empty_pb';
import * as timestamp from 'google-protobuf/google/protobuf/timestamp_pb';

let names: Map<unknown, string> | undefined;

/**
 * The protobuf name (`gateway.EvaluateRequest`) of a generated message class, known by its reader function,
 * for error messages. Generated classes are anonymous functions, so the names come from where the packages
 * export them.
 */
export function typeNameOf(readerFn: unknown): string | undefined {
  names ??= collectNames();
  return names.get(readerFn);
}

function collectNames(): Map<unknown, string> {
  const found = new Map<unknown, string>();
  const seen = new Set<unknown>();
  const walk = (namespace: object, prefix: string): void => {
    if (seen.has(namespace)) return;
    seen.add(namespace);
    for (const [key, value] of Object.entries(namespace)) {
      if (typeof value === 'function' && typeof value.deserializeBinaryFromReader === 'function') {
        if (!found.has(value.deserializeBinaryFromReader)) found.set(value.deserializeBinaryFromReader, prefix + key);
        walk(value, `${prefix}${key}.`); // nested message types
      } else if (value && typeof value === 'object' && /^[a-z]/.test(key) && key !== 'default') {
        walk(value, `${prefix}${key}.`); // sub-packages
      }
    }
  };
  walk(protos, '');
  for (const module of [any, empty, timestamp]) walk(module, 'google.protobuf.');
  return found;
}
