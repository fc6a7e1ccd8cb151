import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ClusterAdmin, GroupConsumer, PartitionBatch } from '../kafka/types.js';
import { classify, taskFailed } from './errors.js';
import { fetchDecision } from './fetchPosition.js';
import { SerialQueue } from './serialQueue.js';
import type { StreamTask } from './streamTask.js';

export interface CommitPolicy {
  /** How often a task commits its open transaction. */
  readonly commitIntervalMs: number;
  /** A task commits sooner once this many input records wait in its open transaction. */
  readonly maxRecordsPerCommit: number;
}

export interface TaskHandleDeps extends CommitPolicy {
  readonly admin: ClusterAdmin;
  readonly consumer: () => GroupConsumer | undefined;
  readonly logger: Logger;
  readonly systemTime: () => number;
  /** The stage fails with this error (a task that cannot start or commit). */
  readonly fail: (error: unknown) => void;
  readonly failed: () => boolean;
  /** A transient failure closed the task: the stage starts it again after a backoff, within the task timeout. */
  readonly retry: (partition: number, error: unknown) => void;
  /** The task committed: whatever failed before is over. */
  readonly progressed: (partition: number) => void;
}

/**
 * A running task and its serial queue: batches, timed commits, wall-clock punctuations and the close run one after
 * another, so nothing of one task waits on another task. The task starts (fences, restores) as soon as it is made.
 */
export class TaskHandle {
  readonly queue = new SerialQueue();
  readonly ready: Promise<boolean>;
  closed = false;
  running = false;
  /** The job the queue runs now and since when (for the stuck-task warning). */
  busy: { readonly job: string; readonly since: number } | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  private wallTimer: { readonly at: number; readonly timer: NodeJS.Timeout } | undefined;

  constructor(
    readonly task: StreamTask,
    private readonly deps: TaskHandleDeps,
    heartbeat: () => Promise<void>,
    /** A retried task waits this long before it starts again. */
    delayMs = 0,
  ) {
    this.ready = this
      .run('starting', async () => {
        if (delayMs > 0) await sleep(delayMs);
        if (this.closed) return false;
        await task.initialize(heartbeat);
        this.running = true;
        this.arm();
        return true;
      })
      .catch((error: unknown) => {
        this.closed = true;
        if (classify(error) === 'retriable') deps.retry(task.partition, error);
        else deps.fail(error);
        return false;
      });
  }

  /** Processes a fetched batch in the task's turn; 'rewound' when the position went back instead. */
  handle(batch: PartitionBatch): Promise<'resolved' | 'rewound'> {
    return this.run('processing a batch', () => this.process(batch));
  }

  /**
   * Markers and aborted records the client stepped over move the position too, so the next commit covers them and a
   * quiet partition's committed offset reaches its end (markers trail every task start: see settleLeftovers).
   */
  stepOver(topic: string, firstOffset: bigint, lastOffset: bigint): void {
    this.later('stepping over markers', async () => {
      if (this.running) this.task.stepOver(topic, firstOffset, lastOffset);
    });
  }

  /** Commits what is open (a fenced commit is the new owner's to redo), then closes. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.clearTimers();
    return this.run('closing', async () => {
      if (await this.ready) {
        await this.task.commit().catch((error: unknown) => {
          // Whoever owns the partition next redoes the open work; only a fatal error is the stage's.
          const kind = classify(error);
          if (kind === 'fatal') this.deps.fail(taskFailed(this.task.name, error));
          // Fenced at close is a rebalance's normal course: the new owner started first.
          else if (kind === 'fenced') this.deps.logger.info({ task: this.task.name }, 'fenced while closing; the new owner redoes the open work');
          else this.deps.logger.warn({ task: this.task.name, err: error }, 'could not commit while closing; the next owner redoes the open work');
        });
      }
      await this.task.close();
    });
  }

  private async process(batch: PartitionBatch): Promise<'resolved' | 'rewound'> {
    if (this.closed || !(await this.ready) || this.deps.failed()) return 'rewound';
    const { task, deps } = this;
    const { topic, partition } = batch;
    const consumer = deps.consumer();
    const end = task.endOf(topic);
    const position = task.position.get(topic) ?? 0n;
    if (end !== undefined && position >= end) {
      consumer?.pause(topic, partition);
      return 'resolved';
    }
    if (batch.fetchedOffset > position) {
      const decision = fetchDecision(batch.fetchedOffset, position, (await deps.admin.startOffsets(topic)).get(partition) ?? 0n);
      if (decision.kind === 'rewind') {
        deps.logger.warn({ task: task.name, topic, fetched: String(batch.fetchedOffset), position: String(position) }, 'fetch position ahead of the processed offset; rewinding');
        consumer?.seek(topic, partition, position);
        return 'rewound';
      }
      if (decision.kind === 'lost-to-retention') deps.logger.warn({ task: task.name, topic, from: String(position), lost: String(decision.lost) }, 'records deleted by retention before they were processed');
    }
    try {
      await this.processInCommits(batch);
    } catch (error) {
      return this.discard(error);
    }
    if (end !== undefined && (task.position.get(topic) ?? 0n) >= end) consumer?.pause(topic, partition);
    this.arm();
    return 'resolved';
  }

  /** A fetch may hold more records than one transaction takes: commit at the cap, mid-batch. */
  private async processInCommits(batch: PartitionBatch): Promise<void> {
    const { task, deps } = this;
    const { records } = batch;
    for (let i = 0; i < records.length; ) {
      const room = Math.max(1, deps.maxRecordsPerCommit - task.core.pendingRecords);
      const chunk = i === 0 && records.length <= room ? records : records.slice(i, i + room);
      i += chunk.length;
      await task.process(batch.topic, chunk, i >= records.length ? batch.lastOffset : chunk[chunk.length - 1]!.offset);
      if (this.commitDue()) {
        await this.commit();
        if (i < records.length) await batch.heartbeat();
      }
    }
  }

