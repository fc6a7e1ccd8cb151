import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/codecs/envelope.js';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, recentEnvelopes, runUntilCaughtUp } from '../support/pipeline.js';

const text = (e: Envelope) => (typeof e.value === 'string' ? e.value : JSON.stringify(e.value));

/** Ways real senders (and attackers) break a lead: each takes a good lead's text and a seed. */
const mutations: ((good: string, n: number) => string)[] = [
  (good, n) => {
    const bytes = Buffer.from(good);
    bytes[n % bytes.length] = bytes[n % bytes.length]! ^ (1 << (n % 8)); // a flipped bit
    return bytes.toString('latin1');
  },
  (good, n) => good.slice(0, n % good.length), // truncated
  (good, n) => good.replace(/"LeadSource":"[^"]*"/i, [`"LeadSource":${n}`, '"LeadSource":["a","b"]', '"LeadSource":{"x":1}', '"LeadSource":null'][n % 4]!), // type confusion
  (good, n) => good.replace(/"(UserDetails|userDetails)":\{[^}]*\}/, ['"UserDetails":"a string"', '"UserDetails":[1,2]', '"UserDetails":null', '"UserDetails":{"Email":{"nested":true}}'][n % 4]!),
  (_good, n) => `${'['.repeat(2_000 + (n % 20_000))}${']'.repeat(2_000 + (n % 20_000))}`, // deep nesting
  (_good, n) => `{"a":${'{"a":'.repeat(1_000 + (n % 5_000))}1${'}'.repeat(1_001 + (n % 5_000))}`,
  (_good, n) => (n % 50 === 0 ? 'x'.repeat(1_100_000) : `"${'y'.repeat(n % 1_000)}"`), // now and then larger than the raw topic takes
  (good, n) => good.replace(/"FirstName":"[^"]*"/i, `"FirstName":"${'x'.repeat(n % 2 ? 70_000 : 60_000)}"`), // huge strings: over and under 64 KiB
  (good) => good.replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"toString":"no",'), // prototype keys
  (good) => good.replace(/"Email":"([^"@]*)@/i, '"Email":"$1\\ud800@').replace(/"LastName":"/i, '"LastName":"\\udfff'), // lone surrogates
  (_good, n) => ['null', 'true', '42', '"a string"', '[]', '', ' ', '\u0000', '{"LeadSource":"AzureMarketplace-INS|a.b"}'][n % 9]!,
];

describe('hostile input through Kafka', () => {
  it('thousands of mutated payloads between good leads: nothing crashes, every record is accounted for, the good ones are unaffected', async () => {
    const context = testContext();
    // One raw partition: hostile copies share their good lead's time, and a tie in the profile merge goes to the
    // later-processed lead, so the comparison with `process` needs the file's order.
    const topics = await createTopology(context, 1, 2);
    const good = recentEnvelopes({ leads: 1_500, customers: 200, seed: 171 });
    const seeds = fc.sample(fc.tuple(fc.nat(mutations.length - 1), fc.nat(1_000_000)), { numRuns: 3_000, seed: 171 });
    const hostile: Envelope[] = seeds.map(([m, n], i) => ({ timestamp: good[i % good.length]!.timestamp, key: i % 3 ? null : `k${i}`, value: mutations[m]!(text(good[i % good.length]!), n) }));
    // Interleaved: a hostile record after every second good one, and the rest at the end.
    const all: Envelope[] = [];
    for (let i = 0; i < Math.max(good.length, hostile.length); i += 1) {
      if (good[i]) all.push(good[i]!);
      if (hostile[2 * i]) all.push(hostile[2 * i]!);
      if (hostile[2 * i + 1]) all.push(hostile[2 * i + 1]!);
    }
    // The broker refuses what is over the raw topic's max.message.bytes (1 MiB): named by line, the rest goes on.
    const refused: number[] = [];
    const admin = await context.kafka.admin();
    const maxRecordBytes = await admin.maxMessageBytes(topics.raw);
    await admin.close();
    const produced = await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(all), maxRecordBytes, onRefused: (line) => void refused.push(line) });
    const oversized = all.flatMap((e, i) => (text(e).length > 1_000_000 ? [i + 1] : []));
    expect(oversized.length).toBeGreaterThan(0);
    expect(refused).toEqual(oversized);
    expect(produced).toBe(all.length - oversized.length);
    const accepted = all.filter((e) => text(e).length <= 1_000_000);
    await runUntilCaughtUp(context, uniqueName('app'), topics);

    let keyed = 0;
    await context.kafka.readToEnd({ topic: topics.keyed, onBatch: async (_p, records) => void (keyed += records.length) });
    const dlq: DlqRecord[] = [];
    await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, records) => void dlq.push(...records.map((r) => JSON.parse(r.value!.toString()) as DlqRecord)) });
    expect(keyed + dlq.length).toBe(accepted.length);
    expect(dlq.filter((r) => r.topic !== topics.raw)).toEqual([]);
    expect(new Set(dlq.map((r) => `${r.partition}:${r.offset}`)).size).toBe(dlq.length);
    // Exactly what `process` makes of the same input, and the good leads' customers among them.
    const expected = await offlineResult(accepted);
    expect(keyed).toBe(expected.counts.accepted);
    const customers = await readCustomers(context, topics.customers);
    expect(customers).toEqual(expected.customers);
    const goodOnly = await offlineResult(good);
    const ids = new Set((customers as { customerId: string }[]).map((c) => c.customerId));
    for (const c of goodOnly.customers as { customerId: string }[]) expect(ids.has(c.customerId)).toBe(true);
  });
});
