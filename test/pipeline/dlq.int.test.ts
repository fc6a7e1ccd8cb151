import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import { REJECTION_CODES } from '../../src/domain/rejection.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, recentEnvelopes, runUntilCaughtUp } from '../support/pipeline.js';


describe('poison records', () => {
  it('every rejection code and an undecodable keyed record land in the DLQ with their origin, while good records flow', async () => {
    const context = testContext();
    const topics = await createTopology(context, 2);
    // A high bad share: every code appears many times, interleaved with good leads of the same customers.
    const envelopes = recentEnvelopes({ leads: 1_500, customers: 200, seed: 5, badShare: 0.2 });
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes) });
    // Records on the keyed topic that are not Avro Leads: garbage bytes, a tombstone, a Confluent header with an unknown schema id.
    const producer = context.kafkajs.producer();
    await producer.connect();
    const garbage = [Buffer.from('not avro'), null, Buffer.from([0, 0, 0, 0x7f, 0xff, 1, 2, 3])];
    await producer.send({ topic: topics.keyed, messages: garbage.map((value, i) => ({ key: `poison-${i}`, value, partition: 0 })) });
    await producer.disconnect();

    const appId = uniqueName('app');
    await runUntilCaughtUp(context, appId, topics, 200);

    const dlq: DlqRecord[] = [];
    await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, messages) => void dlq.push(...messages.map((m) => JSON.parse(m.value!.toString('utf8')) as DlqRecord)) });
    const expected = await offlineResult(envelopes);
    const fromRaw = dlq.filter((r) => r.topic === topics.raw);
    const fromKeyed = dlq.filter((r) => r.topic === topics.keyed);

    // Same rejections as offline, code for code; every code of the spec is among them.
    const byCode = Object.fromEntries(REJECTION_CODES.map((c) => [c, fromRaw.filter((r) => r.code === c).length]));
    expect(byCode).toEqual(Object.fromEntries(REJECTION_CODES.map((c) => [c, expected.counts.rejected[c] ?? 0])));
    for (const code of REJECTION_CODES) expect(byCode[code], code).toBeGreaterThan(0);
    expect(fromRaw.length + expected.counts.accepted).toBe(envelopes.length);

    // The original bytes and origin come back exactly: find each raw DLQ record's envelope by its bytes.
    const rawValues = new Set(envelopes.map((e) => (typeof e.value === 'string' ? e.value : JSON.stringify(e.value))));
    for (const record of fromRaw) {
      expect(rawValues.has(Buffer.from(record.value!, 'base64').toString('utf8'))).toBe(true);
      expect(record.partition === 0 || record.partition === 1).toBe(true);
      expect(Number.isNaN(Date.parse(record.timestamp))).toBe(false);
    }
    expect(new Set(fromRaw.map((r) => `${r.partition}:${r.offset}`)).size).toBe(fromRaw.length);

    expect(fromKeyed.map((r) => [r.code, r.key, r.value === null ? null : Buffer.from(r.value, 'base64')]).sort()).toEqual(
      garbage.map((value, i) => ['BAD_AVRO', `poison-${i}`, value]).sort(),
    );
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
  });
});
