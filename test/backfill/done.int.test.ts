import { describe, expect, it } from 'vitest';
import { prepareBackfill } from '../../src/backfill/prepare.js';
import type { BackfillProgress } from '../../src/backfill/progress.js';
import { runBackfill } from '../../src/backfill/run.js';
import { backfillTopics } from '../../src/backfill/target.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';
import { linesOf, offlineResult, readCustomers, recentEnvelopes } from '../support/pipeline.js';

describe('a backfill is done', () => {
  it('only when no transaction is open on its keyed side topic: one held open across the check keeps it running', async () => {
    const context = testContext();
    const raw = uniqueName('raw');
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: raw, numPartitions: 2 }] });
    await admin.disconnect();
    const envelopes = recentEnvelopes({ leads: 600, customers: 80, seed: 151 });
    await produceEnvelopes(context.kafka, { topic: raw, lines: linesOf(envelopes) });
    const target = { kafka: context.kafka, registry: context.registry, logger: testLogger, appId: uniqueName('app'), name: uniqueName('bf'), rawTopic: raw };
    const { manifest } = await prepareBackfill(target, { from: { kind: 'edge' }, to: { kind: 'edge' }, fromText: 'earliest', toText: 'now' });
    const keyed = backfillTopics(target.name, raw).keyed;

    // Another writer's transaction on the keyed side topic, open: its records could still commit below the end.
    const producer = context.kafkajs.producer({ transactionalId: uniqueName('open-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const open = await producer.transaction();
    await open.send({ topic: keyed, messages: [{ key: 'held', value: 'held open', partition: 0 }] });

    let ingested = 0;
    let finished = false;
    let resolveChecks: () => void = () => {};
    const checksAfterIngest = new Promise<void>((resolve) => (resolveChecks = resolve));
    const run = runBackfill(target, manifest, {
      onProgress: (p: BackfillProgress) => {
        // Every raw record ingested: from here the old check (keyed end still for 1 s) would have called it done.
        if (p.done === p.total && ++ingested >= 12) resolveChecks();
      },
    }).then((done) => ((finished = true), done));
    await checksAfterIngest; // 12 progress rounds of 250 ms: 3 s with ingest done and the aggregate caught up
    expect(finished).toBe(false);
    await open.abort();
    await producer.disconnect();
    expect(await run).toBe(true);
    expect(await readCustomers(context, backfillTopics(target.name, raw).customers)).toEqual((await offlineResult(envelopes)).customers);
  });
});
