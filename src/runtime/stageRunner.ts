import type { Logger } from 'pino';
import type { Assignment, ClusterAdmin, GroupConsumer, KafkaClient, PartitionBatch } from '../kafka/types.js';
import { StreamsError, taskTimedOut } from './errors.js';
import type { RuntimeObserver } from './observer.js';
import { settleWithin } from './settleWithin.js';
import { StreamTask } from './streamTask.js';
import { TaskHandle } from './taskHandle.js';
import type { Stage } from './topology.js';
import type { KeyValueStore } from '../state/keyValueStore.js';

/** Bounds of a stop's phases: together well inside the 60 s a stopping process is given (cli/main.ts). */
const STOP_PHASE_MS = { tasks: 25_000, group: 15_000, admin: 5_000 } as const;

/** Kafka Streams' task.timeout.ms default. */
export const DEFAULT_TASK_TIMEOUT_MS = 300_000;

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
  /** How long a task may keep failing transiently (no commit) before the stage fails (Kafka Streams' task.timeout.ms). */
  readonly taskTimeoutMs?: number;
  /** A bounded run (a backfill): per source topic and partition, the offset to stop before. */
  readonly endOffsets?: ReadonlyMap<string, ReadonlyMap<number, bigint>>;
  readonly systemTime?: () => number;
  /** Published with the group membership (e.g. the address this instance answers queries on). */
  readonly userData?: Buffer;
  /** Per sink topic, the largest record it takes (its max.message.bytes): larger outputs become dead letters. */
  readonly limits?: ReadonlyMap<string, number>;
  /** Told of every commit and restore (metrics). */
  readonly observer?: RuntimeObserver;
  /** The topology's global stores the stage reads, bootstrapped (runTopology starts them). */
  readonly globals?: ReadonlyMap<string, KeyValueStore<unknown, unknown>>;
  /** A task busy with one job this long is logged as a warning, naming the job and its step (a hang is visible). */
  readonly stuckAfterMs?: number;
}

export interface RunningStage {
  readonly name: string;
  /** Stop fetching, commit every task's open transaction, close, leave the group. */
  stop(): Promise<void>;
  /** Rejects when the stage fails (a task that cannot start or commit, a broker that is gone). */
  readonly failed: Promise<never>;
  /** Partitions whose tasks are running (restored and initialized). */
  runningTasks(): number[];
  /** The partitions of the last assignment; undefined before the first. */
  assignedPartitions(): number[] | undefined;
  /** A running task's store, for reads (live queries, metrics); undefined when this member does not run it. */
  store(partition: number, name: string): ReadonlyStore | undefined;
}

/** A store as others may see it: reads only. */
export type ReadonlyStore = Pick<KeyValueStore<unknown, unknown>, 'get' | 'size' | 'entries'>;

