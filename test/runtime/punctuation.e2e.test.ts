import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTopology } from '../../src/runtime/runTopology.js';
import { tickerTopology, type TickerEvent, type TickerTopics } from '../fixtures/tickerTopology.js';
import { consumeUntil, type Received } from '../support/consume.js';
import { testContext, testLogger, uniqueName, type TestContext } from '../support/kafka.js';

const APP = fileURLToPath(new URL('../../dist/test/fixtures/tickerApp.js', import.meta.url));

async function tickerTopics(context: TestContext): Promise<TickerTopics> {
  const topics = { input: uniqueName('tick-in'), output: uniqueName('tick-out'), changelog: uniqueName('tick-state') };
  const admin = context.kafkajs.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: topics.input, numPartitions: 1 }, { topic: topics.output, numPartitions: 1 }, { topic: topics.changelog, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
  });
  await admin.disconnect();
  return topics;
}

const events = (received: readonly Received[]): TickerEvent[] => received.map((r) => JSON.parse(r.message.value!.toString()) as TickerEvent);

describe('punctuation on the real broker', () => {
  it('a stream-time punctuator fires as record timestamps pass interval boundaries; a wall-clock one on the clock', async () => {
    const context = testContext();
    const topics = await tickerTopics(context);
    const t0 = Math.floor(Date.now() / 1_000) * 1_000 - 60_000;
    const producer = context.kafkajs.producer();
    await producer.connect();
    await producer.send({ topic: topics.input, messages: [0, 500, 1_500, 3_700, 3_200].map((dt) => ({ key: 'k', value: '{}', timestamp: String(t0 + dt) })) });
    await producer.disconnect();
    const running = await runTopology({ client: context.kafka, logger: testLogger, appId: uniqueName('tick'), topology: tickerTopology(topics, 300) });
    try {
      const received = await consumeUntil(context.kafkajs, [topics.output], (r) => events(r).filter((e) => e.kind === 'wall').length >= 3 && events(r).filter((e) => e.kind === 'stream').length >= 3);
      const stream = events(received).filter((e) => e.kind === 'stream');
      // Kafka Streams' alignment: at the first record, then at the first record past each boundary (t0+1000, t0+2000..4000).
      expect(stream.map((e) => [e.at - t0, e.records])).toEqual([[0, 1], [1_500, 3], [3_700, 4]]);
      expect(events(received).filter((e) => e.kind === 'wall').map((e) => e.kind === 'wall' && e.tick).slice(0, 3)).toEqual([1, 2, 3]);
    } finally {
      await running.stop();
    }
  });

  it("a punctuator's outputs and state commit together: kill -9 mid-stream, restart, and every tick is committed exactly once", async () => {
    const context = testContext();
    const topics = await tickerTopics(context);
    const appId = uniqueName('tick');
    const stderr: string[] = [];
    const start = (): ChildProcess => {
      const child = spawn(process.execPath, [APP, appId, topics.input, topics.output, topics.changelog, '20'], { env: { ...process.env, LEADSTREAM_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      return child;
    };
    let seen = 0;
    for (let kill = 0; kill < 3; kill += 1) {
      const child = start();
      // Kill once new ticks are committed: the next transaction is open at that instant.
      const target = seen + 15;
      const received = await consumeUntil(context.kafkajs, [topics.output], (r) => r.length >= target, { timeoutMs: 60_000 });
      seen = received.length;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    const last = start();
    await consumeUntil(context.kafkajs, [topics.output], (r) => r.length >= seen + 15, { timeoutMs: 60_000 });
    last.kill('SIGINT');
    const [code] = (await once(last, 'exit')) as [number | null];
    expect(code, stderr.join('')).toBe(0);

    // Everything committed (read_committed, to the end): ticks 1..N, each once, in order. Outputs wait in memory
    // until their commit (ticks every 20 ms, commits every 100 ms), so each kill lost uncommitted ticks and their
    // state together; outputs and state committed apart would show here as a gap or a repeat.
    const committed: number[] = [];
    await context.kafka.readToEnd({ topic: topics.output, onBatch: async (_p, records) => void committed.push(...records.map((r) => (JSON.parse(r.value!.toString()) as TickerEvent)).map((e) => (e.kind === 'wall' ? e.tick : -1))) });
    expect(committed.length).toBeGreaterThanOrEqual(seen + 15);
    expect(committed).toEqual(committed.map((_, i) => i + 1));
    // The state committed with the last tick says the same.
    let state: { ticks: number } | undefined;
    await context.kafka.readToEnd({ topic: topics.changelog, onBatch: async (_p, records) => void (state = JSON.parse(records[records.length - 1]!.value!.toString()) as { ticks: number }) });
    expect(state?.ticks).toBe(committed.length);
  });
});
