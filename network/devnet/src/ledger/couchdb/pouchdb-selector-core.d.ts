/** The part of pouchdb-selector-core (no published types) the dev network uses. */
declare module 'pouchdb-selector-core' {
  /** True when `doc` satisfies the (massaged) selector conditions of each of `fields`. */
  export function rowFilter(doc: unknown, selector: Record<string, unknown>, fields: string[]): boolean;
}