/**
 * One stage's member of its consumer group (Kafka Streams' StreamThread): a task per assigned partition, made and
 * restored at assignment, each with its own queue (taskHandle.ts). The client fetches a partition again only when
 * its batch settled; since no batch waits on another task, any number of partitions progresses.
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
  taskTimeoutMs = DEFAULT_TASK_TIMEOUT_MS,
  endOffsets,
  systemTime = Date.now,
  userData,
  limits,
  observer,
  stuckAfterMs = 60_000,
  globals,
}: StageRunnerOptions): Promise<RunningStage> {
  const groupId = `${appId}-${stage.name}`;
  const log = logger.child({ stage: stage.name });
  const admin: ClusterAdmin = await client.admin();
  const handles = new Map<number, TaskHandle>();
  let consumer: GroupConsumer | undefined;
  let failure: unknown;
  let stopping: Promise<void> | undefined;
  let rejectFailed: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => undefined);
  // Heartbeats are per member: any batch's will do while a task restores.
  let memberHeartbeat: () => Promise<void> = async () => {};
  let assigned = new Set<number>();
  let everAssigned = false;
  // Per partition: when its task began failing transiently without a commit since, and how often it was retried.
  const failing = new Map<number, { since: number; attempts: number }>();
  const deps = {
    admin,
    consumer: () => consumer,
    logger: log,
    systemTime,
    commitIntervalMs,
    maxRecordsPerCommit,
    failed: () => failure !== undefined,
    fail(error: unknown) {
      if (failure !== undefined) return;
      failure = error;
      log.error({ err: error }, 'stage failed');
      rejectFailed(error);
    },
    retry(partition: number, error: unknown) {
      const now = systemTime();
      const state = failing.get(partition) ?? { since: now, attempts: 0 };
      state.attempts += 1;
      failing.set(partition, state);
      const task = `${stage.name}-${partition}`;
      if (now - state.since >= taskTimeoutMs) return deps.fail(taskTimedOut(task, taskTimeoutMs, error));
      const backoffMs = Math.min(10_000, 100 * 2 ** Math.min(state.attempts - 1, 10));
      log.warn({ task, error: error instanceof Error ? error.message : String(error), attempt: state.attempts, backoffMs }, 'transient failure; the task starts again from its last commit');
      if (stopping || failure !== undefined || !assigned.has(partition)) return;
      open(partition, backoffMs);
    },
    progressed: (partition: number) => void failing.delete(partition),
  };
  // A bounded topic's partition missing from the bounds (added since) has nothing to do: its end is 0.
  const bounded = stage.sources.filter((s) => endOffsets?.has(s.topic));
  const endsFor = (partition: number) => (bounded.length > 0 ? new Map(bounded.map((s) => [s.topic, endOffsets?.get(s.topic)?.get(partition) ?? 0n])) : undefined);

  const open = (partition: number, delayMs = 0): TaskHandle => {
    const existing = handles.get(partition);
    if (existing && !existing.closed) return existing;
    const ends = endsFor(partition);
    const task = new StreamTask({ client, admin, logger: log, groupId, stage, partition, systemTime, ...(ends ? { endOffsets: ends } : {}), ...(limits ? { limits } : {}), ...(observer ? { observer } : {}), ...(globals ? { globals } : {}) });
    const handle = new TaskHandle(task, deps, () => memberHeartbeat(), delayMs);
    handles.set(partition, handle);
    return handle;
  };

  const onBatch = async (batch: PartitionBatch): Promise<'resolved' | 'rewound'> => {
    memberHeartbeat = batch.heartbeat;
    // After a failure nothing more is processed: rejecting keeps the client's position, so nothing is skipped.
    if (failure !== undefined) throw failure;
    if (stopping) return 'rewound';
    // Keeps the membership alive while the batch waits for a restore or a commit in its task's queue.
    const ticker = setInterval(() => void batch.heartbeat(), 2_000);
    try {
      return await open(batch.partition).handle(batch);
    } finally {
      clearInterval(ticker);
    }
  };

  const onAssignment = (assignment: Assignment) => {
    const partitions = new Set(stage.sources.flatMap((s) => assignment.get(s.topic) ?? []));
    assigned = partitions;
    everAssigned = true;
    log.info({ partitions: [...partitions].sort((a, b) => a - b) }, 'partitions assigned');
    for (const [partition, handle] of handles) {
      if (partitions.has(partition)) continue;
      log.info({ partition }, 'partition revoked');
      handles.delete(partition);
      void handle.close();
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
      onLag: (topic, partition, lag) => handles.get(partition)?.task.noteLag(topic, lag),
      onSkip: (topic, partition, first, last) => handles.get(partition)?.stepOver(topic, first, last),
      // The client stopped retrying its membership: a silent, idle member is worse than a failed process.
      onGiveUp: (error) => deps.fail(new StreamsError('CLIENT_GAVE_UP', `the Kafka client gave up on group ${groupId}: ${error instanceof Error ? error.message : String(error)}`, false, error)),
      ...(userData ? { userData } : {}),
    });
  } catch (error) {
    await admin.close();
    throw error;
  }

  // A task waiting on the cluster holds its partition, and (the client settles a fetch only when all of its batches
  // have) its fetch's other partitions: say which task waits on what.
  const busyTasks = (olderThanMs: number) => {
    const now = systemTime();
    return [...handles.values()].flatMap(({ busy, task }) =>
      busy && now - busy.since >= olderThanMs ? [{ task: task.name, job: busy.job, step: task.step ?? busy.job, seconds: Math.round((now - busy.since) / 1000) }] : [],
    );
  };
  const watchdog = setInterval(() => {
    for (const busy of busyTasks(stuckAfterMs)) log.warn(busy, 'task busy for long, waiting on the cluster');
  }, Math.max(1_000, Math.floor(stuckAfterMs / 2)));
  watchdog.unref();
  // A stop must end (a supervisor's kill follows): each phase gets a bound, and what it left behind is said. Open
  // work not committed in time is the next owner's to redo, as after a crash; leaving the group is a courtesy.
  const withinBound = async (phase: string, ms: number, work: Promise<unknown>) => {
    if (!(await settleWithin(ms, work))) log.warn({ phase, seconds: ms / 1000, busy: busyTasks(0) }, 'stopping: a phase did not finish in time; going on');
  };

  return {
    name: stage.name,
    failed,
    runningTasks: () => [...handles.values()].filter((h) => h.running && !h.closed).map((h) => h.task.partition).sort((a, b) => a - b),
    assignedPartitions: () => (everAssigned ? [...assigned].sort((a, b) => a - b) : undefined),
    store(partition, name) {
      const handle = handles.get(partition);
      if (!handle || !handle.running || handle.closed) return undefined;
      return handle.task.core.stores.get(name);
    },
    stop() {
      stopping ??= (async () => {
        for (const partition of handles.keys()) for (const s of stage.sources) consumer?.pause(s.topic, partition);
        await withinBound('committing and closing tasks', STOP_PHASE_MS.tasks, Promise.all([...handles.values()].map((h) => h.close())));
        await withinBound('leaving the group', STOP_PHASE_MS.group, consumer?.stop() ?? Promise.resolve());
        await withinBound('closing the admin client', STOP_PHASE_MS.admin, admin.close());
        clearInterval(watchdog);
      })();
      return stopping;
    },
  };
}
