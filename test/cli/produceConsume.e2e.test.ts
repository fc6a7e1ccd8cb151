import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';

const lines = [
  { timestamp: '2026-10-01T12:24:12.964Z', key: null, value: { UserDetails: { FirstName: 'Zoë', Email: 'Zoe@Contoso.example' }, LeadSource: 'AppSource (SPZA) - PLT | northwind.nw-erp' } },
  { timestamp: 1790000000000, key: 'k1', value: { email: 'zoe@contoso.example', LeadSource: 'AzureMarketplace-INS|northwind.nw-erp' } },
  { timestamp: 1790000001000, key: null, value: 'not json {' },
  { timestamp: 1790000002000, key: 'k2', value: { Phone: 4915112345678, LeadSource: 'AzurePortal-Create|contoso.crm' } },
];

describe('produce → consume --until-end → process', () => {
  it('exports raw history as envelopes that `process` replays with the same results as the original file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-e2e-'));
    const topic = uniqueName('raw');
    const admin = testContext().kafkajs.admin();
    await admin.connect();
    // Kept forever: these leads are stamped weeks ago, and a 7-day topic would lose them at the next retention check.
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
    await admin.disconnect();
    const original = join(dir, 'original.jsonl');
    writeFileSync(original, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);

    const produced = await runCli(['produce', '--topic', topic, '--file', original]);
    expect(produced.stderr).toBe('');
    expect(produced.stdout).toContain(`produced 4 records to ${topic}`);
    const exported = await runCli(['consume', '--topic', topic, '--from-beginning', '--until-end']);
    expect(exported.code).toBe(0);
    const records = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { timestamp: number; key: string | null; value: string; offset: number });
    expect(records.map((r) => [r.timestamp, r.key, r.offset])).toEqual([
      [Date.UTC(2026, 9, 1, 12, 24, 12, 964), null, 0],
      [1790000000000, 'k1', 1],
      [1790000001000, null, 2],
      [1790000002000, 'k2', 3],
    ]);
    expect(records[2]!.value).toBe('not json {');
    const replay = join(dir, 'replay.jsonl');
    writeFileSync(replay, exported.stdout);

    for (const [input, out] of [[original, 'a'], [replay, 'b']] as const) {
      const result = await runCli(['process', '--in', input, '--out', join(dir, out)]);
      expect(result.code).toBe(0);
    }
    for (const file of ['customers.jsonl', 'progression.jsonl']) {
      expect(readFileSync(join(dir, 'b', file), 'utf8')).toBe(readFileSync(join(dir, 'a', file), 'utf8'));
    }
    const dlq = (out: string) => readFileSync(join(dir, out, 'dlq.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { code: string });
    expect(dlq('a').map((d) => d.code)).toEqual(['NOT_JSON']);
    expect(dlq('b')).toEqual(dlq('a'));
  });

  it('produce refuses a malformed line with its number, consume refuses --until-end without --from-beginning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-e2e-'));
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(lines[0])}\n{"timestamp": "soon"}\n`);
    const topic = uniqueName('raw');
    const admin = testContext().kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
    await admin.disconnect();
    const produced = await runCli(['produce', '--topic', topic, '--file', file]);
    expect(produced.code).toBe(1);
    expect(produced.stderr.trim()).toBe('leadstream: line 2: "timestamp" must be epoch milliseconds or an ISO-8601 instant');
    const consumed = await runCli(['consume', '--topic', 'leads.raw.v1', '--until-end']);
    expect(consumed.stderr.trim()).toBe('leadstream: --until-end: reads what is there now, so it needs --from-beginning');
  });

  it('produce warns when records are stamped older than the topic keeps them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-e2e-'));
    const topic = uniqueName('raw');
    const admin = testContext().kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(86_400_000) }] }] });
    await admin.disconnect();
    const file = join(dir, 'mixed.jsonl');
    const lead = lines[1]!.value;
    writeFileSync(file, [Date.now() - 2 * 86_400_000, Date.now(), Date.now()].map((timestamp) => JSON.stringify({ timestamp, key: null, value: lead })).join('\n'));
    const result = await runCli(['produce', '--topic', topic, '--file', file]);
    expect(result.code).toBe(0);
    expect(result.stderr.trim()).toBe(`leadstream: warning: 1 of 3 records are stamped older than ${topic}'s retention (24 h): the broker deletes them at its next retention check, maybe before the pipeline reads them (for simulated files: simulate --end now)`);
  });
});
