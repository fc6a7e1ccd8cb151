import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startPipeline } from '../../src/pipeline/startPipeline.js';
import { leadsRaw } from '../../topics/index.js';
import { runCli } from '../support/cli.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, recentEnvelopes, runUntilCaughtUp } from '../support/pipeline.js';

describe('a recreated input topic, and leadstream reset', () => {
  it('fails in one line naming group, topic, partition and offsets; reset --to earliest then resumes correctly', async () => {
    const context = testContext();
    const suffix = uniqueName('recreated');
    const topics = await createTopology(context, 1, 3, suffix);
    const envelopes = recentEnvelopes({ leads: 700, customers: 90, seed: 191 });
    const [before, after] = [envelopes.slice(0, 500), envelopes.slice(500, 600)];
    const appId = uniqueName('app');
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(before) });
    await runUntilCaughtUp(context, appId, topics);

    // The raw topic deleted and made again, with fewer records than the group had committed.
    const admin = await context.kafka.admin();
    await admin.deleteTopics([topics.raw]);
    for (let created = false; !created; ) {
      created = await admin.applyTopics([{ ...leadsRaw, name: topics.raw, partitions: 1 }]).then((r) => r.created.length === 1, () => false);
      if (!created) await delay(200); // deletion completes asynchronously on the broker
    }
    // Kafka drops a deleted topic's offsets for groups without members; a group that kept them (it was running,
    // or the topic came back from a restore) now points past the end: as here.
    await admin.setOffsets(`${appId}-ingest`, topics.raw, new Map([[0, 500n]]));
    await admin.close();
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(after) });

    const env = { LEADSTREAM_APP_ID: appId };
    const failed = await runCli(['run', '--topics-suffix', suffix, '--stage', 'ingest', '--session-timeout', '6000'], env);
    expect(failed.code).toBe(1);
    const lines = failed.stderr.split('\n').filter((l) => l.startsWith('leadstream:'));
    expect(lines).toEqual([`leadstream: group ${appId}-ingest committed offset 500 on ${topics.raw} partition 0, but the partition ends at 100: the topic was recreated or truncated; choose where to resume with \`leadstream reset --stage ingest --to earliest|latest|<ISO time>\``]);

    const reset = await runCli(['reset', '--stage', 'ingest', '--to', 'earliest', '--topics-suffix', suffix, '--yes'], env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain(`${topics.raw} partition 0: 500 → 0`);
    // It refuses while a stage's members run (they would commit over it).
    const live = await startPipeline({ client: context.kafka, registry: context.registry, logger: testLogger, appId, topics, stages: ['aggregate'] });
    const busy = await runCli(['reset', '--stage', 'aggregate', '--to', 'latest', '--topics-suffix', suffix, '--yes'], env);
    await live.stop();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(new RegExp(`^leadstream: group ${appId}-aggregate has 1 member\\(s\\) running: stop every instance of the stage first`, 'm'));

    await runUntilCaughtUp(context, appId, topics);
    // The new records were decided on the state the old ones left: as one file of both would be.
    expect(await readCustomers(context, topics.customers)).toEqual((await offlineResult([...before, ...after])).customers);
  });

  it('refuses a --to that is not earliest, latest or a time, in one line', async () => {
    const result = await runCli(['reset', '--stage', 'ingest', '--to', 'yesterday', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('leadstream: --to: "yesterday" is not earliest, latest or an ISO-8601 time');
  });
});
