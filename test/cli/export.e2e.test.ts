import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { CUSTOMER_CSV_COLUMNS } from '../../src/codecs/customerRows.js';
import { runCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, recentEnvelopes, runUntilCaughtUp, unmarked } from '../support/pipeline.js';


describe('leadstream export customers', () => {
  it('writes the latest view per customer, sorted by customerId, as jsonl (= process) and as csv (a row per offer)', async () => {
    const context = testContext();
    const topics = await createTopology(context, 1);
    const envelopes = recentEnvelopes({ leads: 1_500, customers: 200, seed: 77 });
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes) });
    const appId = uniqueName('app');
    await runUntilCaughtUp(context, appId, topics, 100);
    const expected = (await offlineResult(envelopes)).customers as { customerId: string; offers: unknown[] }[];
    // A tombstone (a customer erased, e.g. on request) removes the customer from the export.
    const erased = expected[5]!.customerId;
    const producer = context.kafkajs.producer();
    await producer.connect();
    await producer.send({ topic: topics.customers, messages: [{ key: erased, value: null }] });
    await producer.disconnect();
    const remaining = expected.filter((c) => c.customerId !== erased);

    const jsonl = await runCli(['export', 'customers', '--topic', topics.customers]);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    expect(jsonl.stdout.trim().split('\n').map((l) => unmarked(JSON.parse(l)))).toEqual(remaining);
    expect(jsonl.stderr).toContain(`exported ${remaining.length} customers`);

    const out = join(mkdtempSync(join(tmpdir(), 'leadstream-export-')), 'customers.csv');
    const csv = await runCli(['export', 'customers', '--topic', topics.customers, '--format', 'csv', '--out', out]);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe(CUSTOMER_CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(remaining.reduce((n, c) => n + c.offers.length, 0));
    const ids = rows.map((r) => r.split(',')[0]!);
    expect(ids).toEqual(remaining.flatMap((c) => c.offers.map(() => c.customerId)));
  });

  it('refuses an unknown format or topic in one line', async () => {
    const format = await runCli(['export', 'customers', '--format', 'xml']);
    expect(format.code).not.toBe(0);
    expect(format.stderr.trim().split('\n')).toHaveLength(1);
    expect(format.stderr).toContain('--format');
    const topic = uniqueName('nothing');
    const missing = await runCli(['export', 'customers', '--topic', topic]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toMatch(new RegExp(`^leadstream: .*topic ${topic} does not exist`));
  });
});
