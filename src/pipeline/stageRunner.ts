import { Subject, bufferCount, concatMap, from, groupBy, lastValueFrom, mergeMap, defaultIfEmpty, type Subscription } from 'rxjs';
import type { Logger } from 'pino';
import { rewind, startBatchConsumer, type FetchedBatch } from '../kafka/batchConsumer.js';
import type { Admin, Consumer, Kafka } from '../kafka/kafkajs.js';
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
}

export interface RunningStage {
  /** Stop fetching, finish and commit in-flight batches, disconnect. */
  stop(): Promise<void>;
  /** Rejects when the stage fails (a record that cannot be written, a broker that is gone). */
  readonly failed: Promise<never>;
}

interface Work {
  readonly batch: FetchedBatch;
  readonly settle: (error?: unknown) => void;
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
  let consumer: Consumer | undefined;
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

  const handle = async ({ batch }: Work): Promise<void> => {
    const task = await taskFor(batch.partition, batch.heartbeat);
    const size = options.maxBatch ?? 2_000;
    const lastChunk = Math.ceil(batch.messages.length / size) - 1;
    const chunks = from(batch.messages).pipe(
      bufferCount(size),
      concatMap(async (chunk, i) => {
        const done = await task.run(chunk, i === lastChunk ? batch.lastOffset : undefined);
        await batch.heartbeat();
        return done;
      }),
      defaultIfEmpty(0),
    );
    try {
      await lastValueFrom(chunks);
    } catch (error) {
      // The transaction is aborted: drop what it changed, go back to the last commit, start the task anew.
      await closeTask(batch.partition, true);
      if (error instanceof FencedError) {
        log.warn({ partition: batch.partition }, error.message);
        return;
      }
      if (consumer) rewind(consumer, options.inputTopic, batch.partition, task.nextOffset);
      throw error;
    }
  };

  const subscription: Subscription = work$
    .pipe(
      groupBy((w) => w.batch.partition),
      mergeMap((partition$) => partition$.pipe(concatMap((w) => from(handle(w).then(() => w.settle(), (e: unknown) => w.settle(e))))), options.concurrency ?? 6),
    )
    .subscribe();

  consumer = await startBatchConsumer({
    kafka: options.kafka,
    groupId,
    topic: options.inputTopic,
    concurrency: options.concurrency ?? 6,
    ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
    onBatch: (batch) =>
      new Promise<void>((resolve, reject) => work$.next({ batch, settle: (e) => (e === undefined ? resolve() : reject(e)) })).catch((error: unknown) => {
        log.error({ err: error, partition: batch.partition }, 'batch failed; stopping the stage');
        fail(error);
      }),
    onAssignment: (partitions) => {
      const assigned = new Set(partitions);
      log.info({ partitions }, 'partitions assigned');
      for (const partition of [...tasks.keys()]) {
        if (!assigned.has(partition)) {
          log.info({ partition }, 'partition revoked');
          void closeTask(partition, false);
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
      await Promise.all([...tasks.keys()].map((p) => closeTask(p, false)));
      await admin.disconnect();
    },
  };
}
