import { describe, expect, it } from 'vitest';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import type { Envelope } from '../../src/codecs/envelope.js';
import { ConfigResourceTypes } from '../../src/kafka/kafkajs.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, recentEnvelopes, runUntilCaughtUp } from '../support/pipeline.js';

describe('an output larger than its topic takes', () => {
  it('goes to the DLQ as OUTPUT_TOO_LARGE instead of stalling the partition; everything else flows', async () => {
    const context = testContext();
    const topics = await createTopology(context, 1, 2);
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topics.keyed, configEntries: [{ name: 'max.message.bytes', value: '1500' }] }] });
    await admin.disconnect();
    const good = recentEnvelopes({ leads: 300, customers: 40, seed: 211 });
    const huge: Envelope = { timestamp: good[150]!.timestamp, key: 'huge', value: { UserDetails: { Email: 'huge@contoso.example', Company: 'C'.repeat(3_000) }, LeadSource: 'AzureMarketplace-PLT|northwind.nw-erp' } };
    const all = [...good.slice(0, 150), huge, ...good.slice(150)];
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(all) });
    await runUntilCaughtUp(context, uniqueName('app'), topics);

    const dlq: DlqRecord[] = [];
    await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, records) => void dlq.push(...records.map((r) => JSON.parse(r.value!.toString()) as DlqRecord)) });
    const tooLarge = dlq.filter((r) => r.code === 'OUTPUT_TOO_LARGE');
    expect(tooLarge.map((r) => [r.key, r.offset, r.topic])).toEqual([['huge', '150', topics.raw]]);
    expect(tooLarge[0]!.reason).toContain(`larger than ${topics.keyed} takes (max.message.bytes 1500)`);
    const expected = await offlineResult(good);
    expect(dlq.length - 1).toBe(Object.values(expected.counts.rejected).reduce((a, b) => a + (b ?? 0), 0));
    expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
  });
});
