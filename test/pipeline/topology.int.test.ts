import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, readProgressions, recentEnvelopes, runUntilCaughtUp } from '../support/pipeline.js';


describe('the Kafka pipeline (ingest + aggregate, exactly once)', () => {
  it('gives the same customers view and per-customer progressions as `process` on the same input (one raw partition)', async () => {
    const context = testContext();
    const topics = await createTopology(context, 1);
    const envelopes = recentEnvelopes({ leads: 3_000, customers: 400, seed: 21 });
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes) });
    const appId = uniqueName('app');
    await runUntilCaughtUp(context, appId, topics, 500);
    const expected = await offlineResult(envelopes);
    expect(expected.customers.length).toBeGreaterThan(300);
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
    expect(await readProgressions(context, topics.progression)).toEqual(expected.progressions);
  });

  it('a restarted instance restores its state from customers.v1 and continues as if it had never stopped', async () => {
    const context = testContext();
    const topics = await createTopology(context, 2);
    const envelopes = recentEnvelopes({ leads: 2_000, customers: 150, seed: 33 });
    const appId = uniqueName('app');
    const run = async () => {
      await runUntilCaughtUp(context, appId, topics, 300);
    };
    // Customers recur across both halves, so the second run decides on restored state (duplicates, stages, profile).
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes.slice(0, 1_000)) });
    await run();
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes.slice(1_000)) });
    await run();
    const expected = await offlineResult(envelopes);
    // Two raw partitions: per-customer lead order may differ from the file, but the view does not depend on it.
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
    const progressions = await readProgressions(context, topics.progression);
    const total = [...progressions.values()].reduce((n, list) => n + list.length, 0);
    const keys = new Set([...progressions.values()].flat().map((p) => { const e = p as { customerId: string; offer: string; toStage: string }; return `${e.customerId}|${e.offer}|${e.toStage}`; }));
    expect(keys.size).toBe(total); // no duplicated progression across the restart
  });
});