  private commitDue(): boolean {
    const { task, deps } = this;
    return task.core.pendingRecords >= deps.maxRecordsPerCommit || (task.pendingSince !== undefined && deps.systemTime() - task.pendingSince >= deps.commitIntervalMs);
  }

  private async commit(): Promise<void> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    if (await this.task.commit()) this.deps.progressed(this.task.partition);
  }

  /**
   * The open transaction is aborted: its changes go with the task (a new one restores from the changelog), and the
   * position goes back to the commit. Fencing ends this task only; a transient failure starts it again (within the
   * task timeout); anything else fails the stage.
   */
  private async discard(error: unknown): Promise<'rewound'> {
    this.closed = true;
    this.clearTimers();
    await this.task.close();
    for (const [topic, offset] of this.task.committed) this.deps.consumer()?.seek(topic, this.task.partition, offset);
    const kind = classify(error);
    if (kind === 'fenced') {
      this.deps.logger.warn({ task: this.task.name }, 'fenced: another instance owns this task now');
      return 'rewound';
    }
    if (kind === 'retriable') {
      this.deps.retry(this.task.partition, error);
      return 'rewound';
    }
    this.deps.fail(taskFailed(this.task.name, error));
    throw error;
  }

  /** What the queue runs now, and since when: a job waiting on the cluster for minutes is worth a warning. */
  private run<T>(job: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.busy = { job, since: this.deps.systemTime() };
      try {
        return await work();
      } finally {
        this.busy = undefined;
      }
    });
  }

  /** In the task's turn, unless it closed or the stage failed meanwhile. */
  private later(name: string, job: () => Promise<void>): void {
    void this
      .run(name, async () => {
        if (this.closed || this.deps.failed()) return;
        await job().catch((error: unknown) => this.discard(error));
        this.arm();
      })
      .catch(() => undefined);
  }

  /** Arms the commit timer (open work) and the wall-clock timer (the next punctuation). */
  private arm(): void {
    const { task, deps } = this;
    if (this.closed || deps.failed()) return;
    if (task.needsCommit && !this.commitTimer) {
      task.pendingSince ??= deps.systemTime();
      this.commitTimer = setTimeout(() => {
        this.commitTimer = undefined;
        this.later('committing on the interval', () => this.commit());
      }, Math.max(0, task.pendingSince + deps.commitIntervalMs - deps.systemTime()));
    }
    const due = task.core.nextWallClockDue();
    if (due !== undefined && (!this.wallTimer || this.wallTimer.at > due)) {
      clearTimeout(this.wallTimer?.timer);
      const timer = setTimeout(() => {
        this.wallTimer = undefined;
        this.later('punctuating', async () => void task.core.punctuateWallClock(deps.systemTime()));
      }, Math.max(0, due - deps.systemTime()));
      this.wallTimer = { at: due, timer };
    }
  }

  private clearTimers(): void {
    clearTimeout(this.commitTimer);
    clearTimeout(this.wallTimer?.timer);
    this.commitTimer = undefined;
    this.wallTimer = undefined;
  }
}
