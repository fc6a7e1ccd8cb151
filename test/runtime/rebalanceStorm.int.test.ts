import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startPipeline } from '../../src/pipeline/startPipeline.js';
import type { RunningTopology } from '../../src/runtime/runTopology.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';
import { committedCounts, createTopology, exactCounts, linesOf, offlineResult, readCustomers, readProgressions, recentEnvelopes, repeatedSteps, waitCaughtUp } from '../support/pipeline.js';

// The CI version; `npm run soak` runs the long one (two minutes and more, with kill -9 and broker restarts).
const STORM_MS = 30_000;
const EVERY_MS = 3_000;
const PATTERN = ['join', 'leave', 'leave', 'join'] as const;

describe('rebalance storm', () => {
  it('12 partitions, up to three instances, one joining or leaving every few seconds under steady load: outputs exact', async () => {
    const context = testContext();
    const topics = await createTopology(context, 12, 12);
    const envelopes = recentEnvelopes({ leads: 12_000, customers: 1_500, seed: 314, badShare: 0.03 });
    const appId = uniqueName('storm');
    let instances = 0;
    const start = () => startPipeline({ client: context.kafka, registry: context.registry, logger: testLogger.child({ instance: ++instances }), appId, topics, stages: ['ingest', 'aggregate'], sessionTimeoutMs: 6_000 });
    const running: RunningTopology[] = [await start(), await start()];
    // Steady load across the whole storm: the input keeps arriving while partitions move.
    const load = produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes), rate: envelopes.length / (STORM_MS / 1000) });
    let joins = 0;
    let leaves = 0;
    try {
      const stormEnds = Date.now() + STORM_MS;
      for (let i = 0; Date.now() < stormEnds; i += 1) {
        await delay(EVERY_MS);
        // 2→3→2→1→2→3→…: every change a rebalance of both groups, the leaver a different instance each time.
        if (PATTERN[i % PATTERN.length] === 'join') {
          running.push(await start());
          joins += 1;
        } else {
          const leaving = running.splice(i % running.length, 1)[0]!;
          await leaving.stop();
          leaves += 1;
        }
      }
      expect(await load).toBe(envelopes.length);
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false, 90_000);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true, 90_000);
    } finally {
      await load.catch(() => undefined);
      for (const r of running) await r.stop();
    }

    const expected = await offlineResult(envelopes);
    // Exactly one keyed lead per accepted input, one dead letter per rejected one.
    expect(await committedCounts(context, topics)).toEqual(exactCounts(expected));
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
    expect(repeatedSteps(await readProgressions(context, topics.progression))).toEqual([]);
    // It was a storm: membership changed every few seconds, both ways.
    expect(joins).toBeGreaterThanOrEqual(3);
    expect(leaves).toBeGreaterThanOrEqual(3);
  });
});
