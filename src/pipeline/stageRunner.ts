import { Subject, bufferCount, concatMap, from, groupBy, lastValueFrom, mergeMap, defaultIfEmpty, type Subscription } from 'rxjs';
import type { Logger } from 'pino';
import { captureStartOffsets } from '../kafka/endOffsets.js';
import { startBatchConsumer, type BatchConsumer, type FetchedBatch } from '../kafka/batchConsumer.js';
import type { Admin, Kafka } from '../kafka/kafkajs.js';
import { FencedError, PartitionTask, type PartitionProcessor } from '../kafka/partitionTask.js';

export interface StageOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly appId: string;
  readonly stage: string;
  readonly inputTopic: string;
  readonly processorFor: (partition: number) => PartitionProcessor;
  /** Input partitions processed concurrently (default 6). */
  readonly concurrency?: number;
  /** Records per transaction at most (default 2,000). */
  readonly maxBatch?: number;
  /** Group session timeout (default 30 s): how soon a killed instance's partitions move. */
  readonly sessionTimeoutMs?: number;
  /** A bounded run (a backfill): per partition, the offset to stop before; the partition then pauses. */
  readonly endOffsets?: ReadonlyMap<number, bigint>;
}

export interface RunningStage {
  /** Stop fetching, finish and commit in-flight batches, disconnect. */
  stop(): Promise<void>;
  /** Rejects when the stage fails (a record that cannot be written, a broker that is gone). */
  readonly failed: Promise<never>;
}

interface Work {
  readonly batch: FetchedBatch;
  readonly settle: (outcome: { ok: 'done' | 'rewound' } | { error: unknown }) => void;
}

/**
 * RxJS as glue only: batches grouped by partition (bounded: one group per partition, never per customer),
 * concatMap keeps each partition in order, mergeMap bounds concurrency across partitions, bufferCount cuts a
 * fetched batch into transactions. kafkajs does not fetch a partition again until its batch has settled.
 */
