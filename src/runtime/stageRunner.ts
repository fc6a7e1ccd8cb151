import type { Logger } from 'pino';
import type { Assignment, ClusterAdmin, GroupConsumer, KafkaClient, PartitionBatch } from '../kafka/types.js';
import { classify, taskFailed } from './errors.js';
import { SerialQueue } from './serialQueue.js';
import { StreamTask } from './streamTask.js';
import type { Stage } from './topology.js';

export interface StageRunnerOptions {
  readonly client: KafkaClient;
  readonly logger: Logger;
  /** Consumer group `<appId>-<stage>`; transactional ids `<appId>-<stage>-<topic>-<partition>`. */
  readonly appId: string;
  readonly stage: Stage;
  /** How often a task commits its open transaction (Kafka Streams under exactly-once: 100 ms). */
  readonly commitIntervalMs?: number;
  /** A task commits sooner once this many input records wait in its open transaction. */
  readonly maxRecordsPerCommit?: number;
  /** Batches the client processes at once; each goes to its own task's queue, so none waits on another. */
  readonly partitionsConsumedConcurrently?: number;
  /** How soon a killed instance's partitions move to the others. */
  readonly sessionTimeoutMs?: number;
  /** A bounded run (a backfill): per source topic and partition, the offset to stop before. */
  readonly endOffsets?: ReadonlyMap<string, ReadonlyMap<number, bigint>>;
  readonly systemTime?: () => number;
  /** Published with the group membership (issue: the instance's query address). */
  readonly userData?: Buffer;
}

export interface RunningStage {
  readonly name: string;
  /** Stop fetching, commit every task's open transaction, close, leave the group. */
  stop(): Promise<void>;
  /** Rejects when the stage fails (a task that cannot start or commit, a broker that is gone). */
  readonly failed: Promise<never>;
  /** Partitions whose tasks are running (restored and initialized). */
  runningTasks(): number[];
}

interface Entry {
  readonly task: StreamTask;
  readonly queue: SerialQueue;
  ready: Promise<boolean>;
  closed: boolean;
  commitTimer?: NodeJS.Timeout;
  wallTimer?: { readonly at: number; readonly timer: NodeJS.Timeout };
  running: boolean;
}

/**
 * One stage's member of its consumer group (Kafka Streams' StreamThread): a task per assigned partition, created
 * and restored at assignment, each with its own serial queue for batches, commits (every commitIntervalMs or at
 * the record cap) and wall-clock punctuation. The client fetches a partition again only when its batch settled.
 */
