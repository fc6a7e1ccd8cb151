/**
 * `npm run bench:passthrough`: the floor our Kafka client sets (issue "Faster than Kafka Streams", item 2).
 * BENCH_LEADS (500,000) simulated raw leads on 6 partitions are copied, value unchanged, to another topic:
 *  1. plain: a group consumer and an idempotent producer, no transactions (at least once);
 *  2. exactly once: the runtime with a one-stage pass-through topology (a transaction per task commit, offsets in
 *     it), the same machinery as `leadstream run` without parsing or state;
 *  3. for the ratio, leadstream's own pipeline on the same input (ingest + aggregate, exactly once).
 * Each starts from the beginning of the same raw topic; one table, ratios from the same run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Context } from '../src/cli/context.js';
import { envelopeValueBytes } from '../src/codecs/envelope.js';
import { groupProgress } from '../src/kafka/groupProgress.js';
import type { ConsumedRecord } from '../src/kafka/types.js';
import { startPipeline } from '../src/pipeline/startPipeline.js';
import { suffixedTopics } from '../src/pipeline/topicNames.js';
import type { Processor, ProcessorContext } from '../src/runtime/api.js';
import { runTopology } from '../src/runtime/runTopology.js';
import { bytesSerde } from '../src/runtime/serde.js';
import { topology } from '../src/runtime/topology.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';
import { leadsRaw, suffixedDefinitions } from '../topics/index.js';
import { benchContext, lastDay, benchLogger as logger, printTable, say } from './benchStack.js';

const LEADS = Number(process.env['BENCH_LEADS'] ?? 500_000);

async function createTopic(context: Context, name: string): Promise<void> {
  const admin = await context.kafka.admin();
  await admin.applyTopics([{ ...leadsRaw, name }]);
  await admin.close();
}

async function until(context: Context, groupId: string, topic: string): Promise<void> {
  const admin = await context.kafka.admin();
  try {
    for (;;) {
      const progress = await groupProgress(admin, groupId, topic);
      if (progress.committed > 0n && progress.recordLag === 0n) return;
      await delay(100);
    }
  } finally {
    await admin.close();
  }
}

const passThrough = (): Processor<Buffer | null, Buffer | null, Buffer | null, Buffer | null> => {
  let context: ProcessorContext<Buffer | null, Buffer | null>;
  return { init: (c) => void (context = c), process: (record) => context.forward(record) };
};

async function main(): Promise<void> {
  const { context, stop } = await benchContext();
  const suffix = `pass-${randomBytes(4).toString('hex')}`;
  const topics = suffixedTopics(suffix);
  const admin = await context.kafka.admin();
  await admin.applyTopics(suffixedDefinitions(suffix));
  await admin.close();
  say(`producing ${LEADS.toLocaleString('en-US')} leads to ${topics.raw} (6 partitions)...`);
  const producer = await context.kafka.producer();
  let batch = [];
  for (const e of generateEnvelopes({ leads: LEADS, customers: Math.round(LEADS / 5), seed: 11, ...lastDay(LEADS) })) {
    batch.push({ topic: topics.raw, key: null, value: envelopeValueBytes(e), timestamp: e.timestamp });
    if (batch.length === 5_000) {
      await producer.send(batch);
      batch = [];
    }
  }
  await producer.send(batch);
  await producer.close();
  const rows: string[][] = [['contender', 'leads/s', 'seconds', 'ratio to exactly-once pass-through']];
  const results: [string, number][] = [];

  // 1. plain copy
  {
    const out = `${topics.raw}.plain`;
    await createTopic(context, out);
    const copier = await context.kafka.producer();
    let copied = 0;
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const started = performance.now();
    const consumer = await context.kafka.groupConsumer({
      groupId: `pass-plain-${randomUUID().slice(0, 8)}`,
      topics: [topics.raw],
      partitionsConsumedConcurrently: 6,
      onAssignment: () => {},
      onBatch: async (b) => {
        await copier.send(b.records.map((r: ConsumedRecord) => ({ topic: out, key: r.key, value: r.value, timestamp: r.timestamp })));
        copied += b.records.length;
        if (copied >= LEADS) done();
        return 'resolved';
      },
    });
    await finished;
    const seconds = (performance.now() - started) / 1000;
    await consumer.stop();
    await copier.close();
    results.push(['pass-through, no transactions (our client)', seconds]);
  }

  // 2. exactly-once pass-through on the runtime
  {
    const out = `${topics.raw}.eos`;
    await createTopic(context, out);
    const appId = `pass-eos-${randomUUID().slice(0, 8)}`;
    const passTopology = topology()
      .stage('copy', (s) => s.source('raw', { topic: topics.raw, key: bytesSerde, value: bytesSerde }).processor('copy', passThrough, { parents: ['raw'] }).sink('out', { topic: out, key: bytesSerde, value: bytesSerde, parents: ['copy'] }))
      .build();
    const started = performance.now();
    const running = await runTopology({ client: context.kafka, logger, appId, topology: passTopology });
    await until(context, `${appId}-copy`, topics.raw);
    const seconds = (performance.now() - started) / 1000;
    await running.stop();
    results.push(['pass-through, exactly once (runtime, one stage)', seconds]);
  }

  // 3. the pipeline itself
  {
    const appId = `pass-pipe-${randomUUID().slice(0, 8)}`;
    const started = performance.now();
    const running = await startPipeline({ client: context.kafka, registry: context.registry, logger, appId, topics, stages: ['ingest', 'aggregate'] });
    await until(context, `${appId}-ingest`, topics.raw);
    await until(context, `${appId}-aggregate`, topics.keyed);
    const seconds = (performance.now() - started) / 1000;
    await running.stop();
    results.push(['leadstream run (ingest + aggregate, exactly once)', seconds]);
  }

  const eos = results[1]![1];
  for (const [name, seconds] of results) rows.push([name, Math.round(LEADS / seconds).toLocaleString('en-US'), seconds.toFixed(1), (eos / seconds).toFixed(2)]);
  printTable(rows);
  await stop();
}

main().catch((error: unknown) => {
  say(`bench:passthrough: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
