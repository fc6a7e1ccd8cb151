/**
 * The Processor API (Kafka Streams' `processor/api`, in TypeScript). A processor sees typed records and its
 * context; serdes belong to the topology's sources and sinks, state to the runtime. Nothing here knows Kafka.
 */
import type { ConsumedRecord } from '../kafka/types.js';
import type { KeyValueStore } from '../state/keyValueStore.js';

export interface StreamRecord<K, V> {
  readonly key: K;
  readonly value: V;
  /** Epoch ms: the input record's timestamp, carried to what it makes (Kafka Streams' default). */
  readonly timestamp: number;
}

/** Where the record being processed came from; absent while a punctuator runs. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** 'stream-time': fires as record timestamps advance; 'wall-clock': fires on the system clock. */
export type PunctuationType = 'stream-time' | 'wall-clock';

/** Called with the stream time (stream-time) or the system time (wall-clock) it fires at. */
export type Punctuator = (timestamp: number) => void;

export interface Cancellable {
  cancel(): void;
}

export interface TaskId {
  readonly stage: string;
  readonly partition: number;
}

export interface ProcessorContext<KOut = unknown, VOut = unknown> {
  readonly taskId: TaskId;
  /** To every child, or to the one named. */
  forward(record: StreamRecord<KOut, VOut>, childName?: string): void;
  getStateStore<K, V>(name: string): KeyValueStore<K, V>;
  /** Kafka Streams' alignment: stream-time schedules fire at the first record, then every interval boundary. */
  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  recordMetadata(): RecordMetadata | undefined;
  /** The largest record timestamp this task has seen (-1 before the first). */
  currentStreamTime(): number;
  currentSystemTime(): number;
  /** Whether the task, at its last look, had nothing left to read on any input partition (the test driver: always). */
  caughtUp(): boolean;
}

export interface Processor<KIn = unknown, VIn = unknown, KOut = unknown, VOut = unknown> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: StreamRecord<KIn, VIn>): void;
  close?(): void;
}

export type ProcessorSupplier<KIn = unknown, VIn = unknown, KOut = unknown, VOut = unknown> = () => Processor<KIn, VIn, KOut, VOut>;

/** The record a dead letter is about, as it was read (bytes untouched). */
export type RecordOrigin = ConsumedRecord;

/** A record that cannot be processed, with a code: routed to a dead-letter sink, never dropped. */
export interface DeadLetter {
  readonly code: string;
  readonly reason: string;
  readonly origin: RecordOrigin;
}
