import type { ConsumedRecord } from '../kafka/types.js';
import type { KeyValueStore } from '../state/keyValueStore.js';
import { createMemoryStore } from '../state/memoryStore.js';
import type { GlobalStoreDeclaration } from './topology.js';
import { isPromise, UndecodableError } from './serde.js';

/**
 * A global store's content (Kafka Streams' global store): the latest value of every key of its topic, all
 * partitions, on every instance; a null value (a tombstone) deletes the key. Its topic is its changelog, so it is
 * read-only to processors and is fed only by the runtime (a follower of the topic, or the test driver).
 */
export class GlobalStore {
  private readonly store = createMemoryStore<unknown, unknown>();
  /** What processors get: reads only. */
  readonly view: KeyValueStore<unknown, unknown>;

  constructor(
    readonly declaration: GlobalStoreDeclaration,
    /** A record that does not decode is skipped (a global store has no dead letters), with a word to the caller. */
    private readonly onUndecodable: (record: ConsumedRecord, error: UndecodableError) => void = () => {},
  ) {
    const { store } = this;
    const readOnly = (): never => {
      throw new Error(`global store ${declaration.name} is read-only: it is written by its topic ${declaration.topic}`);
    };
    this.view = {
      get: (key) => store.get(key),
      put: readOnly,
      delete: readOnly,
      get size() {
        return store.size;
      },
      entries: () => store.entries(),
      entriesOf: (projection) => store.entriesOf(projection),
    };
  }

  /** Applies one record of the topic, in offset order per partition. */
  async apply(record: ConsumedRecord): Promise<void> {
    const { key: keySerde, value: valueSerde, topic } = this.declaration;
    let key: unknown;
    let value: unknown;
    try {
      // Awaited only when a deserializer answers a promise (a registry lookup), as TaskCore does.
      key = keySerde.deserialize(record.key, topic);
      if (isPromise(key)) key = await key;
      value = record.value === null ? null : valueSerde.deserialize(record.value, topic);
      if (isPromise(value)) value = await value;
    } catch (error) {
      if (!(error instanceof UndecodableError)) throw error;
      this.onUndecodable(record, error);
      return;
    }
    if (value === null || value === undefined) this.store.delete(key);
    else this.store.put(key, value);
  }
}
