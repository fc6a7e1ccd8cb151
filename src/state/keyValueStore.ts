/**
 * A task's key-value state. Narrow on purpose: state beyond RAM goes behind it (an embedded on-disk store),
 * restored from the same changelog. The runtime registers, restores and flushes stores; processors only use them.
 */
export interface KeyValueStore<K, V> {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  delete(key: K): void;
  readonly size: number;
  entries(): IterableIterator<[K, V]>;
}
