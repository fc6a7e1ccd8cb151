/**
 * `npm run bench:pipeline`: the Kafka pipeline on the embedded broker (or KAFKA_BROKERS / SCHEMA_REGISTRY_URL),
 * everything in one run so the figures sit side by side:
 *  1. throughput: N simulated leads preloaded on 6 raw partitions, both stages exactly once from a cold start,
 *     leads/s until both groups have committed everything;
 *  2. latency: new customers' leads at a steady rate, raw append (producer ack) → progression visible to a
 *     read_committed consumer, p50 / p99;
 *  3. restore: 100 k and 1 M customers in customers.v1, time to restore all 6 partitions in parallel (as the
 *     stage does) and heap per restored customer.
 * Sizes: BENCH_LEADS (200000), BENCH_RATE (1000 leads/s), BENCH_SECONDS (20), BENCH_RESTORE (100000,1000000).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Context } from '../src/cli/context.js';
import { progressionFromAvro } from '../src/codecs/avroMappers.js';
import type { FunnelProgressedRecord } from '../src/codecs/avroRecords.js';
import { formatEnvelope } from '../src/codecs/envelope.js';
import { groupProgress } from '../src/kafka/groupProgress.js';
import { produceEnvelopes } from '../src/load/produceEnvelopes.js';
import { startPipeline } from '../src/pipeline/startPipeline.js';
import { suffixedTopics, type TopicNames } from '../src/pipeline/topicNames.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';
import { suffixedDefinitions } from '../topics/index.js';
import { benchContext, lastDay, benchLogger as logger, printTable, say } from './benchStack.js';
import { offeredLoad } from './offeredLoad.js';
import { benchCommand, whole, wholeList } from './benchCli.js';
import { restoreBench } from './restoreBench.js';

const settings = benchCommand('bench:pipeline', 'the Kafka pipeline on the embedded broker (or KAFKA_BROKERS / SCHEMA_REGISTRY_URL): throughput, latency, restore', {
  BENCH_LEADS: whole(200_000, 'preloaded leads for the throughput run'),
  BENCH_RATE: whole(1_000, 'leads/s offered for the latency run'),
  BENCH_SECONDS: whole(20, 'length of the latency run (0: none)', 0),
  BENCH_RESTORE: wholeList([100_000, 1_000_000], 'customers to restore, one run each'),
});
const { BENCH_LEADS: LEADS, BENCH_RATE: RATE, BENCH_SECONDS: SECONDS, BENCH_RESTORE: RESTORE } = settings;
const rows: [string, string, string][] = [];

async function topology(context: Context): Promise<TopicNames> {
  const suffix = `bench-${randomBytes(4).toString('hex')}`;
  const admin = await context.kafka.admin();
  await admin.applyTopics(suffixedDefinitions(suffix));
  await admin.close();
  return suffixedTopics(suffix);
}

/** Until both groups have committed everything (a transactional topic keeps one commit marker per partition). */
async function caughtUp(context: Context, appId: string, topics: TopicNames): Promise<void> {
  const admin = await context.kafka.admin();
  try {
    for (;;) {
      const [ingest, aggregate] = await Promise.all([groupProgress(admin, `${appId}-ingest`, topics.raw), groupProgress(admin, `${appId}-aggregate`, topics.keyed)]);
      if (ingest.lag === 0n && ingest.committed > 0n && aggregate.committed > 0n && aggregate.recordLag === 0n) return;
      await delay(100);
    }
  } finally {
    await admin.close();
  }
}

async function throughput(context: Context): Promise<void> {
  const topics = await topology(context);
  say(`throughput: producing ${LEADS} simulated leads to ${topics.raw} (6 partitions)...`);
  async function* lines() {
    for (const e of generateEnvelopes({ leads: LEADS, customers: Math.round(LEADS / 5), seed: 7, ...lastDay(LEADS) })) yield formatEnvelope({ ...e, key: null });
  }
  const produceStarted = performance.now();
  await produceEnvelopes(context.kafka, { topic: topics.raw, lines: lines() });
  const produceSeconds = (performance.now() - produceStarted) / 1000;
  const appId = `bench-${randomUUID().slice(0, 8)}`;
  const started = performance.now();
  const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger, appId, topics, stages: ['ingest', 'aggregate'] });
  await caughtUp(context, appId, topics);
  const seconds = (performance.now() - started) / 1000;
  await pipeline.stop();
  rows.push(['produce raw (idempotent, acks=all)', `${Math.round(LEADS / produceSeconds).toLocaleString('en-US')} leads/s`, `${LEADS} leads in ${produceSeconds.toFixed(1)} s`]);
  rows.push(['ingest + aggregate, exactly once, 6 partitions', `${Math.round(LEADS / seconds).toLocaleString('en-US')} leads/s`, `${LEADS} leads in ${seconds.toFixed(1)} s from cold start, commit interval 100 ms`]);
}

async function latency(context: Context): Promise<void> {
  const topics = await topology(context);
  const appId = `bench-${randomUUID().slice(0, 8)}`;
  const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger, appId, topics, stages: ['ingest', 'aggregate'] });
  const seenAt = new Map<string, number>();
  const follower = await context.kafka.follow({
    topics: [topics.progression],
    fromBeginning: true,
    maxWaitTimeMs: 50,
    onBatch: async (_t, _p, records) => {
      const now = performance.now();
      for (const m of records) seenAt.set(progressionFromAvro((await context.registry.decode(m.value!)) as FunnelProgressedRecord).customerId, now);
    },
  });
  const producer = await context.kafka.producer();
  say(`latency: ${RATE} new-customer leads/s for ${SECONDS} s...`);
  const l = await offeredLoad(producer, topics.raw, seenAt, RATE, SECONDS);
  await producer.close();
  await follower.stop();
  await pipeline.stop();
  rows.push(['latency raw append → progression visible', `p50 ${l.p50.toFixed(0)} ms, p99 ${l.p99.toFixed(0)} ms`, `${l.total} leads at ${RATE}/s, max ${l.max.toFixed(0)} ms, commit interval 100 ms${l.missing ? `, ${l.missing} NOT SEEN` : ''}`]);
}

async function restore(context: Context, customers: number): Promise<void> {
  const topics = await topology(context);
  say(`restore: writing ${customers} customer views to ${topics.customers}...`);
  const { seconds, bytesPerCustomer } = await restoreBench(context, topics, customers);
  rows.push([`restore ${customers.toLocaleString('en-US')} customers (6 partitions)`, `${seconds.toFixed(1)} s`, `${Math.round(customers / seconds).toLocaleString('en-US')} customers/s; heap ${bytesPerCustomer === undefined ? '(run with --expose-gc for exact heap)' : `${Math.round(bytesPerCustomer)} B/customer`}`]);
}

const { context, stop } = await benchContext();
try {
  await throughput(context);
  await latency(context);
  for (const n of RESTORE) await restore(context, n);
} finally {
  await stop();
}
printTable([['measure', 'result', 'how'], ...rows]);
