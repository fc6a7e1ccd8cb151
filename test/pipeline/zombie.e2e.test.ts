import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, readProgressions, recentEnvelopes, repeatedSteps, waitCaughtUp, waitForMembers } from '../support/pipeline.js';

describe('a zombie instance', () => {
  it('frozen past its session timeout mid-stream, then woken: it is fenced, commits nothing, and the outputs stay exact', async () => {
    const context = testContext();
    const suffix = uniqueName('zombie');
    const topics = await createTopology(context, 4, 4, suffix);
    const envelopes = recentEnvelopes({ leads: 6_000, customers: 700, seed: 181, badShare: 0.02 });
    const appId = uniqueName('app');
    const stderr: string[] = [];
    const start = (): ChildProcess => {
      const child = startCli(['run', '--topics-suffix', suffix, '--session-timeout', '6000', '--max-batch', '100'], { LEADSTREAM_APP_ID: appId });
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      return child;
    };
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes.slice(0, 2_000)) });
    const zombie = start();
    const survivor = start();
    try {
      for (const stage of ['ingest', 'aggregate']) await waitForMembers(context, `${appId}-${stage}`, 2);
      // Work arriving while the zombie freezes: its tasks hold fetched records and open transactions.
      const feeding = produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes.slice(2_000, 5_000)), rate: 1_000 });
      zombie.kill('SIGSTOP');
      // Past the session timeout the group drops it and the survivor takes every partition (and fences its ids).
      for (const stage of ['ingest', 'aggregate']) expect((await waitForMembers(context, `${appId}-${stage}`, 1))[0]).toHaveLength(4);
      await feeding;
      zombie.kill('SIGCONT');
      // Awake, it tries to commit what it held: fenced. It may rejoin and share the work again.
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes.slice(5_000)) });
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false, 90_000);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true, 90_000);
    } catch (error) {
      // What the instances said is what explains a failure here.
      throw new Error(`${(error as Error).message}\n${stderr.join('').slice(-4_000)}`);
    } finally {
      zombie.kill('SIGCONT');
      for (const child of [zombie, survivor]) child.kill('SIGINT');
      await Promise.all([zombie, survivor].map((c) => (c.exitCode === null ? once(c, 'exit') : Promise.resolve())));
    }
    const expected = await offlineResult(envelopes);
    let keyed = 0;
    await context.kafka.readToEnd({ topic: topics.keyed, onBatch: async (_p, records) => void (keyed += records.length) });
    expect(keyed, stderr.join('').slice(-3_000)).toBe(expected.counts.accepted);
    const dlq: DlqRecord[] = [];
    await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, records) => void dlq.push(...records.map((r) => JSON.parse(r.value!.toString()) as DlqRecord)) });
    expect(dlq.length).toBe(Object.values(expected.counts.rejected).reduce((a, b) => a + (b ?? 0), 0));
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
    expect(repeatedSteps(await readProgressions(context, topics.progression))).toEqual([]);
  });
});
