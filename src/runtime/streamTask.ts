import type { Logger } from 'pino';
import { partitionEntry, toClientError } from '../kafka/errors.js';
import type { ClusterAdmin, ConsumedRecord, KafkaClient, TransactionalProducer } from '../kafka/types.js';
import { settleLeftovers, writtenPartitions } from './settleLeftovers.js';
import { offsetBeyondEnd, StreamsError, taskInitFailed } from './errors.js';
import type { RuntimeObserver } from './observer.js';
import { restoreStore } from './restore.js';
import { sendChunks } from './sendChunks.js';
import { TaskCore } from './taskCore.js';
import type { Stage } from './topology.js';
import type { KeyValueStore } from '../state/keyValueStore.js';

export interface StreamTaskOptions {
  readonly client: KafkaClient;
  readonly admin: ClusterAdmin;
  readonly logger: Logger;
  readonly groupId: string;
  readonly stage: Stage;
  readonly partition: number;
  readonly systemTime: () => number;
  /** A bounded run: per source topic, the offset of this partition to stop before. */
  readonly endOffsets?: ReadonlyMap<string, bigint>;
  /** Per sink topic, the largest record it takes. */
  readonly limits?: ReadonlyMap<string, number>;
  /** Told of every commit and restore (metrics). */
  readonly observer?: RuntimeObserver;
  /** The topology's global stores (read-only views). */
  readonly globals?: ReadonlyMap<string, KeyValueStore<unknown, unknown>>;
}

/** Stream time travels with the committed offsets, as Kafka Streams keeps it: a restarted task knows its time. */
const encodeMetadata = (streamTime: number): string => JSON.stringify({ streamTime });
function decodeStreamTime(metadata: string | null): number {
  try {
    const t = (JSON.parse(metadata ?? '') as { streamTime?: unknown }).streamTime;
    return typeof t === 'number' && Number.isSafeInteger(t) ? t : -1;
  } catch {
    return -1;
  }
}

/**
 * One input partition's exactly-once unit (Kafka Streams' StreamTask): its own transactional producer
 * (`<appId>-<stage>-<topic>-<partition>`, kafkajs has no KIP-447, so a zombie is fenced per task), its stores
 * restored from their changelogs before the first record, and a transaction per commit that holds every output,
 * every dirty key's changelog record and the consumed offsets (with the stream time) together.
 */
export class StreamTask {
  readonly name: string;
  readonly core: TaskCore;
  readonly transactionalId: string;
  /** Per source topic: next offset to process (ahead of `committed` while a transaction is open). */
  readonly position = new Map<string, bigint>();
  readonly committed = new Map<string, bigint>();
  /** Per source topic, the offsets known to lie past what was read (from the last fetch, or the end at start). */
  private readonly lag = new Map<string, bigint>();
  /** When the open (uncommitted) work began; undefined when there is none. */
  pendingSince: number | undefined;
  /** What the task is doing in a step that waits on the cluster (for the stuck-task warning), or undefined. */
  step: string | undefined;
  private producer: TransactionalProducer | undefined;

  constructor(private readonly options: StreamTaskOptions) {
    this.name = `${options.stage.name}-${options.partition}`;
    this.core = new TaskCore(options.stage, options.partition, options.systemTime, options.limits, options.observer?.committed !== undefined, options.globals);
    this.transactionalId = `${options.groupId}-${options.stage.sources[0]!.topic}-${options.partition}`;
  }

  get partition(): number {
    return this.options.partition;
  }

  /** Fence and settle leftovers, then read the now-stable committed offsets, then restore the stores, then init the processors. */
  async initialize(heartbeat: () => Promise<void>): Promise<void> {
    const { client, admin, groupId, stage, partition, logger } = this.options;
    const started = this.options.systemTime();
    try {
      this.step = 'starting: creating its producer';
      this.producer = await client.transactionalProducer({ transactionalId: this.transactionalId });
      // The first transaction of our id fences (or waits out) a predecessor's, then settles whatever it left open.
      this.step = 'starting: settling leftover transactions';
      await settleLeftovers(this.producer, await writtenPartitions(admin, stage, partition), groupId);
      let streamTime = -1;
      this.step = 'starting: reading committed offsets';
      for (const { topic } of stage.sources) {
        // A partition missing from an answer is the client's metadata catching up after a broker restart, never a 0:
        // an offset taken for 0 replays the partition onto restored state.
        const committed = await admin.committedOffsetOf(groupId, topic, partition);
        if (committed) {
          const end = partitionEntry(await admin.highWatermarks(topic), topic, partition);
          if (committed.offset > end) throw offsetBeyondEnd(groupId, stage.name, topic, partition, committed.offset, end);
        }
        const offset = committed?.offset ?? partitionEntry(await admin.startOffsets(topic), topic, partition);
        // Until the first fetch says otherwise: what lies between here and the readable end.
        this.noteLag(topic, partitionEntry(await admin.endOffsets(topic), topic, partition) - offset);
        this.position.set(topic, offset);
        this.committed.set(topic, offset);
        streamTime = Math.max(streamTime, decodeStreamTime(committed?.metadata ?? null));
      }
      let restored = 0;
      const restoring = this.options.systemTime();
      this.step = 'starting: restoring its stores';
      for (const store of this.core.stores.values()) restored += await restoreStore(client, store, partition, heartbeat);
      if (this.core.stores.size > 0) this.options.observer?.restored?.({ stage: stage.name, partition, records: restored, seconds: (this.options.systemTime() - restoring) / 1000 });
      this.core.init(streamTime);
      const seconds = (this.options.systemTime() - started) / 1000;
      logger.info({ task: this.name, offsets: Object.fromEntries([...this.position].map(([t, o]) => [t, String(o)])), restored, seconds }, 'task started');
      this.step = undefined;
    } catch (error) {
      this.step = 'starting: closing after a failure';
      await this.close();
      // Anything the client threw unwrapped (a retrier that gave up on a connection) is judged by its causes.
      const fromClient = error instanceof Error && error.name.startsWith('KafkaJS');
      throw error instanceof StreamsError ? error : taskInitFailed(this.name, fromClient ? toClientError(error, 'the Kafka client') : error);
    }
  }

