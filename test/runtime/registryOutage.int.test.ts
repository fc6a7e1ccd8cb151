import { describe, expect, it } from 'vitest';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startPipeline } from '../../src/pipeline/startPipeline.js';
import { freeze } from '../support/faults.js';
import { pino } from 'pino';
import { testContext, uniqueName } from '../support/kafka.js';
import { startOwnRegistry } from '../support/ownRegistry.js';
import { createTopology, linesOf, offlineResult, readCustomers, recentEnvelopes, waitCaughtUp } from '../support/pipeline.js';

describe('a registry outage', () => {
  it('sends no good lead to the DLQ: a freshly started run waits for the registry, then the outputs are exact', async () => {
    // Its own registry: freezing the shared one would stall every test running beside this one.
    const registry = await startOwnRegistry();
    try {
      await outage(testContext({ ...process.env, SCHEMA_REGISTRY_URL: registry.url }), registry.processGroup);
    } finally {
      await registry.stop();
    }
  });
});

async function outage(context: ReturnType<typeof testContext>, registryProcessGroup: number): Promise<void> {
  const topics = await createTopology(context, 2, 2);
  const envelopes = recentEnvelopes({ leads: 800, customers: 100, seed: 140 });
  const appId = uniqueName('app');
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  // Started while the registry answers (it registers its subjects), with no writer schema looked up yet.
  const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger, appId, topics, stages: ['ingest', 'aggregate'] });
  try {
    let stageFailed: unknown;
    pipeline.failed.catch((error: unknown) => (stageFailed = error));
    // Ingest encodes with the id it has; the aggregate must ask the registry for the keyed records' writer schema.
    await freeze(registryProcessGroup, 30_000, () => produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes) }).then(() => undefined));
    await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false, 90_000);
    await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true, 90_000);
    expect(stageFailed).toBeUndefined();
    // It waited by retrying, saying so: the registry's requests time out while it is frozen.
    expect(lines.some((l) => l.includes('transient failure') && l.includes('is unreachable')), lines.join('')).toBe(true);
  } finally {
    await pipeline.stop();
  }
  const dlq: DlqRecord[] = [];
  await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, records) => void dlq.push(...records.map((r) => JSON.parse(r.value!.toString()) as DlqRecord)) });
  expect(dlq.filter((r) => r.topic === topics.keyed)).toEqual([]);
  const expected = await offlineResult(envelopes);
  expect(dlq.length).toBe(Object.values(expected.counts.rejected).reduce((a, b) => a + (b ?? 0), 0));
  expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
}
