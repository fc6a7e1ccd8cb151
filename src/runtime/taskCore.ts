import type { ConsumedRecord, ProducedRecord } from '../kafka/types.js';
import type { KeyValueStore } from '../state/keyValueStore.js';
import type { Cancellable, DeadLetter, Processor, ProcessorContext, PunctuationType, RecordMetadata, StreamRecord, TaskId } from './api.js';
import type { ObservedOutput } from './observer.js';
import { ChangeloggedStore } from './changelogStore.js';
import { PunctuationSchedules } from './punctuation.js';
import { isPromise, UndecodableError } from './serde.js';
import { fitsIn, recordSize } from '../kafka/recordSize.js';
import type { Node, SinkNode, SourceNode, Stage } from './topology.js';


/**
 * One task's processing, without I/O: records in → processors → serialized outputs collected for the next
 * commit; stores with their dirty keys; stream time; punctuation. The Kafka task and the test driver both run it,
 * so the offline mode is the same code as the live pipeline.
 */
export class TaskCore {
  readonly id: TaskId;
  /** The largest record timestamp seen (-1: none yet). */
  streamTime = -1;
  /** Whether the task has read all its inputs had at its last look; the Kafka task keeps it (the driver: always). */
  caughtUp = true;
  /** Input records handled since the last drain (for the commit cap). */
  pendingRecords = 0;
  private outputs: ProducedRecord[] = [];
  /** With `observe`: the open transaction's outputs as forwarded, and its punctuations, for the commit report. */
  private observed: ObservedOutput[] = [];
  private punctuations: Record<PunctuationType, number> = { 'stream-time': 0, 'wall-clock': 0 };
  readonly stores = new Map<string, ChangeloggedStore<unknown, unknown>>();
  private readonly nodes = new Map<string, Node>();
  private readonly sourceByTopic = new Map<string, SourceNode>();
  private readonly processors = new Map<string, Processor>();
  private readonly streamSchedules = new PunctuationSchedules('stream-time');
  private readonly wallSchedules = new PunctuationSchedules('wall-clock');
  private current: RecordMetadata | undefined;
  /** The input record being processed, and its source: an output too large to write is a dead letter about it. */
  private input: { readonly record: ConsumedRecord; readonly source: SourceNode } | undefined;

  constructor(
    readonly stage: Stage,
    readonly partition: number,
    private readonly systemTime: () => number,
    /** Per sink topic, the largest record it takes (max.message.bytes): a larger output becomes a dead letter. */
    private readonly limits: ReadonlyMap<string, number> = new Map(),
    /** Keep the outputs as forwarded until the commit (for a RuntimeObserver). */
    private readonly observe = false,
    /** The topology's global stores, by name (read-only views). */
    private readonly globals: ReadonlyMap<string, KeyValueStore<unknown, unknown>> = new Map(),
  ) {
    this.id = { stage: stage.name, partition };
    for (const n of [...stage.sources, ...stage.processors, ...stage.sinks]) this.nodes.set(n.name, n);
    for (const s of stage.sources) this.sourceByTopic.set(s.topic, s);
    for (const declaration of stage.stores) this.stores.set(declaration.name, new ChangeloggedStore(declaration));
    for (const g of stage.globalStores) if (!globals.has(g.name)) throw new Error(`stage ${stage.name} reads global store ${g.name}, which the runtime did not start`);
  }

  /** After restore: makes the processors and runs their init, in declaration order. */
  init(streamTime = -1): void {
    this.streamTime = streamTime;
    for (const node of this.stage.processors) {
      const processor = node.supplier();
      this.processors.set(node.name, processor);
      processor.init?.(this.contextFor(node.name, new Set(node.stores)));
    }
  }

  /** Processes one record; answers a promise only when a deserializer did (a registry lookup). */
  process(record: ConsumedRecord): void | Promise<void> {
    const source = this.sourceByTopic.get(record.topic);
    if (!source) throw new Error(`stage ${this.stage.name} has no source for topic ${record.topic}`);
    this.pendingRecords += 1;
    let key: unknown;
    let value: unknown;
    try {
      key = source.key.deserialize(record.key, record.topic);
      value = source.value.deserialize(record.value, record.topic);
    } catch (error) {
      return this.undecodable(source, record, error);
    }
    if (isPromise(key) || isPromise(value)) {
      return Promise.all([key, value]).then(
        ([k, v]) => this.dispatch(source, record, k, v),
        (error: unknown) => this.undecodable(source, record, error),
      );
    }
    this.dispatch(source, record, key, value);
  }

  /** Fires the wall-clock punctuators due at `now`. */
  punctuateWallClock(now: number): number {
    const fired = this.wallSchedules.fire(now);
    this.punctuations['wall-clock'] += fired;
    return fired;
  }

  /** What the last drain's transaction holds, as forwarded (with `observe`), and the punctuations since the one before. */
  takeObserved(): { outputs: ObservedOutput[]; punctuations: Record<PunctuationType, number> } {
    const taken = { outputs: this.observed, punctuations: this.punctuations };
    this.observed = [];
    this.punctuations = { 'stream-time': 0, 'wall-clock': 0 };
    return taken;
  }

  nextWallClockDue(): number | undefined {
    return this.wallSchedules.nextDue();
  }

  /** Whether there is anything a commit would write. */
  get hasPendingWork(): boolean {
    if (this.outputs.length > 0 || this.pendingRecords > 0) return true;
    for (const store of this.stores.values()) if (store.dirtyCount > 0) return true;
    return false;
  }

