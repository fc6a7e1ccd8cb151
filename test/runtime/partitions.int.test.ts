import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startPipeline } from '../../src/pipeline/startPipeline.js';
import type { RunningTopology } from '../../src/runtime/runTopology.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, readProgressions, recentEnvelopes, repeatedSteps, waitCaughtUp, waitForMembers } from '../support/pipeline.js';

// Many clusters use more than 6 partitions: the old stage hung on the 7th (a bounded merge of never-ending groups).
describe('12-partition topics', () => {
  for (const instances of [1, 3]) {
    it(`${instances} instance(s) process every partition and give the customers of \`process\``, async () => {
      const context = testContext();
      const topics = await createTopology(context, 12, 12);
      const envelopes = recentEnvelopes({ leads: 3_000, customers: 400, seed: 120 + instances, badShare: 0.02 });
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes) });
      const appId = uniqueName('app');
      const running: RunningTopology[] = [];
      try {
        for (let i = 0; i < instances; i += 1) running.push(await startPipeline({ client: context.kafka, registry: context.registry, logger: testLogger, appId, topics, stages: ['ingest', 'aggregate'], sessionTimeoutMs: 6_000 }));
        for (const stage of ['ingest', 'aggregate']) {
          const owned = await waitForMembers(context, `${appId}-${stage}`, instances);
          expect(owned.flat().sort((a, b) => a - b), stage).toEqual(Array.from({ length: 12 }, (_, p) => p));
          expect(owned.every((partitions) => partitions.length === 12 / instances)).toBe(true);
        }
        await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
        await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true);
      } finally {
        for (const r of running) await r.stop();
      }
      const expected = await offlineResult(envelopes);
      let keyed = 0;
      await context.kafka.readToEnd({ topic: topics.keyed, onBatch: async (_p, records) => void (keyed += records.length) });
      expect(keyed).toBe(expected.counts.accepted);
      expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
      expect(repeatedSteps(await readProgressions(context, topics.progression))).toEqual([]);
    });
  }
});
