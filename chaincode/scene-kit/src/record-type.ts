import type { z } from 'zod';
import type { Actor } from './access';
import { canonicalBytes, parseLedgerJson } from './canonical-json';
import { AlreadyExistsError, InternalError, NotFoundError } from './errors';
import { compositeKey, splitCompositeKey } from './keys';
import { offsetOf, type Page, type PageRequest } from './pagination';
import type { Scene } from './scene';
import type { Step } from './state-machine';
import type { ScanLimit } from './store';
import { validateValue } from './validation/parse-request';

/** Who changed a record last, when, and by which transition; stored next to the data. */
export interface Audit {
  /** 1 for a new record, +1 on every change. */
  readonly revision: number;
  readonly txId: string;
  readonly timestamp: string;
  readonly actor: Actor;
  readonly action: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** A record as stored on the ledger (canonical JSON) and returned to clients. */
export interface Stored<T> {
  readonly data: T;
  readonly audit: Audit;
}

/** One entry of a record's history. `record` is null for a deletion. */
export interface HistoryEntry<T> {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly record: Stored<T> | null;
}

/**
 * A secondary index: for a record, the tuples of values it is listed under (none to leave it out, several
 * for a multi-valued field). The kit appends the primary key, so entries are unique and list in key order.
 */
export type IndexSpec<T> = (data: T) => readonly (readonly string[])[];

export interface RecordTypeSpec<T extends Record<K, string>, K extends string> {
  /** Record type name, also the composite-key object type: `Batch`. */
  readonly name: string;
  /** Validates every version written; also the source of the record's contract metadata. */
  readonly schema: z.ZodType<T>;
  /** Fields forming the primary key, in key order (values must be strings). */
  readonly key: readonly K[];
  readonly indexes?: Readonly<Record<string, IndexSpec<T>>>;
  /** Facts about the record worth putting in every event about it (small, never personal data). */
  readonly eventDetails?: (data: T) => Record<string, unknown>;
  /**
   * False for supporting records (a uniqueness claim, a kept version, a provenance link) that only ever change
   * together with a main record: the main record's event reports the change, they add none of their own.
   */
  readonly events?: boolean;
}

/** A change to write: the step a state machine returned, plus event details specific to this change. */
export interface Change {
  readonly step: Step;
  readonly details?: Record<string, unknown>;
}

/** The key of a record: its primary-key field values in order. */
export type KeyOf<K extends string> = { readonly [P in K]: string };

/** One byte: Fabric treats an empty value as a deletion. */
const INDEX_VALUE = Uint8Array.of(0);

/**
 * A record type: its key, its indexes kept in step with every write, and the reads and writes a flow needs.
 * Indexes are composite keys `<Type>~<index>` + values + primary key, so every list is a range scan.
 */
export class RecordType<T extends Record<K, string>, K extends string> {
  constructor(readonly spec: RecordTypeSpec<T, K>) {
    definedTypes.push(this);
  }

  get name(): string {
    return this.spec.name;
  }

  /** The primary key of a record (or of anything holding its key fields). */
  keyOf(key: KeyOf<K>): string {
    return compositeKey(
      this.spec.name,
      this.spec.key.map((field) => key[field]),
    );
  }

  /**
   * The ID messages and events name a record by: the key field itself for a one-field key; for several fields,
   * each with `%` and `/` percent-encoded, joined with `/`, so that `A/B` + `C` and `A` + `B/C` stay distinct.
   */
  idOf(key: KeyOf<K>): string {
    if (this.spec.key.length === 1) return key[this.spec.key[0]];
    return this.spec.key.map((field) => escapeIdPart(key[field])).join('/');
  }

  async get(scene: Scene, key: KeyOf<K>): Promise<Stored<T> | undefined> {
    const bytes = await scene.store.get(this.keyOf(key));
    return bytes === undefined ? undefined : (parseLedgerJson(bytes) as Stored<T>);
  }

  /** The record, or NOT_FOUND naming the type and ID. */
  async mustGet(scene: Scene, key: KeyOf<K>): Promise<Stored<T>> {
    const found = await this.get(scene, key);
    if (found) return found;
    const id = this.idOf(key);
    throw new NotFoundError(`${this.spec.name} ${id} does not exist`, { recordType: this.spec.name, id });
  }

