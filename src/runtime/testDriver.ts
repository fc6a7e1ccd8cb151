import type { ConsumedRecord, ProducedRecord } from '../kafka/types.js';
import type { KeyValueStore } from '../state/keyValueStore.js';
import { GlobalStore } from './globalStore.js';
import { TaskCore } from './taskCore.js';
import type { Topology } from './topology.js';

export interface TestDriverOptions {
  /** The wall clock's start (epoch ms); it moves only by advanceWallClockTime. */
  readonly wallClockMs?: number;
  /** Commit (hand outputs downstream, write changelogs) after this many input records (Kafka Streams' driver: 1). */
  readonly commitEvery?: number;
  /** Per topic, the largest record it takes (a broker's max.message.bytes): larger outputs become dead letters. */
  readonly limits?: ReadonlyMap<string, number>;
}

export interface InputRecord {
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

const toBytes = (key: Buffer | string | null): Buffer | null => (typeof key === 'string' ? Buffer.from(key, 'utf8') : key);

/**
 * leadstream's TopologyTestDriver: the same topology, processors, serdes and stores, in memory, one partition
 * per topic, time under control. What one stage writes to a topic another stage reads is handed to it at commit,
 * as Kafka would after the transaction. `leadstream process` runs on it.
 */
export class TopologyTestDriver {
  private readonly tasks: TaskCore[];
  private readonly globals: GlobalStore[];
  private readonly outputs = new Map<string, ProducedRecord[]>();
  private readonly nextOffset = new Map<string, bigint>();
  private wallClock: number;
  private sinceCommit = 0;
  private readonly commitEvery: number;

  constructor(readonly topology: Topology, options: TestDriverOptions = {}) {
    this.wallClock = options.wallClockMs ?? 0;
    this.commitEvery = options.commitEvery ?? 1;
    this.globals = topology.globalStores.map((declaration) => new GlobalStore(declaration));
    const views = new Map(this.globals.map((g) => [g.declaration.name, g.view]));
    this.tasks = topology.stages.map((stage) => new TaskCore(stage, 0, () => this.wallClock, options.limits, false, views));
    for (const task of this.tasks) task.init();
  }

  /** Appends a record to `topic` and lets every stage that reads it process it. */
  async pipeInput(topic: string, record: InputRecord): Promise<void> {
    await this.deliver({ topic, partition: 0, offset: this.offsetFor(topic), timestamp: record.timestamp, key: toBytes(record.key), value: record.value });
    this.sinceCommit += 1;
    if (this.sinceCommit >= this.commitEvery) await this.commit();
  }

  /** Moves the wall clock, firing the wall-clock punctuators due, then commits. */
  async advanceWallClockTime(ms: number): Promise<void> {
    this.wallClock += ms;
    for (const task of this.tasks) task.punctuateWallClock(this.wallClock);
    await this.commit();
  }

  /** What was written to `topic` since the last read (the queue is emptied). */
  readOutput(topic: string): ProducedRecord[] {
    const records = this.outputs.get(topic) ?? [];
    this.outputs.delete(topic);
    return records;
  }

  getKeyValueStore<K, V>(stage: string, name: string): KeyValueStore<K, V> {
    const store = this.tasks.find((t) => t.stage.name === stage)?.stores.get(name);
    if (!store) throw new Error(`stage ${stage} has no store ${name}`);
    return store as unknown as KeyValueStore<K, V>;
  }

  /** A global store, as its topic has been piped so far. */
  getGlobalStore<K, V>(name: string): KeyValueStore<K, V> {
    const store = this.globals.find((g) => g.declaration.name === name);
    if (!store) throw new Error(`the topology has no global store ${name}`);
    return store.view as KeyValueStore<K, V>;
  }

  streamTime(stage: string): number {
    return this.tasks.find((t) => t.stage.name === stage)?.streamTime ?? -1;
  }

  /** Hands every task's outputs to the topics (and to the stages reading them) until nothing is pending. */
  async commit(): Promise<void> {
    this.sinceCommit = 0;
    for (let pending = true; pending; ) {
      pending = false;
      for (const task of this.tasks) {
        if (!task.hasPendingWork) continue;
        pending = true;
        for (const out of task.drain()) {
          let queue = this.outputs.get(out.topic);
          if (!queue) this.outputs.set(out.topic, (queue = []));
          queue.push(out);
          await this.deliver({ topic: out.topic, partition: 0, offset: this.offsetFor(out.topic), timestamp: out.timestamp ?? this.wallClock, key: toBytes(out.key), value: toBytes(out.value) });
        }
      }
    }
  }

  async close(): Promise<void> {
    await this.commit();
    for (const task of this.tasks) task.close();
  }

  private offsetFor(topic: string): bigint {
    const offset = this.nextOffset.get(topic) ?? 0n;
    this.nextOffset.set(topic, offset + 1n);
    return offset;
  }

  /** A global store's topic updates the store first (as Kafka Streams' driver does), then any stage reading it. */
  private async deliver(record: ConsumedRecord): Promise<void> {
    for (const g of this.globals) if (g.declaration.topic === record.topic) await g.apply(record);
    for (const task of this.tasks) {
      if (!task.stage.sources.some((s) => s.topic === record.topic)) continue;
      const pending = task.process(record);
      if (pending) await pending;
    }
  }
}
