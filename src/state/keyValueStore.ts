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
  /** Every entry's part `projection` names, read from stored bytes without decoding the rest of the value. */
  entriesOf<P>(projection: Projection<V, P>): IterableIterator<[K, P]>;
}

/**
 * A part of a store's values (an Avro reader schema with fewer fields): built with the topology's serdes and handed
 * to a processor, which only passes it to `entriesOf`. Decoding a whole value to read a few fields of it was most of
 * a restored task's start (its alert index over 1,000,000 customers).
 */
export interface Projection<V, P> {
  /** From a value's stored bytes; synchronous (the store has warmed its serde for every value it holds as bytes). */
  fromBytes(bytes: Buffer): P;
  /** From a value in hand (an open change, a cached value). */
  fromValue(value: V): P;
}