  async exists(scene: Scene, key: KeyOf<K>): Promise<boolean> {
    return (await scene.store.get(this.keyOf(key))) !== undefined;
  }

  /** Writes a new record and its index entries; ALREADY_EXISTS if the key is taken. */
  async create(scene: Scene, data: T, change: Change): Promise<Stored<T>> {
    const checked = this.check(data);
    const key = this.keyOf(checked);
    if ((await scene.store.get(key)) !== undefined) {
      const id = this.idOf(checked);
      throw new AlreadyExistsError(`${this.spec.name} ${id} already exists`, { recordType: this.spec.name, id });
    }
    const stored: Stored<T> = { data: checked, audit: this.audit(scene, 1, change) };
    await scene.store.put(key, canonicalBytes(stored));
    for (const indexKey of this.indexKeys(checked)) await scene.store.put(indexKey, INDEX_VALUE);
    this.emit(scene, stored, change);
    return stored;
  }

  /**
   * Writes the next version of a record read in this transaction. Index entries that no longer apply are
   * deleted and new ones written, so lists stay consistent with the record. The primary key may not change.
   */
  async update(scene: Scene, current: Stored<T>, next: T, change: Change): Promise<Stored<T>> {
    const checked = this.check(next);
    const key = this.keyOf(current.data);
    if (this.keyOf(checked) !== key) throw new InternalError(`${this.spec.name}: an update may not change the key`);
    const latest = await this.get(scene, current.data);
    if (!latest || latest.audit.revision !== current.audit.revision) {
      throw new InternalError(`${this.spec.name} ${this.idOf(current.data)}: update of a stale version`);
    }
    const stored: Stored<T> = { data: checked, audit: this.audit(scene, current.audit.revision + 1, change) };
    await scene.store.put(key, canonicalBytes(stored));
    const before = this.indexKeys(current.data);
    const after = this.indexKeys(checked);
    const keep = new Set(after);
    const existing = new Set(before);
    for (const indexKey of before) if (!keep.has(indexKey)) await scene.store.delete(indexKey);
    for (const indexKey of after) if (!existing.has(indexKey)) await scene.store.put(indexKey, INDEX_VALUE);
    this.emit(scene, stored, change);
    return stored;
  }

  /** A page of records listed under an index, optionally narrowed by its leading values. Read-only flows. */
  async list(scene: Scene, index: string, values: readonly string[], page: PageRequest): Promise<Page<Stored<T>>> {
    if (!this.spec.indexes?.[index]) throw new InternalError(`${this.spec.name} has no index ${index}`);
    const result = await scene.store.page(this.indexType(index), values, page.pageSize, page.bookmark);
    const items: Stored<T>[] = [];
    for (const entry of result.entries) items.push(await this.resolveIndexEntry(scene, entry.key));
    return { items, bookmark: result.bookmark };
  }

  /** A page of all records of the type, in primary-key order, optionally under leading key values. */
  async listByKey(scene: Scene, leading: readonly string[], page: PageRequest): Promise<Page<Stored<T>>> {
    const result = await scene.store.page(this.spec.name, leading, page.pageSize, page.bookmark);
    return {
      items: result.entries.map((entry) => parseLedgerJson(entry.value) as Stored<T>),
      bookmark: result.bookmark,
    };
  }

  /**
   * Every record listed under an index with the given leading values, not paginated, as this transaction sees
   * them (its own creations, updates and index moves included): for sets a business rule bounds, read in
   * transactions that write. More than `limit.max` is refused with LIMIT_EXCEEDED.
   */
  async scan(scene: Scene, index: string, values: readonly string[], limit: ScanLimit): Promise<Stored<T>[]> {
    if (!this.spec.indexes?.[index]) throw new InternalError(`${this.spec.name} has no index ${index}`);
    const entries = await scene.store.scan(this.indexType(index), values, limit);
    const items: Stored<T>[] = [];
    for (const entry of entries) items.push(await this.resolveIndexEntry(scene, entry.key));
    return items;
  }

