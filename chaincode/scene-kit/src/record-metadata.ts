import { Object as FabricObject, Property } from 'fabric-contract-api';
import type { z } from 'zod';
import { InternalError } from './errors';
import { defOf, unwrapSchema as unwrap } from './schema-shape';

/**
 * Declares a record's contract metadata (`@Object` and one `@Property` per field, as the Fabric contract API
 * publishes it through `org.hyperledger.fabric:GetMetadata`) from the record's zod schema, so the schema that
 * validates the data is the only declaration of its shape. Nested objects become their own metadata objects,
 * named after the parent and the field (`Batch` + `inputs` → `BatchInputsItem`).
 */
export function registerRecordMetadata(name: string, schema: z.ZodType): void {
  const shape = objectShape(schema, name);
  const recordClass = namedClass(name);
  for (const field of Object.keys(shape)) {
    Property(field, fabricType(shape[field], `${name}${pascal(field)}`))(recordClass.prototype, field);
  }
  FabricObject()(recordClass);
}

function namedClass(name: string): new () => object {
  const holder = { [name]: class {} };
  return holder[name];
}

function objectShape(schema: z.ZodType, name: string): Record<string, z.ZodType> {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object') throw new InternalError(`record metadata ${name}: schema is not an object`);
  return def.shape as Record<string, z.ZodType>;
}

/** The type name `@Property` understands: string, number, boolean, X[], Map<string, X> or a registered object. */
function fabricType(schema: unknown, nestedName: string): string {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'string':
    case 'enum':
    case 'template_literal':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'literal':
      return literalType(def.values as unknown[], nestedName);
    case 'union':
      return unionType(def.options as unknown[], nestedName);
    case 'array':
      return `${fabricType(def.element, `${nestedName}Item`)}[]`;
    case 'record':
      return `Map<string, ${fabricType(def.valueType, `${nestedName}Value`)}>`;
    case 'object':
      registerRecordMetadata(nestedName, inner as z.ZodType);
      return nestedName;
    default:
      throw new InternalError(`record metadata ${nestedName}: no contract type for a ${def.type} field`);
  }
}

function literalType(values: unknown[], name: string): string {
  const kinds = new Set(values.map((value) => typeof value));
  if (kinds.size === 1 && ['string', 'number', 'boolean'].includes([...kinds][0])) return [...kinds][0];
  throw new InternalError(`record metadata ${name}: mixed literal types`);
}

function unionType(options: unknown[], name: string): string {
  const types = [...new Set(options.map((option) => fabricType(option, name)))];
  if (types.length === 1) return types[0];
  throw new InternalError(`record metadata ${name}: union of ${types.join(', ')} has no single contract type`);
}

function pascal(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}
