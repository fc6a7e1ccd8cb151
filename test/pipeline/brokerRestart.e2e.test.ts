import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeKafka } from '../../src/kafka/readiness.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startLocalStack, type LocalStack } from '../../src/local/stack.js';
import { startCli } from '../support/cli.js';
import { testContext, testLogger, uniqueName, type TestContext } from '../support/kafka.js';
import { committedCounts, committedTotal, createTopology, endTotal, exactCounts, linesOf, offlineResult, progressBeyond, readCustomers, readProgressions, recentEnvelopes, waitCaughtUp } from '../support/pipeline.js';

// Its own stack on a kept data dir (what `leadstream dev --data-dir` starts), so killing it leaves the shared one alone.
describe('broker restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadstream-restart-'));
  const start = () => startLocalStack({ dataDir, probeKafka: (bootstrap) => probeKafka(bootstrap, testLogger) });
  let stack: LocalStack | undefined;
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('kill -9 of the whole stack twice mid-stream: the running pipeline rides it out and its committed outputs equal `process`', async () => {
    stack = await start();
    const env = { KAFKA_BROKERS: stack.kafkaBrokers, SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl };
    const context: TestContext = testContext({ ...process.env, ...env });
    const suffix = uniqueName('restart');
    // One raw partition: per-customer order is the file's, so even the progression sequences must equal `process`.
    const topics = await createTopology(context, 1, 3, suffix);
    const envelopes = recentEnvelopes({ leads: 9_000, customers: 1_200, seed: 77, badShare: 0.05 });
    const chunks = [0, 1, 2].map((i) => envelopes.slice(i * 3_000, (i + 1) * 3_000));
    const appId = uniqueName('app');
    const stderr: string[] = [];
    // Small transactions, so each kill lands inside some; the default task timeout (300 s) outlasts a restart.
    const child = startCli(['run', '--topics-suffix', suffix, '--max-batch', '50', '--session-timeout', '6000'], { LEADSTREAM_APP_ID: appId, LEADSTREAM_LOG_LEVEL: 'info', ...env });
    child.stderr?.on('data', (chunk: Buffer) => void stderr.push(chunk.toString()));
    const errors = () => stderr.join('').split('\n').filter((l) => /"level":(50|60)/.test(l)).join('\n');
    try {
      let done = 0n;
      // Work still waiting at each kill, raw for ingest plus keyed for the aggregate (a commit marker per keyed partition is not work).
      const leftAtKill: bigint[] = [];
      let produced = 0n;
      for (const chunk of chunks.slice(0, 2)) {
        await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(chunk) });
        produced += BigInt(chunk.length);
        done = await progressBeyond(context, child, `${appId}-aggregate`, topics.keyed, done, 120_000);
        const rawLeft = produced - (await committedTotal(context, `${appId}-ingest`, topics.raw));
        leftAtKill.push(rawLeft + (await endTotal(context, topics.keyed)) - (await committedTotal(context, `${appId}-aggregate`, topics.keyed)) - 3n);
        await stack.kill();
        stack = await start();
        expect(stack.kafkaBrokers).toBe(env.KAFKA_BROKERS);
        expect(child.exitCode, errors()).toBeNull();
      }
      expect(leftAtKill.every((left) => left > 0n), String(leftAtKill)).toBe(true);
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(chunks[2]!) });
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false, 150_000);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true, 150_000);
      expect(child.exitCode, errors()).toBeNull();
    } finally {
      child.kill('SIGINT');
      if (child.exitCode === null) await once(child, 'exit');
    }
    expect(child.exitCode, errors()).toBe(0);

    const expected = await offlineResult(envelopes);
    // Exactly one keyed lead per accepted input, one dead letter per rejected one.
    expect(await committedCounts(context, topics)).toEqual(exactCounts(expected));
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
    expect(await readProgressions(context, topics.progression)).toEqual(expected.progressions);
    // Three stack starts and two recoveries: longer than the tier's default.
  }, 420_000);
});
