import { setTimeout as sleep } from 'node:timers/promises';
import { commitError, toClientError } from './errors.js';
import { eosManagerOf } from './kafkajsPatches.js';
import type { Kafka, Message } from './kafkajs.js';
import type { ProducedRecord, Transaction, TransactionalProducer } from './types.js';

/** Records grouped per topic, as kafkajs's sendBatch takes them. */
export function byTopic(records: readonly ProducedRecord[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const r of records) {
    let list = topics.get(r.topic);
    if (!list) topics.set(r.topic, (list = []));
    const message: Message = { key: r.key, value: r.value };
    if (r.partition !== undefined) message.partition = r.partition;
    if (r.timestamp !== undefined) message.timestamp = String(r.timestamp);
    list.push(message);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}

/** Entries grouped by topic, in first-seen order, each mapped as the kafkajs request wants its partitions. */
function perTopic<E extends { readonly topic: string }, P>(entries: readonly E[], partition: (entry: E) => P): { topic: string; partitions: P[] }[] {
  const topics = new Map<string, P[]>();
  for (const entry of entries) {
    let list = topics.get(entry.topic);
    if (!list) topics.set(entry.topic, (list = []));
    list.push(partition(entry));
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

const sizeOf = (r: ProducedRecord): number => (r.value?.length ?? 0) + (r.key?.length ?? 0) + 64;

/**
 * Records in requests of at most `maxRequestBytes`: the broker refuses a partition's batch over its
 * max.message.bytes (1 MiB by default), and a commit's outputs (large DLQ records included) easily pass that.
 */
export function sizeBounded(records: readonly ProducedRecord[], maxRequestBytes: number): ProducedRecord[][] {
  const requests: ProducedRecord[][] = [];
  let current: ProducedRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = sizeOf(r);
    if (current.length > 0 && bytes + size > maxRequestBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * A transactional, idempotent producer. The broker answers CONCURRENT_TRANSACTIONS while the previous commit's
 * markers are written; kafkajs's default first retry waits 300 ms, which would cap a task at ~3 commits/s.
 */
export async function connectTransactionalProducer(
  kafka: Kafka,
  {
    transactionalId,
    initialRetryTimeMs = 20,
    maxRetryTimeMs = 2_000,
    transactionTimeoutMs = 60_000,
    maxRequestBytes = 512 * 1024,
    closeTimeoutMs = 5_000,
  }: { transactionalId: string; initialRetryTimeMs?: number; maxRetryTimeMs?: number; transactionTimeoutMs?: number; maxRequestBytes?: number; closeTimeoutMs?: number },
): Promise<TransactionalProducer> {
  const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout: transactionTimeoutMs, retry: { initialRetryTime: initialRetryTimeMs, maxRetryTime: maxRetryTimeMs } });
  await producer.connect().catch((error: unknown) => {
    throw toClientError(error, `connecting producer ${transactionalId}`);
  });
  const wrap = async (what: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      throw toClientError(error, `${transactionalId}: ${what}`);
    }
  };
  return {
    async begin(): Promise<Transaction> {
      // kafkajs sends the fencing InitProducerId at the first transaction(), not at connect().
      const tx = await producer.transaction().catch((error: unknown) => {
        throw toClientError(error, `${transactionalId}: beginning a transaction`);
      });
      return {
        send: (records) =>
          wrap('sending', async () => {
            for (const request of sizeBounded(records, maxRequestBytes)) await tx.sendBatch({ acks: -1, topicMessages: byTopic(request) });
          }),
        addPartitions: (partitions) =>
          wrap('adding partitions', async () => {
            const manager = eosManagerOf(transactionalId);
            if (!manager) throw new Error('kafkajs made no transaction manager for this producer');
            const topics = perTopic(partitions, ({ partition }) => ({ partition }));
            // The coordinator answers CONCURRENT_TRANSACTIONS while the previous transaction's markers are written.
            for (let attempt = 0; ; attempt += 1) {
              try {
                return await manager.addPartitionsToTransaction(topics);
              } catch (error) {
                if ((error as { type?: unknown }).type !== 'CONCURRENT_TRANSACTIONS' || attempt >= 200) throw error;
                await sleep(Math.min(500, 20 * 2 ** Math.min(attempt, 5)));
              }
            }
          }),
        sendOffsets: (groupId, offsets) =>
          wrap('sending offsets', () =>
            tx.sendOffsets({
              consumerGroupId: groupId,
              topics: perTopic(offsets, (o) => ({ partition: o.partition, offset: String(o.offset), ...(o.metadata !== undefined ? { metadata: o.metadata } : {}) })),
            }),
          ),
        commit: () =>
          tx.commit().catch((error: unknown) => {
            throw commitError(error, `${transactionalId}: committing`);
          }),
        abort: () => wrap('aborting', () => tx.abort()),
      };
    },
    // Everything that mattered is committed or will be fenced: a disconnect stuck on a dead connection (kafkajs waits
    // out its request timeout) must not hold a stopping process past its deadline.
    close: () => Promise.race([producer.disconnect().catch(() => undefined), sleep(closeTimeoutMs, undefined, { ref: false })]).then(() => undefined),
  };
}
