import type { KeyValueStore } from '../state/keyValueStore.js';
import type { StoreDeclaration } from './topology.js';

/**
 * A store that remembers which keys changed since the last commit, so the commit writes one changelog record per
 * dirty key with its latest value (Kafka Streams' record cache). Restoring writes nothing.
 */
export class ChangeloggedStore<K, V> implements KeyValueStore<K, V> {
  private readonly dirty = new Set<K>();

  constructor(
    readonly declaration: StoreDeclaration,
    private readonly inner: KeyValueStore<K, V>,
  ) {}

  get(key: K): V | undefined {
    return this.inner.get(key);
  }
  put(key: K, value: V): void {
    this.inner.put(key, value);
    this.dirty.add(key);
  }
  delete(key: K): void {
    this.inner.delete(key);
    this.dirty.add(key);
  }
  get size(): number {
    return this.inner.size;
  }
  entries(): IterableIterator<[K, V]> {
    return this.inner.entries();
  }

  /** From the changelog: null is a tombstone. */
  restore(key: K, value: V | null): void {
    if (value === null) this.inner.delete(key);
    else this.inner.put(key, value);
  }

  get dirtyCount(): number {
    return this.dirty.size;
  }

  /** The dirty keys with their latest values (undefined: deleted), and a clean slate. */
  takeDirty(): [K, V | undefined][] {
    const changes: [K, V | undefined][] = [];
    for (const key of this.dirty) changes.push([key, this.inner.get(key)]);
    this.dirty.clear();
    return changes;
  }
}
