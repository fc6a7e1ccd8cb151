import type { KeyValueStore } from './keyValueStore.js';

/** The in-memory store: a Map. */
export function createMemoryStore<K, V>(): KeyValueStore<K, V> {
  const map = new Map<K, V>();
  return {
    get: (key) => map.get(key),
    put: (key, value) => void map.set(key, value),
    delete: (key) => void map.delete(key),
    get size() {
      return map.size;
    },
    entries: () => map.entries(),
    *entriesOf(projection) {
      for (const [key, value] of map) yield [key, projection.fromValue(value)];
    },
  };
}