  /**
   * Every record whose key starts with the given values, not paginated, as this transaction sees them: for sets
   * a business rule bounds. More than `limit.max` is refused with LIMIT_EXCEEDED.
   */
  async scanByKey(scene: Scene, leading: readonly string[], limit: ScanLimit): Promise<Stored<T>[]> {
    const entries = await scene.store.scan(this.spec.name, leading, limit);
    return entries.map((entry) => parseLedgerJson(entry.value) as Stored<T>);
  }

  /**
   * A page of the record's history, newest first. The bookmark is the number of versions already returned;
   * `getHistoryForKey` has no paging of its own.
   */
  async history(scene: Scene, key: KeyOf<K>, page: PageRequest): Promise<Page<HistoryEntry<T>>> {
    const skip = offsetOf(page.bookmark, 'history');
    const { versions, more } = await scene.store.history(this.keyOf(key), skip, page.pageSize);
    const items = versions.map((version) => ({
      txId: version.txId,
      timestamp: version.timestamp,
      isDelete: version.isDelete,
      record: version.isDelete ? null : (parseLedgerJson(version.value) as Stored<T>),
    }));
    return { items, bookmark: more ? String(skip + versions.length) : '' };
  }

  /** The index entries a record version is listed under (deterministic order). */
  indexKeys(data: T): string[] {
    const keys: string[] = [];
    const primary = this.spec.key.map((field) => data[field]);
    for (const [name, spec] of Object.entries(this.spec.indexes ?? {})) {
      for (const values of spec(data)) keys.push(compositeKey(this.indexType(name), [...values, ...primary]));
    }
    return keys;
  }

  private indexType(index: string): string {
    return `${this.spec.name}~${index}`;
  }

  private async resolveIndexEntry(scene: Scene, indexKey: string): Promise<Stored<T>> {
    const { attributes } = splitCompositeKey(indexKey);
    const primary = attributes.slice(attributes.length - this.spec.key.length);
    const bytes = await scene.store.get(compositeKey(this.spec.name, primary));
    if (bytes === undefined) throw new InternalError(`${this.spec.name} index entry points to a missing record`);
    return parseLedgerJson(bytes) as Stored<T>;
  }

  private check(data: T): T {
    return validateValue(this.spec.schema, data, `${this.spec.name} record`);
  }

  private audit(scene: Scene, revision: number, change: Change): Audit {
    return {
      revision,
      txId: scene.txId,
      timestamp: scene.now.iso,
      actor: scene.actor,
      action: change.step.action,
      from: change.step.from,
      to: change.step.to,
    };
  }

  private emit(scene: Scene, stored: Stored<T>, change: Change): void {
    if (this.spec.events === false) return;
    scene.events.add({
      name: change.step.event,
      recordType: this.spec.name,
      id: this.idOf(stored.data),
      revision: stored.audit.revision,
      action: change.step.action,
      from: change.step.from,
      to: change.step.to,
      actor: scene.actor,
      txId: scene.txId,
      timestamp: scene.now.iso,
      details: { ...(this.spec.eventDetails?.(stored.data) ?? {}), ...(change.details ?? {}) },
    });
  }
}

function escapeIdPart(part: string): string {
  return part.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** An index over the named fields; an array field lists the record once per element, an absent field not at all. */
export function indexOn<T>(...fields: readonly (keyof T & string)[]): IndexSpec<T> {
  return (data) => {
    let tuples: string[][] = [[]];
    for (const field of fields) {
      const value = data[field] as unknown;
      if (value === undefined || value === null) return [];
      const values = Array.isArray(value) ? [...new Set(value.map(String))] : [String(value)];
      tuples = tuples.flatMap((tuple) => values.map((v) => [...tuple, v]));
    }
    return tuples;
  };
}

/** A record type of any shape, where only its name, key and schema matter (descriptors, metadata). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SomeRecordType = RecordType<any, string>;

const definedTypes: SomeRecordType[] = [];

/**
 * Every record type defined in this process, in definition order: the contract entry publishes their contract
 * metadata (the root entry may not load the contract API that does it).
 */
export function definedRecordTypes(): readonly SomeRecordType[] {
  return definedTypes;
}

export function defineRecordType<T extends Record<K, string>, K extends string>(
  spec: RecordTypeSpec<T, K>,
): RecordType<T, K> {
  return new RecordType(spec);
}