  /** Everything for the next commit: outputs in order, then one changelog record per dirty key. */
  drain(): ProducedRecord[] {
    const records = this.outputs;
    this.outputs = [];
    this.pendingRecords = 0;
    for (const store of this.stores.values()) {
      const { changelog, key } = store.declaration;
      for (const [k, bytes] of store.flush()) {
        records.push({ topic: changelog, partition: this.partition, key: key.serialize(k, changelog), value: bytes, ...(this.streamTime >= 0 ? { timestamp: this.streamTime } : {}) });
      }
    }
    return records;
  }

  close(): void {
    for (const p of this.processors.values()) p.close?.();
    this.processors.clear();
  }

  private dispatch(source: SourceNode, record: ConsumedRecord, key: unknown, value: unknown): void {
    this.current = { topic: record.topic, partition: record.partition, offset: record.offset };
    this.input = { record, source };
    if (record.timestamp > this.streamTime) this.streamTime = record.timestamp;
    const forwarded: StreamRecord<unknown, unknown> = { key, value, timestamp: record.timestamp };
    for (const child of this.stage.children.get(source.name) ?? []) this.deliver(child, forwarded);
    this.current = undefined;
    this.input = undefined;
    this.punctuations['stream-time'] += this.streamSchedules.fire(this.streamTime);
  }

  private undecodable(source: SourceNode, record: ConsumedRecord, error: unknown): void {
    // Anything else (a registry that does not answer, a bug) is the runtime's to retry or fail on.
    if (!(error instanceof UndecodableError) || source.deadLetters === undefined) throw error;
    const letter: DeadLetter = { code: error.deadLetterCode, reason: error.message.slice(0, 300), origin: record };
    this.current = { topic: record.topic, partition: record.partition, offset: record.offset };
    this.input = { record, source };
    if (record.timestamp > this.streamTime) this.streamTime = record.timestamp;
    this.write(this.nodes.get(source.deadLetters) as SinkNode, { key: record.key?.toString('utf8') ?? null, value: letter, timestamp: record.timestamp });
    this.current = undefined;
    this.input = undefined;
    this.punctuations['stream-time'] += this.streamSchedules.fire(this.streamTime);
  }

  private deliver(name: string, record: StreamRecord<unknown, unknown>): void {
    const node = this.nodes.get(name)!;
    if (node.kind === 'sink') this.write(node, record);
    else this.processors.get(name)!.process(record);
  }

  private write(sink: SinkNode, record: StreamRecord<unknown, unknown>): void {
    const key = sink.key.serialize(record.key, sink.topic);
    const value = sink.value.serialize(record.value, sink.topic);
    const limit = this.limits.get(sink.topic);
    if (limit !== undefined) {
      const size = recordSize(key, value);
      if (!fitsIn(size, limit)) return this.tooLarge(sink, size, limit);
    }
    this.outputs.push({ topic: sink.topic, key, value, timestamp: record.timestamp });
    if (this.observe) this.observed.push({ sink: sink.name, topic: sink.topic, record });
  }

  /** An output the topic would refuse: a dead letter about the input instead, so the partition never stalls on it. */
  private tooLarge(sink: SinkNode, size: number, limit: number): void {
    const reason = `its ${sink.name} record (${size} bytes) is larger than ${sink.topic} takes (max.message.bytes ${limit})`;
    const input = this.input;
    const deadLetters = input?.source.deadLetters === undefined ? undefined : (this.nodes.get(input.source.deadLetters) as SinkNode);
    if (!input || !deadLetters) throw new Error(`a record cannot be written: ${reason}, and its source has no dead-letter sink`);
    const letter = (origin: ConsumedRecord): StreamRecord<unknown, unknown> => ({ key: input.record.key?.toString('utf8') ?? null, value: { code: 'OUTPUT_TOO_LARGE', reason, origin } satisfies DeadLetter, timestamp: input.record.timestamp });
    if (deadLetters !== sink) return this.write(deadLetters, letter(input.record));
    // The dead letter itself too large: it keeps its code, reason and origin, not the bytes (they stay in the input topic).
    const small = letter({ ...input.record, value: null });
    this.outputs.push({ topic: sink.topic, key: sink.key.serialize(small.key, sink.topic), value: sink.value.serialize(small.value, sink.topic), timestamp: small.timestamp });
  }

  private contextFor(name: string, stores: ReadonlySet<string>): ProcessorContext {
    const children = this.stage.children.get(name) ?? [];
    return {
      taskId: this.id,
      forward: (record, childName) => {
        if (childName === undefined) {
          for (const child of children) this.deliver(child, record);
          return;
        }
        if (!children.includes(childName)) throw new Error(`${name} has no child ${childName} (children: ${children.join(', ')})`);
        this.deliver(childName, record);
      },
      getStateStore: <K, V>(store: string): KeyValueStore<K, V> => {
        if (!stores.has(store)) throw new Error(`${name} is not connected to store ${store}`);
        return (this.stores.get(store) ?? this.globals.get(store)) as unknown as KeyValueStore<K, V>;
      },
      schedule: (intervalMs, type, punctuator): Cancellable =>
        type === 'stream-time' ? this.streamSchedules.add(0, intervalMs, punctuator) : this.wallSchedules.add(this.systemTime() + intervalMs, intervalMs, punctuator),
      recordMetadata: () => this.current,
      currentStreamTime: () => this.streamTime,
      currentSystemTime: () => this.systemTime(),
      caughtUp: () => this.caughtUp,
    };
  }
}