export async function startStage({
  client,
  logger,
  appId,
  stage,
  commitIntervalMs = 100,
  maxRecordsPerCommit = 10_000,
  partitionsConsumedConcurrently = 32,
  sessionTimeoutMs = 30_000,
  endOffsets,
  systemTime = Date.now,
  userData,
}: StageRunnerOptions): Promise<RunningStage> {
  const groupId = `${appId}-${stage.name}`;
  const log = logger.child({ stage: stage.name });
  const admin: ClusterAdmin = await client.admin();
  const entries = new Map<number, Entry>();
  let consumer: GroupConsumer | undefined;
  let failure: unknown;
  let stopping: Promise<void> | undefined;
  let rejectFailed: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => undefined);
  // Heartbeats are per member: any batch's will do while a task restores.
  let memberHeartbeat: () => Promise<void> = async () => {};

  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    log.error({ err: error }, 'stage failed');
    rejectFailed(error);
  };

  // A bounded topic's partition missing from the bounds (added since) has nothing to do: its end is 0.
  const bounded = stage.sources.filter((s) => endOffsets?.has(s.topic));
  const endsFor = (partition: number) => (bounded.length > 0 ? new Map(bounded.map((s) => [s.topic, endOffsets?.get(s.topic)?.get(partition) ?? 0n])) : undefined);

  const clearTimers = (entry: Entry) => {
    clearTimeout(entry.commitTimer);
    clearTimeout(entry.wallTimer?.timer);
    entry.commitTimer = undefined;
    entry.wallTimer = undefined;
  };

  /** The open transaction is aborted: its changes go with the task; the next batch starts it anew from the commit. */
  const discard = async (entry: Entry, error: unknown): Promise<'rewound'> => {
    entry.closed = true;
    clearTimers(entry);
    if (entries.get(entry.task.partition) === entry) entries.delete(entry.task.partition);
    await entry.task.close();
    for (const [topic, offset] of entry.task.committed) consumer?.seek(topic, entry.task.partition, offset);
    if (classify(error) === 'fenced') {
      log.warn({ task: entry.task.name }, 'fenced: another instance owns this task now');
      return 'rewound';
    }
    fail(taskFailed(entry.task.name, error));
    throw error;
  };

  const commit = async (entry: Entry) => {
    clearTimeout(entry.commitTimer);
    entry.commitTimer = undefined;
    await entry.task.commit();
  };

  /** Arms the commit timer (open work) and the wall-clock timer (next punctuation) of a task. */
  const arm = (entry: Entry) => {
    const { task } = entry;
    if (entry.closed || failure !== undefined) return;
    if (task.needsCommit && !entry.commitTimer) {
      task.pendingSince ??= systemTime();
      entry.commitTimer = setTimeout(() => {
        entry.commitTimer = undefined;
        void entry.queue.run(async () => {
          if (entry.closed || failure !== undefined) return;
          await commit(entry).catch((error: unknown) => discard(entry, error));
          arm(entry);
        }).catch(() => undefined);
      }, Math.max(0, task.pendingSince + commitIntervalMs - systemTime()));
    }
    const due = task.core.nextWallClockDue();
    if (due !== undefined && (!entry.wallTimer || entry.wallTimer.at > due)) {
      clearTimeout(entry.wallTimer?.timer);
      const timer = setTimeout(() => {
        entry.wallTimer = undefined;
        void entry.queue.run(async () => {
          if (entry.closed || failure !== undefined) return;
          try {
            task.core.punctuateWallClock(systemTime());
          } catch (error) {
            await discard(entry, error);
          }
          arm(entry);
        }).catch(() => undefined);
      }, Math.max(0, due - systemTime()));
      entry.wallTimer = { at: due, timer };
    }
  };

  const open = (partition: number): Entry => {
    const existing = entries.get(partition);
    if (existing) return existing;
    const ends = endsFor(partition);
    const task = new StreamTask({ client, admin, logger: log, groupId, stage, partition, systemTime, ...(ends ? { endOffsets: ends } : {}) });
    const entry: Entry = { task, queue: new SerialQueue(), ready: Promise.resolve(false), closed: false, running: false };
    entry.ready = entry.queue
      .run(async () => {
        await task.initialize(() => memberHeartbeat());
        entry.running = true;
        arm(entry);
        return true;
      })
      .catch((error: unknown) => {
        if (entries.get(partition) === entry) entries.delete(partition);
        entry.closed = true;
        fail(error);
        return false;
      });
    entries.set(partition, entry);
    return entry;
  };

  /** Commits what the task has open (a fenced commit is the new owner's to redo) and closes it. */
  const close = (entry: Entry): Promise<void> => {
    if (entry.closed) return Promise.resolve();
    entry.closed = true;
    clearTimers(entry);
    if (entries.get(entry.task.partition) === entry) entries.delete(entry.task.partition);
    return entry.queue.run(async () => {
      if (await entry.ready) {
        await entry.task.commit().catch((error: unknown) => {
          if (classify(error) === 'fenced') log.warn({ task: entry.task.name }, 'fenced while closing; the new owner redoes the open work');
          else fail(taskFailed(entry.task.name, error));
        });
      }
      await entry.task.close();
    });
  };

  const handle = async (entry: Entry, batch: PartitionBatch): Promise<'resolved' | 'rewound'> => {
    if (entry.closed || !(await entry.ready) || stopping || failure !== undefined) return 'rewound';
    const { task } = entry;
    const { topic, partition } = batch;
    const end = task.endOf(topic);
    const position = task.position.get(topic) ?? 0n;
    if (end !== undefined && position >= end) {
      consumer?.pause(topic, partition);
      return 'resolved';
    }
    // The client's position ahead of ours (after a failed or fenced transaction, a rebalance): processing this
    // batch would commit past records never processed. Go back instead.
    if (batch.fetchedOffset > position) {
      const low = (await admin.startOffsets(topic)).get(partition) ?? 0n;
      if (batch.fetchedOffset > low) {
        log.warn({ task: task.name, topic, fetched: String(batch.fetchedOffset), position: String(position) }, 'fetch position ahead of the processed offset; rewinding');
        consumer?.seek(topic, partition, position);
        return 'rewound';
      }
      // The fetch starts at the log start: retention deleted the records in between before they were processed.
      log.warn({ task: task.name, topic, from: String(position), to: String(low), lost: String(low - position) }, 'records deleted by retention before they were processed');
    }
    try {
      // A fetch may hold more records than one transaction takes: commit at the cap, mid-batch.
      const { records } = batch;
      for (let i = 0; i < records.length; ) {
        const room = Math.max(1, maxRecordsPerCommit - task.core.pendingRecords);
        const chunk = records.length - i <= room ? (i === 0 ? records : records.slice(i)) : records.slice(i, i + room);
        i += chunk.length;
        await task.process(topic, chunk, i >= records.length ? batch.lastOffset : chunk[chunk.length - 1]!.offset);
        const due = task.pendingSince !== undefined && systemTime() - task.pendingSince >= commitIntervalMs;
        if (due || task.core.pendingRecords >= maxRecordsPerCommit) {
          await commit(entry);
          if (i < records.length) await batch.heartbeat();
        }
      }
    } catch (error) {
      return discard(entry, error);
    }
    if (end !== undefined && (task.position.get(topic) ?? 0n) >= end) consumer?.pause(topic, partition);
    arm(entry);
    return 'resolved';
  };

  const onBatch = async (batch: PartitionBatch): Promise<'resolved' | 'rewound'> => {
    memberHeartbeat = batch.heartbeat;
    // After a failure nothing more is processed: rejecting keeps the client's position, so nothing is skipped.
    if (failure !== undefined) throw failure;
    if (stopping) return 'rewound';
    const entry = open(batch.partition);
    // Keeps the membership alive while the batch waits for a restore or a commit in its task's queue.
    const ticker = setInterval(() => void batch.heartbeat(), 2_000);
    try {
      return await entry.queue.run(() => handle(entry, batch));
    } finally {
      clearInterval(ticker);
    }
  };

  const onAssignment = (assignment: Assignment) => {
    const partitions = new Set(stage.sources.flatMap((s) => assignment.get(s.topic) ?? []));
    log.info({ partitions: [...partitions].sort((a, b) => a - b) }, 'partitions assigned');
    for (const [partition, entry] of entries) {
      if (partitions.has(partition)) continue;
      log.info({ partition }, 'partition revoked');
      void close(entry);
    }
    if (!stopping && failure === undefined) for (const partition of partitions) open(partition);
  };

  try {
    consumer = await client.groupConsumer({
      groupId,
      topics: stage.sources.map((s) => s.topic),
      partitionsConsumedConcurrently,
      sessionTimeoutMs,
      onBatch,
      onAssignment,
      ...(userData ? { userData } : {}),
    });
  } catch (error) {
    await admin.close();
    throw error;
  }

  return {
    name: stage.name,
    failed,
    runningTasks: () => [...entries.values()].filter((e) => e.running && !e.closed).map((e) => e.task.partition).sort((a, b) => a - b),
    stop() {
      stopping ??= (async () => {
        for (const partition of entries.keys()) for (const s of stage.sources) consumer?.pause(s.topic, partition);
        await Promise.all([...entries.values()].map((e) => close(e)));
        await consumer?.stop();
        await admin.close();
      })();
      return stopping;
    },
  };
}
