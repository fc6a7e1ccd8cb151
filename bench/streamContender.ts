/**
 * One contender of `npm run bench:stream`, in a process of its own so that its CPU time and peak RSS are its own
 * (the harness reads them from /proc). Connects to KAFKA_BROKERS / SCHEMA_REGISTRY_URL, runs until SIGTERM, and
 * prints `READY` once it has joined its groups.
 *
 *   node dist/bench/streamContender.js leadstream  <app-id> <raw-topic> <topics-suffix> [ingest|aggregate]
 *   node dist/bench/streamContender.js pass-plain  <app-id> <raw-topic> <out-topic>
 *   node dist/bench/streamContender.js pass-eos    <app-id> <raw-topic> <out-topic>
 */
import { loadConfig } from '../src/cli/config.js';
import { contextFor } from '../src/cli/context.js';
import type { ConsumedRecord } from '../src/kafka/types.js';
import { startPipeline } from '../src/pipeline/startPipeline.js';
import { suffixedTopics } from '../src/pipeline/topicNames.js';
import type { Processor, ProcessorContext } from '../src/runtime/api.js';
import { runTopology } from '../src/runtime/runTopology.js';
import { bytesSerde } from '../src/runtime/serde.js';
import { topology } from '../src/runtime/topology.js';
import { benchLogger as logger } from './benchStack.js';

const [mode, appId, raw, target, onlyStage] = process.argv.slice(2);
const config = loadConfig(process.env);
if (config.connection.kind !== 'external' || !mode || !appId || !raw || !target) {
  process.stderr.write('usage: KAFKA_BROKERS=… SCHEMA_REGISTRY_URL=… streamContender.js leadstream|pass-plain|pass-eos <app-id> <raw-topic> <suffix|out-topic>\n');
  process.exit(2);
}
const context = contextFor(config, logger, config.connection.brokers, config.connection.schemaRegistryUrl);

const passThrough = (): Processor<Buffer | null, Buffer | null, Buffer | null, Buffer | null> => {
  let ctx: ProcessorContext<Buffer | null, Buffer | null>;
  return { init: (c) => void (ctx = c), process: (record) => ctx.forward(record) };
};

async function start(): Promise<() => Promise<void>> {
  switch (mode) {
    case 'leadstream': {
      const commitIntervalMs = process.env['BENCH_COMMIT_INTERVAL_MS'] ? Number(process.env['BENCH_COMMIT_INTERVAL_MS']) : undefined;
      const running = await startPipeline({ client: context.kafka, registry: context.registry, logger, appId: appId!, topics: { ...suffixedTopics(target!), raw: raw! }, stages: onlyStage === 'ingest' || onlyStage === 'aggregate' ? [onlyStage] : ['ingest', 'aggregate'], ...(commitIntervalMs ? { commitIntervalMs } : {}) });
      return () => running.stop();
    }
    case 'pass-eos': {
      const copy = topology()
        .stage('copy', (s) => s.source('raw', { topic: raw!, key: bytesSerde, value: bytesSerde }).processor('copy', passThrough, { parents: ['raw'] }).sink('out', { topic: target!, key: bytesSerde, value: bytesSerde, parents: ['copy'] }))
        .build();
      const running = await runTopology({ client: context.kafka, logger, appId: appId!, topology: copy });
      return () => running.stop();
    }
    case 'pass-plain': {
      // The floor without transactions: an idempotent producer, no offsets committed (the harness counts the copies).
      const producer = await context.kafka.producer();
      const consumer = await context.kafka.groupConsumer({
        groupId: `${appId}-copy`,
        topics: [raw!],
        partitionsConsumedConcurrently: 6,
        onAssignment: () => {},
        onBatch: async (b) => {
          await producer.send(b.records.map((r: ConsumedRecord) => ({ topic: target!, key: r.key, value: r.value, timestamp: r.timestamp })));
          return 'resolved';
        },
      });
      return async () => {
        await consumer.stop();
        await producer.close();
      };
    }
    default:
      throw new Error(`unknown contender ${mode}`);
  }
}

try {
  const stop = await start();
  process.stdout.write('READY\n');
  process.once('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
} catch (error) {
  process.stderr.write(`streamContender ${mode}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
