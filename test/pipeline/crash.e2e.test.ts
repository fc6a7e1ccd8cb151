import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import { startCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { clockLeads, committedTotal, createTopology, linesOf, offlineResult, progressBeyond, readAlerts, readCustomers, readProgressions, recentEnvelopes, waitCaughtUp } from '../support/pipeline.js';


describe('crash safety of `leadstream run`', () => {
  it('kill -9 several times mid-stream: every input is accounted for exactly once in the committed outputs, alerts included', async () => {
    const context = testContext();
    const suffix = uniqueName('crash');
    // One raw partition: per-customer order is the file's, so even the progression sequences must equal `process`.
    const topics = await createTopology(context, 1, 3, suffix);
    // Two days of leads: deadlines pass by record time, so alerts fire mid-stream; a clock lead per keyed partition at
    // the end brings every task's stream time to the last lead's, as `process` has it.
    const leads = recentEnvelopes({ leads: 6_000, customers: 800, seed: 91, badShare: 0.05 });
    const envelopes = [...leads, ...clockLeads(3, leads.at(-1)!.timestamp)];
    const appId = uniqueName('app');
    const stderr: string[] = [];
    const start = () => {
      // Small transactions, so a kill lands between and inside many of them.
      // CRASH_LOG=<path prefix> keeps every child's info logs in <prefix>-<suffix>.log, to diagnose a failure.
      const keep = process.env['CRASH_LOG'];
      const child = startCli(['run', '--topics-suffix', suffix, '--max-batch', '50', '--session-timeout', '6000'], { LEADSTREAM_APP_ID: appId, LEADSTREAM_ALERT_WALL_CLOCK: 'false', ...(keep ? { LEADSTREAM_LOG_LEVEL: 'info' } : {}) });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr.push(chunk.toString());
        if (keep) appendFileSync(`${keep}-${suffix}.log`, chunk);
      });
      return child;
    };
    const chunks = [0, 1, 2, 3].map((i) => envelopes.slice(i * 1_500, i === 3 ? undefined : (i + 1) * 1_500));

    let done = 0n;
    let produced = 0;
    const rawLeftAtKill: bigint[] = [];
    for (const chunk of chunks.slice(0, 3)) {
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(chunk) });
      produced += chunk.length;
      const child = start();
      // Kill once the aggregate stage has committed something new: both stages are busy at that instant.
      done = await progressBeyond(context, child, `${appId}-aggregate`, topics.keyed, done);
      child.kill('SIGKILL');
      await once(child, 'exit');
      rawLeftAtKill.push(BigInt(produced) - (await committedTotal(context, `${appId}-ingest`, topics.raw)));
    }
    // The kills really were mid-stream: raw input was still waiting each time.
    expect(rawLeftAtKill.every((left) => left > 0n), String(rawLeftAtKill)).toBe(true);
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(chunks[3]!) });
    const last = start();
    await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false, 90_000);
    await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true, 90_000);
    last.kill('SIGINT');
    const [code] = (await once(last, 'exit')) as [number | null];
    expect(code, stderr.join('')).toBe(0);

    const expected = await offlineResult(envelopes);
    // Keyed leads: exactly one per accepted input.
    let keyed = 0;
    const ends = await context.kafka.readToEnd({ topic: topics.keyed, onBatch: async (_p, messages) => void (keyed += messages.length) });
    // On failure, the children's warnings and errors say what happened.
    const errors = stderr.join('').split('\n').filter((l) => /"level":(40|50)/.test(l) && !l.includes('rebalancing'));
    expect(keyed, `read up to ${[...ends].map(([p, o]) => `${p}:${o}`).join(' ')}; errors: ${errors.join('\n')}`).toBe(expected.counts.accepted);
    // DLQ: exactly one per rejected input, each raw offset once.
    const dlq: DlqRecord[] = [];
    await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, messages) => void dlq.push(...messages.map((m) => JSON.parse(m.value!.toString('utf8')) as DlqRecord)) });
    const rejected = Object.values(expected.counts.rejected).reduce((a, b) => a + (b ?? 0), 0);
    expect(dlq.length).toBe(rejected);
    expect(new Set(dlq.map((r) => r.offset)).size).toBe(rejected);
    // Outputs: the same customers and the same per-customer progressions as one uninterrupted offline run.
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
    expect(await readProgressions(context, topics.progression)).toEqual(expected.progressions);
    // Alerts, raised by punctuation and marked in the state: each committed once, none lost, across the kills.
    expect(expected.alerts.length).toBeGreaterThan(20);
    const sorted = (alerts: unknown[]) => alerts.map((a) => JSON.stringify(a)).sort();
    expect(sorted(await readAlerts(context, topics.alerts))).toEqual(sorted(expected.alerts));
  });
});