  /** What the client saw past its last fetch of `topic`: the task is caught up when nothing lies past any input. */
  noteLag(topic: string, lag: bigint): void {
    this.lag.set(topic, lag > 0n ? lag : 0n);
    let caughtUp = true;
    for (const each of this.lag.values()) if (each > 0n) caughtUp = false;
    this.core.caughtUp = caughtUp;
  }

  /** The offset this task stops before on `topic` (bounded runs), or undefined. */
  endOf(topic: string): bigint | undefined {
    return this.options.endOffsets?.get(topic);
  }

  /**
   * Processes the batch's records at or past the position (and before the end); the position then moves past the
   * batch's last entry (commit markers included), so the commit steps over trailing markers.
   */
  async process(topic: string, records: readonly ConsumedRecord[], lastOffset: bigint): Promise<number> {
    const from = this.position.get(topic) ?? 0n;
    const end = this.endOf(topic);
    let processed = 0;
    for (const record of records) {
      if (record.offset < from || (end !== undefined && record.offset >= end)) continue;
      const pending = this.core.process(record);
      if (pending) await pending;
      processed += 1;
    }
    let next = lastOffset + 1n;
    if (end !== undefined && next > end) next = end;
    if (next > from) this.position.set(topic, next);
    if (processed > 0) this.pendingSince ??= this.options.systemTime();
    return processed;
  }

  /**
   * Moves the position over [first, last] when it lies in that range (never over records not processed: a range past
   * the position is the client ahead of us). Ranges overlap: the client may fetch a marker again that it already
   * stepped over once, with the next markers after it (found: 288-288, then 288-293, left 289-293 in the log).
   */
  stepOver(topic: string, firstOffset: bigint, lastOffset: bigint): void {
    const from = this.position.get(topic);
    if (from === undefined || from < firstOffset || from > lastOffset) return;
    const end = this.endOf(topic);
    const next = end !== undefined && lastOffset + 1n > end ? end : lastOffset + 1n;
    if (next <= from) return;
    this.position.set(topic, next);
    this.pendingSince ??= this.options.systemTime();
  }

  /** Whether a commit would write anything (outputs, changelog, or offsets that moved). */
  get needsCommit(): boolean {
    if (this.core.hasPendingWork) return true;
    for (const [topic, at] of this.position) if (at !== this.committed.get(topic)) return true;
    return false;
  }

  /** One transaction: outputs, changelog records and offsets (with stream time); false when there was nothing. */
  async commit(): Promise<boolean> {
    if (!this.producer || !this.needsCommit) return false;
    const started = this.options.systemTime();
    const inputs = this.core.pendingRecords;
    const records = this.core.drain();
    const observed = this.core.takeObserved();
    const metadata = encodeMetadata(this.core.streamTime);
    const offsets = [...this.position].map(([topic, offset]) => ({ topic, partition: this.partition, offset, metadata }));
    this.step = 'committing: sending';
    const tx = await this.producer.begin();
    try {
      for (const chunk of sendChunks(records, this.options.limits)) await tx.send(chunk);
      this.step = 'committing: sending offsets';
      await tx.sendOffsets(this.options.groupId, offsets);
      this.step = 'committing: ending the transaction';
      await tx.commit();
    } catch (error) {
      this.step = 'committing: aborting';
      await tx.abort().catch(() => undefined);
      throw error;
    } finally {
      this.step = undefined;
    }
    for (const [topic, offset] of this.position) this.committed.set(topic, offset);
    this.pendingSince = undefined;
    this.options.observer?.committed?.({ stage: this.options.stage.name, partition: this.partition, records: inputs, ...observed, seconds: (this.options.systemTime() - started) / 1000 });
    return true;
  }

  async close(): Promise<void> {
    this.core.close();
    this.step = 'closing its producer';
    try {
      await this.producer?.close();
    } finally {
      this.step = undefined;
      this.producer = undefined;
    }
  }
}
