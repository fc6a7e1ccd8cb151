import type { KeyValueStore, Projection } from '../state/keyValueStore.js';
import { RecentValues } from './recentValues.js';
import { isPromise } from './serde.js';
import type { StoreDeclaration } from './topology.js';

/** Decoded clean values kept per store (Kafka Streams' record cache, by entries): the rest stay bytes. */
export const DEFAULT_CACHED_VALUES = 10_000;

/**
 * A task's store as Kafka Streams keeps one: values as their changelog bytes, a bounded cache of decoded values, and
 * the open transaction's changes as objects. A commit writes one changelog record per dirty key with its latest value
 * and keeps those bytes; a restore keeps the changelog's bytes as they are, decoding nothing. Bytes instead of
 * objects: a customer's state is ~1.7 kB of JS objects (boxed times, per-lead strings) and ~0.3 kB as Avro, and a
 * heap of objects made the collector the largest cost as the state grew.
 *
 * Reading a value back must be synchronous (processors read stores inline): a value serde that may ask a registry
 * says, with `warm`, when bytes like these decode synchronously; until then a flushed value stays decoded (pinned).
 */
export class ChangeloggedStore<K, V> implements KeyValueStore<K, V> {
  /**
   * The values' bytes as one-byte strings (latin1: a byte per character): a string is its bytes and a 16-byte header,
   * where a Buffer is a ~100-byte view that may hold a shared 8 kB slab alive (measured: 1,000 B per customer).
   */
  private readonly bytes = new Map<K, string>();
  /** The open transaction's changes: a value, or undefined for a delete. */
  private readonly dirty = new Map<K, V | undefined>();
  /** Decoded clean values, the most recently used of them. */
  private readonly cache: RecentValues<K, V>;
  /** Flushed values whose bytes do not decode synchronously yet (their writer schema is being looked up). */
  private readonly pinned = new Map<K, V>();
  private warmsPending = 0;
  private warmFailed = false;
  /** The whole value: what `entries` reads. */
  private readonly whole: Projection<V, V> = { fromBytes: (bytes) => this.decodeBytes(bytes), fromValue: (value) => value };

  constructor(
    readonly declaration: StoreDeclaration,
    cachedValues = DEFAULT_CACHED_VALUES,
  ) {
    this.cache = new RecentValues(cachedValues);
  }

  get(key: K): V | undefined {
    if (this.dirty.has(key)) return this.dirty.get(key);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const pinned = this.pinned.get(key);
    if (pinned !== undefined) return pinned;
    const bytes = this.bytes.get(key);
    if (bytes === undefined) return undefined;
    const value = this.decode(bytes);
    this.cache.set(key, value);
    return value;
  }

  put(key: K, value: V): void {
    this.dirty.set(key, value);
  }

  delete(key: K): void {
    this.dirty.set(key, undefined);
  }

  get size(): number {
    let size = this.bytes.size;
    for (const [key, value] of this.dirty) {
      const stored = this.bytes.has(key);
      if (value === undefined && stored) size -= 1;
      else if (value !== undefined && !stored) size += 1;
    }
    return size;
  }

  /** Every entry as the processors see it (open changes included); values not cached are decoded, not cached. */
  entries(): IterableIterator<[K, V]> {
    return this.entriesOf(this.whole);
  }

  /** As `entries`, a part of each value: from its bytes unless it is decoded already; nothing is cached. */
  *entriesOf<P>(projection: Projection<V, P>): IterableIterator<[K, P]> {
    for (const [key, bytes] of this.bytes) {
      if (this.dirty.has(key)) continue;
      const value = this.cache.peek(key) ?? this.pinned.get(key);
      yield [key, value === undefined ? projection.fromBytes(Buffer.from(bytes, 'latin1')) : projection.fromValue(value)];
    }
    for (const [key, value] of this.dirty) if (value !== undefined) yield [key, projection.fromValue(value)];
  }

  /**
   * From the changelog: null is a tombstone. Answers a promise when the value serde must first learn how to decode
   * these bytes (a writer schema looked up): the restore awaits it before the next record.
   */
  restore(key: K, value: Buffer | null): void | Promise<void> {
    this.cache.delete(key);
    this.pinned.delete(key);
    if (value === null) {
      this.bytes.delete(key);
      return;
    }
    this.bytes.set(key, value.toString('latin1'));
    return this.declaration.value.warm?.(value);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }

  /**
   * The commit's changelog records: per dirty key its latest value serialized (null: deleted), kept as the store's
   * bytes; the decoded values stay cached. A clean slate of changes after.
   */
  flush(): [K, Buffer | null][] {
    const { changelog, value: serde } = this.declaration;
    const records: [K, Buffer | null][] = [];
    for (const [key, value] of this.dirty) {
      this.cache.delete(key);
      this.pinned.delete(key);
      const serialized = value === undefined ? null : serde.serialize(value, changelog);
      const bytes = serialized === null ? null : typeof serialized === 'string' ? Buffer.from(serialized) : serialized;
      // A delete, or a serde that writes the value as null: a tombstone, and the store forgets it as a restore would.
      if (value === undefined || bytes === null) {
        this.bytes.delete(key);
        records.push([key, null]);
        continue;
      }
      this.bytes.set(key, bytes.toString('latin1'));
      records.push([key, bytes]);
      const warming = serde.warm?.(bytes);
      if (warming) {
        this.pinned.set(key, value);
        this.unpinAfter(warming);
      } else this.cache.set(key, value);
    }
    this.dirty.clear();
    return records;
  }

  private decode(bytes: string): V {
    return this.decodeBytes(Buffer.from(bytes, 'latin1'));
  }

  private decodeBytes(bytes: Buffer): V {
    const value = this.declaration.value.deserialize(bytes, this.declaration.changelog);
    // warm() answered (or was never needed) for every stored value's bytes: a promise here is a serde's bug.
    if (isPromise(value)) throw new Error(`store ${this.declaration.name}: its value serde decoded stored bytes asynchronously (it must say so with warm())`);
    return value as V;
  }

  private unpinAfter(warming: Promise<void>): void {
    this.warmsPending += 1;
    warming.then(
      () => this.warmed(true),
      () => this.warmed(false),
    );
  }

  /** Flushes write one writer schema per store: once its lookup succeeded, the pinned values decode from bytes. */
  private warmed(ok: boolean): void {
    this.warmsPending -= 1;
    if (!ok) this.warmFailed = true;
    if (this.warmsPending > 0) return;
    if (this.warmFailed) {
      // The pins stay; the next flush asks again (a failed lookup is not cached).
      this.warmFailed = false;
      return;
    }
    for (const [key, value] of this.pinned) this.cache.set(key, value);
    this.pinned.clear();
  }
}