export async function startStage(options: StageOptions): Promise<RunningStage> {
  const groupId = `${options.appId}-${options.stage}`;
  const log = options.logger.child({ stage: options.stage, topic: options.inputTopic });
  const admin: Admin = options.kafka.admin();
  await admin.connect();
  const tasks = new Map<number, Promise<PartitionTask>>();
  const work$ = new Subject<Work>();
  // Assigned once the group is joined; `handle` may run before startBatchConsumer returns, hence not a const.
  // eslint-disable-next-line prefer-const
  let consumer: BatchConsumer | undefined;
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);

  const taskFor = (partition: number, heartbeat: () => Promise<void>): Promise<PartitionTask> => {
    let task = tasks.get(partition);
    if (!task) {
      const started = Date.now();
      const created = new PartitionTask({
        kafka: options.kafka,
        admin,
        groupId,
        topic: options.inputTopic,
        partition,
        transactionalId: `${groupId}-${options.inputTopic}-${partition}`,
        processor: options.processorFor(partition),
      });
      task = created.open(heartbeat).then(() => {
        log.info({ partition, offset: String(created.nextOffset), seconds: (Date.now() - started) / 1000 }, 'partition opened');
        return created;
      });
      tasks.set(partition, task);
    }
    return task;
  };
  const closeTask = async (partition: number, dirty: boolean) => {
    const task = tasks.get(partition);
    tasks.delete(partition);
    await (await task?.catch(() => undefined))?.close(dirty);
  };
  // The batch in flight per partition: a revoked partition's transaction finishes (commits, or is fenced by the
  // new owner) before its producer closes; closing under it would fail the stage and leave the transaction open.
  const inFlight = new Map<number, Promise<void>>();
  const revoke = async (partition: number) => {
    await inFlight.get(partition);
    await closeTask(partition, false);
  };

  let stageFailed = false;
  const handle = async ({ batch }: Work): Promise<'done' | 'rewound'> => {
    // After a failure nothing more is processed: a later batch would commit past the failed one's records.
    if (stageFailed) throw new Error('the stage has failed; not processing further batches');
    const task = await taskFor(batch.partition, batch.heartbeat);
    // A bounded run knows every partition's end; one added since has nothing to do (its end is its start).
    const end = options.endOffsets ? (options.endOffsets.get(batch.partition) ?? 0n) : undefined;
    if (end !== undefined && task.nextOffset >= end) {
      consumer?.pause(batch.partition);
      return 'done';
    }
    // kafkajs's position ahead of our committed offset (after a failed or fenced batch, a rebalance): processing
    // this batch would commit past records never processed. Go back instead.
    if (batch.fetchedOffset > task.nextOffset) {
      const low = (await captureStartOffsets(admin, options.inputTopic)).get(batch.partition) ?? 0n;
      if (batch.fetchedOffset > low) {
        log.warn({ partition: batch.partition, fetched: String(batch.fetchedOffset), committed: String(task.nextOffset) }, 'fetch position ahead of the committed offset; rewinding');
        consumer?.rewind(batch.partition, task.nextOffset);
        return 'rewound';
      }
      // The fetch starts at the log start: retention deleted the records in between before they were processed.
      log.warn({ partition: batch.partition, from: String(task.nextOffset), to: String(low), lost: String(low - task.nextOffset) }, 'records deleted by retention before they were processed');
    }
    const messages = end === undefined ? batch.messages : batch.messages.filter((m) => BigInt(m.offset) < end);
    const lastOffset = end !== undefined && batch.lastOffset >= end ? end - 1n : batch.lastOffset;
    const size = options.maxBatch ?? 2_000;
    const lastChunk = Math.ceil(messages.length / size) - 1;
    const chunks = from(messages).pipe(
      bufferCount(size),
      concatMap(async (chunk, i) => {
        const done = await task.run(chunk, i === lastChunk ? lastOffset : undefined);
        await batch.heartbeat();
        return done;
      }),
      defaultIfEmpty(0),
    );
    try {
      await lastValueFrom(chunks);
      return 'done';
    } catch (error) {
      // The transaction is aborted: drop what it changed, go back to the last commit, start the task anew.
      await closeTask(batch.partition, true);
      if (error instanceof FencedError) {
        log.warn({ partition: batch.partition }, error.message);
        return 'rewound';
      }
      consumer?.rewind(batch.partition, task.nextOffset);
      throw error;
    }
  };

  const subscription: Subscription = work$
    .pipe(
      groupBy((w) => w.batch.partition),
      mergeMap(
        (partition$) =>
          partition$.pipe(
            concatMap((w) => {
              const settled = handle(w)
                .then((ok) => w.settle({ ok }), (error: unknown) => w.settle({ error }))
                .finally(() => inFlight.get(w.batch.partition) === settled && inFlight.delete(w.batch.partition));
              inFlight.set(w.batch.partition, settled);
              return from(settled);
            }),
          ),
        options.concurrency ?? 6,
      ),
    )
    .subscribe();

  consumer = await startBatchConsumer({
    kafka: options.kafka,
    groupId,
    topic: options.inputTopic,
    concurrency: options.concurrency ?? 6,
    ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
    onBatch: (batch) =>
      new Promise<'done' | 'rewound'>((resolve, reject) => work$.next({ batch, settle: (o) => ('ok' in o ? resolve(o.ok) : reject(o.error)) })).catch((error: unknown) => {
        if (!stageFailed) log.error({ err: error, partition: batch.partition }, 'batch failed; stopping the stage');
        stageFailed = true;
        fail(error);
        // Rejecting keeps kafkajs from resolving the batch: its position stays, no later batch commits past it.
        throw error;
      }),
    onAssignment: (partitions) => {
      const assigned = new Set(partitions);
      log.info({ partitions }, 'partitions assigned');
      for (const partition of [...tasks.keys()]) {
        if (!assigned.has(partition)) {
          log.info({ partition }, 'partition revoked');
          void revoke(partition);
        }
      }
    },
  });

  return {
    failed,
    async stop() {
      await consumer?.disconnect();
      subscription.unsubscribe();
      work$.complete();
      await Promise.all([...tasks.keys()].map((p) => revoke(p)));
      await admin.disconnect();
    },
  };
}
