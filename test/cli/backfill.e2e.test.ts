import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import type { TestContext as Context } from '../support/kafka.js';
import type { Envelope } from '../../src/codecs/envelope.js';
import { backfillTopics } from '../../src/backfill/target.js';
import { customerErasures } from '../../topics/index.js';
import { runCli, startCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, readProgressions, recentEnvelopes, runUntilCaughtUp } from '../support/pipeline.js';


async function rawTopic(context: Context, envelopes: readonly Envelope[]): Promise<string> {
  const topic = uniqueName('raw');
  const admin = context.kafkajs.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
  // A raw topic not named leads.raw.v1[.suffix]: the backfill honours the live erasures topic, which must exist.
  const topics = await context.kafka.admin();
  await topics.applyTopics([customerErasures]).finally(() => topics.close());
  await produceEnvelopes(context.kafka, { topic, lines: linesOf(envelopes) });
  return topic;
}

async function committed(context: Context, groupId: string, topic: string): Promise<number> {
  const admin = context.kafkajs.admin();
  await admin.connect();
  // The backfill creates its side topics: before that there is nothing committed.
  const exists = (await admin.listTopics()).includes(topic);
  const [offsets] = exists ? await admin.fetchOffsets({ groupId, topics: [topic] }).finally(() => admin.disconnect()) : (await admin.disconnect(), []);
  return (offsets?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

describe('leadstream backfill', () => {
  it('replays history into side topics, stops by itself at the end captured at start while leads keep arriving, and equals the live run and `process`', async () => {
    const context = testContext();
    const live = await createTopology(context, 1);
    const history = recentEnvelopes({ leads: 2_000, customers: 300, seed: 61 });
    const later = recentEnvelopes({ leads: 3_000, customers: 300, seed: 62 });
    await produceEnvelopes(context.kafka, { topic: live.raw, lines: linesOf(history) });
    const appId = uniqueName('app');
    await runUntilCaughtUp(context, appId, live);

    const suffix = uniqueName('bf');
    const env = { LEADSTREAM_APP_ID: appId };
    const child = startCli(['backfill', '--suffix', suffix, '--raw-topic', live.raw, '--max-batch', '100'], env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // New leads keep arriving once the backfill has fixed its bounds: it must stop there, not chase them.
    await new Promise<void>((resolve) => child.stderr?.on('data', () => stderr.includes('starting backfill') && resolve()));
    const arriving = produceEnvelopes(context.kafka, { topic: live.raw, lines: linesOf(later), rate: 1_000 });
    const [code] = (await once(child, 'exit')) as [number | null];
    await arriving;
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^leads +2000$/m);

    const side = backfillTopics(suffix, live.raw);
    const expected = await offlineResult(history);
    const customers = await readCustomers(context, side.customers);
    expect(customers).toEqual(expected.customers);
    expect(customers).toEqual(await readCustomers(context, live.customers));
    // One raw partition: the very same progression stream as `process` and the live run.
    expect(await readProgressions(context, side.progression)).toEqual(expected.progressions);
    expect(await readProgressions(context, side.progression)).toEqual(await readProgressions(context, live.progression));
    // Live consumer groups did not move: the live ingest group is still where the live run left it.
    expect(await committed(context, `${appId}-ingest`, live.raw)).toBe(history.length);

    const status = await runCli(['backfill', '--suffix', suffix, '--raw-topic', live.raw, '--status'], env);
    expect(status.stdout).toMatch(/complete since/);
    expect(status.stdout).toContain('ingested     2000/2000 (100%)');
    const deleted = await runCli(['backfill', '--suffix', suffix, '--delete', '--yes'], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    const admin = context.kafkajs.admin();
    await admin.connect();
    const topics = await admin.listTopics();
    await admin.disconnect();
    expect(topics).not.toContain(side.customers);
    expect(topics).toContain(live.customers);
    expect(await context.registry.subjects()).not.toContain(`${side.customers}-value`);
    const gone = await runCli(['backfill', '--suffix', suffix, '--status'], env);
    expect(gone.stderr).toContain('not started');
  });

  it('resumes after kill -9 where it stopped and finishes with the same result as an uninterrupted run', async () => {
    const context = testContext();
    const envelopes = recentEnvelopes({ leads: 4_000, customers: 500, seed: 63, badShare: 0.03 });
    const raw = await rawTopic(context, envelopes);
    const suffix = uniqueName('bf');
    const appId = uniqueName('app');
    const args = ['backfill', '--suffix', suffix, '--raw-topic', raw, '--max-batch', '50', '--session-timeout', '6000'];
    const first = startCli(args, { LEADSTREAM_APP_ID: appId });
    const group = `${appId}-backfill-${suffix}-aggregate`;
    const deadline = Date.now() + 60_000;
    while ((await committed(context, group, `leads.keyed.v1.${suffix}`)) === 0) {
      if (Date.now() > deadline || first.exitCode !== null) throw new Error('the backfill made no progress to interrupt');
      await delay(25);
    }
    first.kill('SIGKILL');
    await once(first, 'exit');
    expect(await committed(context, `${appId}-backfill-${suffix}-ingest`, raw)).toBeLessThan(envelopes.length);

    const second = await runCli(args, { LEADSTREAM_APP_ID: appId });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`resuming backfill ${suffix}`);
    const expected = await offlineResult(envelopes);
    const side = backfillTopics(suffix, raw);
    expect(await readCustomers(context, side.customers)).toEqual(expected.customers);
    expect(await readProgressions(context, side.progression)).toEqual(expected.progressions);
    const rejected = Object.values(expected.counts.rejected).reduce((a, b) => a + (b ?? 0), 0);
    expect(second.stdout).toMatch(new RegExp(`^rejected +${rejected} `, 'm'));
  });

  it('--from a time starts at the offsets for that time', async () => {
    const context = testContext();
    const envelopes = recentEnvelopes({ leads: 1_500, customers: 200, seed: 64 });
    const raw = await rawTopic(context, envelopes);
    // Offsets for a time: the first record (in offset order) whose timestamp is at or after it.
    const from = envelopes[700]!.timestamp;
    const first = envelopes.findIndex((e) => e.timestamp >= from);
    const result = await runCli(['backfill', '--suffix', uniqueName('bf'), '--raw-topic', raw, '--from', new Date(from).toISOString()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^leads +${envelopes.length - first}$`, 'm'));
    const suffix = /starting backfill (\S+):/.exec(result.stderr)![1]!;
    expect(await readCustomers(context, backfillTopics(suffix, raw).customers)).toEqual((await offlineResult(envelopes.slice(first))).customers);
  });

  it('refuses, in one line, side topics that do not match their definitions and a --from that retention no longer holds', async () => {
    const context = testContext();
    const envelopes = recentEnvelopes({ leads: 300, customers: 50, seed: 65 });
    const raw = await rawTopic(context, envelopes);
    const suffix = uniqueName('bf');
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `customers.v1.${suffix}`, numPartitions: 2 }] });
    // Retention (here: records deleted by hand) has removed the first 100 records of the raw topic.
    await admin.deleteTopicRecords({ topic: raw, partitions: [{ partition: 0, offset: '100' }] });
    await admin.disconnect();

    const mismatch = await runCli(['backfill', '--suffix', suffix, '--raw-topic', raw]);
    expect(mismatch.code).not.toBe(0);
    expect(mismatch.stderr.trim().split('\n')).toHaveLength(1);
    expect(mismatch.stderr).toContain(`customers.v1.${suffix} exists but`);

    const before = new Date(envelopes[0]!.timestamp - 60_000).toISOString();
    const retention = await runCli(['backfill', '--suffix', uniqueName('bf'), '--raw-topic', raw, '--from', before]);
    expect(retention.code).not.toBe(0);
    expect(retention.stderr.trim().split('\n')).toHaveLength(1);
    expect(retention.stderr).toContain('no longer holds everything since');
    const bad = await runCli(['backfill', '--suffix', uniqueName('bf'), '--raw-topic', raw, '--from', 'yesterday']);
    expect(bad.stderr.trim()).toMatch(/^leadstream: --from: "yesterday" is neither earliest nor an ISO-8601 time/);
  });
});
