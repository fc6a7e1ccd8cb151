import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadFromAvro, progressionFromAvro } from '../../src/codecs/avroMappers.js';
import type { FunnelProgressedRecord, LeadRecord } from '../../src/codecs/avroRecords.js';
import { avroDecoder, localSchemas } from '../../src/codecs/avroSchemas.js';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import type { CustomerState } from '../../src/domain/customerState.js';
import { CUSTOMERS_STORE } from '../../src/processors/aggregate.js';
import { leadTopology } from '../../src/pipeline/leadTopology.js';
import { leadSerdes } from '../../src/pipeline/serdes.js';
import { LIVE_TOPICS as topics } from '../../src/pipeline/topicNames.js';
import { TopologyTestDriver } from '../../src/runtime/testDriver.js';
import { generateEnvelopes } from '../../src/simulate/generateLeads.js';
import { envelopeValueBytes } from '../../src/codecs/envelope.js';

const T = Date.UTC(2026, 9, 1, 12);
const lead = (action: string, email = 'zoe@contoso.example', offer = 'northwind.nw-erp') => Buffer.from(JSON.stringify({ UserDetails: { FirstName: 'Zoë', Email: email }, LeadSource: `AzureMarketplace-${action}|${offer}` }));

async function driver(commitEvery = 1, limits?: ReadonlyMap<string, number>) {
  const schemas = localSchemas();
  const t = leadTopology(topics, await leadSerdes(schemas, topics));
  return { driver: new TopologyTestDriver(t, { commitEvery, ...(limits ? { limits } : {}) }), decodeLead: avroDecoder('lead.v1', schemas), decodeProgression: avroDecoder('funnel-progressed.v1', schemas) };
}

