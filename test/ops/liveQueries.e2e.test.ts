import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { customerIdOf } from '../../src/domain/identity.js';
import { normalizeEmail } from '../../src/domain/normalize.js';
import { partitionOf } from '../../src/kafka/partitioner.js';
import { loggedUrl, runCli, startCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, readCustomers, recentEnvelopes, unmarked, waitCaughtUp, waitForMembers } from '../support/pipeline.js';

const SECRET = 'live-queries-secret-0123456789';

/** Sum of a metric's samples (all label sets matching `labels`) over several /metrics pages. */
const metricSum = (pages: readonly string[], name: string, labels = ''): number =>
  pages
    .flatMap((page) => page.split('\n'))
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(labels))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

/** A lead's email wherever the sender put it (the shapes and casings vary). */
function emailOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (/^email$/i.test(key)) return inner;
    const found = emailOf(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('serve → run → live queries and metrics', () => {
  it('leads POSTed to serve come out of two run instances; /metrics agree with the topics; `leadstream customer` answers from whichever owns the customer', async () => {
    const context = testContext();
    const suffix = uniqueName('live');
    const topics = await createTopology(context, 3, 3, suffix);
    const appId = uniqueName('app');
    const serve = startCli(['serve', '--port', '0', '--topics-suffix', suffix], { LEADSTREAM_RECEIVER_SECRET: SECRET, LEADSTREAM_LOG_LEVEL: 'info' });
    const runs = [0, 1].map(() => startCli(['run', '--topics-suffix', suffix, '--http-port', '0', '--session-timeout', '6000'], { LEADSTREAM_APP_ID: appId, LEADSTREAM_LOG_LEVEL: 'info' }));
    const children = [serve, ...runs];
    try {
      const receiver = await loggedUrl(serve, 'address');
      const instances = await Promise.all(runs.map((r) => loggedUrl(r, 'http')));
      await waitForMembers(context, `${appId}-aggregate`, 2);

      // The marketplace's shape: one JSON lead per request.
      const leads = recentEnvelopes({ leads: 600, customers: 80, seed: 808, badShare: 0.05 }).flatMap((e) => (typeof e.value === 'string' ? [] : [e.value]));
      for (const lead of leads) {
        const response = await fetch(`${receiver}/leads?code=${SECRET}`, { method: 'POST', body: JSON.stringify(lead), headers: { 'content-type': 'application/json' } });
        expect(response.status).toBe(202);
      }
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false, 90_000);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true, 90_000);

      let progressions = 0;
      await context.kafka.readToEnd({ topic: topics.progression, onBatch: async (_p, records) => void (progressions += records.length) });
      let deadLetters = 0;
      await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, records) => void (deadLetters += records.length) });
      const pages = await Promise.all(instances.map(async (url) => (await fetch(`${url}/metrics`)).text()));
      expect(metricSum(pages, 'leadstream_stage_records_in_total', 'stage="ingest"')).toBe(leads.length);
      expect(metricSum(pages, 'leadstream_progressions_total')).toBe(progressions);
      expect(metricSum(pages, 'leadstream_dead_letters_total')).toBe(deadLetters);
      expect(progressions).toBeGreaterThan(0);
      expect(deadLetters).toBeGreaterThan(0);
      const served = await (await fetch(`${receiver}/metrics`)).text();
      expect(metricSum([served], 'leadstream_receiver_leads_accepted_total')).toBe(leads.length);
      for (const url of instances) expect((await fetch(`${url}/readyz`)).status).toBe(200);

      // One customer per partition: both instances answer some; the CLI finds the owner through the group.
      const customers = (await readCustomers(context, topics.customers)) as { customerId: string }[];
      const perPartition = [0, 1, 2].map((p) => customers.find((c) => partitionOf(c.customerId, 3) === p)!);
      for (const expected of perPartition) {
        const result = await runCli(['customer', '--id', expected.customerId, '--topics-suffix', suffix], { LEADSTREAM_APP_ID: appId });
        expect(result.code, result.stderr).toBe(0);
        expect(unmarked(JSON.parse(result.stdout))).toEqual(expected);
        // Asked directly, each instance answers (the non-owner by redirecting to the owner).
        for (const url of instances) expect(unmarked(await (await fetch(`${url}/customers/${expected.customerId}`)).json())).toEqual(expected);
      }
      // By email, as a publisher would ask.
      const email = leads.map((l) => normalizeEmail(emailOf(l))).find((e) => e !== null && customers.some((c) => c.customerId === customerIdOf(`email:${e}`)));
      const byEmail = await runCli(['customer', '--email', email!, '--topics-suffix', suffix], { LEADSTREAM_APP_ID: appId });
      expect(byEmail.code, byEmail.stderr).toBe(0);
      expect(unmarked(JSON.parse(byEmail.stdout))).toEqual(customers.find((c) => c.customerId === customerIdOf(`email:${email}`)));
      const unknown = await runCli(['customer', '--id', '0'.repeat(32), '--topics-suffix', suffix], { LEADSTREAM_APP_ID: appId });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr.trim()).toBe(`leadstream: no customer ${'0'.repeat(32)}`);
    } finally {
      for (const child of children) child.kill('SIGTERM');
      for (const child of children) if (child.exitCode === null) await once(child, 'exit');
    }
    expect(children.map((c) => c.exitCode)).toEqual([0, 0, 0]);
  });
});
