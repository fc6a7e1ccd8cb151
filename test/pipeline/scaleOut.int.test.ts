import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startPipeline, type PipelineOptions } from '../../src/pipeline/startPipeline.js';
import { LIVE_TOPICS, type TopicNames } from '../../src/pipeline/topicNames.js';
import { TopologyError } from '../../src/runtime/topology.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, readProgressions, recentEnvelopes, waitCaughtUp, waitForMembers } from '../support/pipeline.js';


describe('scaling out: instances of one app id share partitions', () => {
  it('two instances split the partitions, one leaves mid-stream, and the results stay exact', async () => {
    const context = testContext();
    const topics = await createTopology(context, 4, 4);
    const envelopes = recentEnvelopes({ leads: 4_000, customers: 500, seed: 57, badShare: 0.02 });
    const appId = uniqueName('app');
    const options: PipelineOptions = { client: context.kafka, registry: context.registry, logger: testLogger, appId, topics, stages: ['ingest', 'aggregate'], maxRecordsPerCommit: 200, sessionTimeoutMs: 6_000 };

    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes.slice(0, 2_000)) });
    const first = await startPipeline(options);
    const second = await startPipeline(options);
    let secondStopped = false;
    try {
      // Both members own partitions of both stages at once.
      for (const [stage, topic] of [['ingest', topics.raw], ['aggregate', topics.keyed]] as const) {
        const owned = await waitForMembers(context, `${appId}-${stage}`, 2);
        expect(owned.map((partitions) => partitions.length > 0), `${stage} of ${topic}: ${JSON.stringify(owned)}`).toEqual([true, true]);
      }
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
      // One leaves with work still arriving: its partitions, and their state, move to the other.
      const more = produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes.slice(2_000)) });
      await second.stop();
      secondStopped = true;
      await more;
      expect((await waitForMembers(context, `${appId}-aggregate`, 1))[0]).toHaveLength(4);
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true);
    } finally {
      await first.stop();
      if (!secondStopped) await second.stop();
    }

    const expected = await offlineResult(envelopes);
    let keyed = 0;
    await context.kafka.readToEnd({ topic: topics.keyed, onBatch: async (_p, messages) => void (keyed += messages.length) });
    expect(keyed).toBe(expected.counts.accepted);
    // Four raw partitions reorder a customer's leads, which the view does not depend on; progressions must not repeat.
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
    const progressions = [...(await readProgressions(context, topics.progression)).values()].flat() as { customerId: string; offer: string; toStage: string }[];
    expect(new Set(progressions.map((p) => `${p.customerId}|${p.offer}|${p.toStage}`)).size).toBe(progressions.length);
  });

  it('refuses to start on a missing topic or on keyed and customers topics that are not co-partitioned', async () => {
    const context = testContext();
    const appId = uniqueName('app');
    const base = { client: context.kafka, registry: context.registry, logger: testLogger, appId, stages: ['ingest', 'aggregate'] as const };
    const missing = Object.fromEntries(Object.keys(LIVE_TOPICS).map((role) => [role, uniqueName('none')])) as unknown as TopicNames;
    await expect(startPipeline({ ...base, topics: missing })).rejects.toMatchObject({ code: 'MISSING_TOPIC' });

    const topics = await createTopology(context, 1, 3);
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.createPartitions({ topicPartitions: [{ topic: topics.customers, count: 4 }] });
    await admin.disconnect();
    const error = await startPipeline({ ...base, topics }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopologyError);
    expect(error).toMatchObject({ code: 'NOT_CO_PARTITIONED' });
    expect((error as Error).message).toContain('3 partitions');
    // Ingest alone does not need co-partitioning.
    const ingest = await startPipeline({ ...base, stages: ['ingest'], topics });
    await ingest.stop();
  });
});