describe('the ingest and aggregate processors, through the test driver (no broker)', () => {
  it('ingest keys a valid lead by customerId and sends a rejection to the DLQ with its origin and original bytes', async () => {
    const { driver: d, decodeLead } = await driver();
    await d.pipeInput(topics.raw, { key: 'k1', value: lead('PLT'), timestamp: T });
    const garbage = Buffer.from('{"LeadSource": "AzureMarketplace-Wave|a.b", "Email": "x@y.z"}');
    await d.pipeInput(topics.raw, { key: 'k2', value: garbage, timestamp: T + 1 });
    const keyed = d.readOutput(topics.keyed);
    expect(keyed).toHaveLength(1);
    const decoded = leadFromAvro((await decodeLead(keyed[0]!.value as Buffer)) as LeadRecord);
    expect(keyed[0]!.key).toBe(decoded.customerId);
    expect(decoded).toMatchObject({ action: 'PLT', offer: 'northwind.nw-erp', occurredAt: T, profile: { email: 'zoe@contoso.example' } });
    expect(keyed[0]!.timestamp).toBe(T);
    const [dlq] = d.readOutput(topics.dlq).map((r) => JSON.parse(String(r.value)) as DlqRecord);
    expect(dlq).toMatchObject({ code: 'UNKNOWN_ACTION', topic: topics.raw, partition: 0, offset: '1', key: 'k2', timestamp: new Date(T + 1).toISOString() });
    expect(Buffer.from(dlq!.value!, 'base64')).toEqual(garbage);
  });

  it('aggregate publishes one progression per stage raised, none for duplicates, and keeps the state in its store', async () => {
    const { driver: d, decodeProgression } = await driver();
    for (const [i, action] of ['PLT', 'PLT', 'StartTestDrive', 'PLT', 'INS', 'DNC'].entries()) await d.pipeInput(topics.raw, { key: null, value: lead(action), timestamp: T + i * 1000 });
    const progressions = await Promise.all(d.readOutput(topics.progression).map(async (r) => progressionFromAvro((await decodeProgression(r.value as Buffer)) as FunnelProgressedRecord)));
    expect(progressions.map((p) => `${p.fromStage}→${p.toStage}`)).toEqual(['NONE→INTERESTED', 'INTERESTED→TRIAL', 'TRIAL→ACTIVE']);
    const [state] = [...d.getKeyValueStore<string, CustomerState>('aggregate', CUSTOMERS_STORE).entries()].map(([, s]) => s);
    expect(state).toMatchObject({ leads: 6, duplicateLeads: 2, offers: [{ stage: 'ACTIVE', doNotContact: true, leads: 6 }] });
    // The changelog holds the customer's latest view after each commit, on the task's partition.
    const changelog = d.readOutput(topics.customers);
    expect(changelog).toHaveLength(6);
    expect(new Set(changelog.map((r) => r.key))).toEqual(new Set([state!.customerId]));
  });

  it('a keyed record that is not an Avro Lead goes to the DLQ as BAD_AVRO; the next one is processed', async () => {
    const { driver: d } = await driver();
    await d.pipeInput(topics.keyed, { key: 'poison', value: Buffer.from('not avro'), timestamp: T });
    await d.pipeInput(topics.keyed, { key: 'poison-2', value: Buffer.from([0, 0, 0, 0x7f, 0xff, 1]), timestamp: T });
    await d.pipeInput(topics.raw, { key: null, value: lead('PLT'), timestamp: T });
    const dlq = d.readOutput(topics.dlq).map((r) => JSON.parse(String(r.value)) as DlqRecord);
    expect(dlq.map((r) => [r.code, r.topic, r.key])).toEqual([['BAD_AVRO', topics.keyed, 'poison'], ['BAD_AVRO', topics.keyed, 'poison-2']]);
    expect(d.readOutput(topics.progression)).toHaveLength(1);
  });

  it('a lead whose keyed record would be larger than the topic takes goes to the DLQ as OUTPUT_TOO_LARGE; the next one flows', async () => {
    const { driver: d } = await driver(1, new Map([[topics.keyed, 900]]));
    const huge = Buffer.from(JSON.stringify({ UserDetails: { Email: 'big@contoso.example', Company: 'C'.repeat(1_000) }, LeadSource: 'AzureMarketplace-PLT|northwind.nw-erp' }));
    await d.pipeInput(topics.raw, { key: 'big', value: huge, timestamp: T });
    await d.pipeInput(topics.raw, { key: null, value: lead('PLT'), timestamp: T });
    const dlq = d.readOutput(topics.dlq).map((r) => JSON.parse(String(r.value)) as DlqRecord);
    expect(dlq.map((r) => [r.code, r.key, r.offset])).toEqual([['OUTPUT_TOO_LARGE', 'big', '0']]);
    expect(dlq[0]!.reason).toMatch(new RegExp(`^its keyed record \\(\\d+ bytes\\) is larger than ${topics.keyed.replace(/\./g, '\\.')} takes \\(max\\.message\\.bytes 900\\)$`));
    expect(Buffer.from(dlq[0]!.value!, 'base64')).toEqual(huge);
    expect(d.readOutput(topics.keyed)).toHaveLength(1);
    expect(d.readOutput(topics.progression)).toHaveLength(1);
  });

  it('property: outputs do not depend on how often the driver commits (batching is invisible)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 2, max: 97 }), async (seed, every) => {
        const envelopes = [...generateEnvelopes({ leads: 120, customers: 15, seed, badShare: 0.1 })];
        const run = async (commitEvery: number) => {
          const { driver: d } = await driver(commitEvery);
          for (const e of envelopes) await d.pipeInput(topics.raw, { key: e.key, value: envelopeValueBytes(e), timestamp: e.timestamp });
          await d.close();
          const values = (topic: string) => d.readOutput(topic).map((r) => `${String(r.key)}=${(r.value as Buffer).toString('base64')}`);
          const store = d.getKeyValueStore<string, CustomerState>('aggregate', CUSTOMERS_STORE);
          return { progression: values(topics.progression), dlq: values(topics.dlq), keyed: values(topics.keyed), customers: [...store.entries()].sort() };
        };
        expect(await run(every)).toEqual(await run(1));
      }),
      { numRuns: 25 },
    );
  });
});
