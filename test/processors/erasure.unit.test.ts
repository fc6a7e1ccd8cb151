import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progressionTopicFromAvro } from '../../src/codecs/avroMappers.js';
import type { CustomerForgottenRecord, FunnelProgressedRecord } from '../../src/codecs/avroRecords.js';
import { localSchemas, writerDecoder, type SchemaSource } from '../../src/codecs/avroSchemas.js';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import type { CustomerState } from '../../src/domain/customerState.js';
import { CUSTOMERS_STORE, ERASED_STORE } from '../../src/processors/aggregate.js';
import { ERASURES_STORE } from '../../src/processors/ingest.js';
import { leadTopology } from '../../src/pipeline/leadTopology.js';
import { leadSerdes, type LeadSerdes } from '../../src/pipeline/serdes.js';
import { LIVE_TOPICS as topics } from '../../src/pipeline/topicNames.js';
import { TopologyTestDriver } from '../../src/runtime/testDriver.js';
import { sha32 } from '../domain/samples.js';

const T0 = Date.UTC(2026, 9, 1, 12);
const idOf = (email: string) => sha32(`email:${email}`);
const raw = (action: string, email: string, offer = 'northwind.nw-erp') => Buffer.from(JSON.stringify({ UserDetails: { FirstName: 'Zoë', Email: email }, LeadSource: `AzureMarketplace-${action}|${offer}` }));

async function setup() {
  const schemas: SchemaSource = localSchemas();
  const serdes: LeadSerdes = await leadSerdes(schemas, topics);
  const driver = new TopologyTestDriver(leadTopology(topics, serdes, { alerts: { wallClock: false } }));
  const lead = (action: string, email: string, at: number) => driver.pipeInput(topics.raw, { key: `raw-key-${email}`, value: raw(action, email), timestamp: at });
  const forget = (email: string, at: number) =>
    driver.pipeInput(topics.erasures, { key: idOf(email), value: serdes.erasure.serialize({ type: 'ErasureRequested', customerId: idOf(email), requestedAt: at }, topics.erasures) as Buffer, timestamp: at });
  const followUp = (email: string, at: number) =>
    driver.pipeInput(topics.followUps, { key: idOf(email), value: serdes.followUp.serialize({ type: 'FollowUpRecorded', customerId: idOf(email), offer: 'northwind.nw-erp', at, by: null }, topics.followUps) as Buffer, timestamp: at });
  const decodeProgression = writerDecoder(schemas);
  const progressions = async () => Promise.all(driver.readOutput(topics.progression).map(async (r) => progressionTopicFromAvro((await decodeProgression(r.value as Buffer)) as FunnelProgressedRecord | CustomerForgottenRecord)));
  const dlq = () => driver.readOutput(topics.dlq).map((r) => ({ ...(JSON.parse(String(r.value)) as DlqRecord), messageKey: r.key }));
  const customers = () => driver.getKeyValueStore<string, CustomerState>('aggregate', CUSTOMERS_STORE);
  return { driver, serdes, lead, forget, followUp, progressions, dlq, customers };
}

describe('forgetting a customer, through the test driver', () => {
  it('deletes the state (a tombstone on customers.v1), emits CustomerForgotten once, and later leads are ERASED without payload', async () => {
    const { driver, lead, forget, progressions, dlq, customers } = await setup();
    await lead('PLT', 'gone@contoso.example', T0);
    await lead('PLT', 'kept@contoso.example', T0);
    await progressions();
    driver.readOutput(topics.customers);
    driver.readOutput(topics.keyed);
    await forget('gone@contoso.example', T0 + 1_000);
    await forget('gone@contoso.example', T0 + 2_000);
    expect(await progressions()).toEqual([{ type: 'CustomerForgotten', customerId: idOf('gone@contoso.example'), at: T0 + 1_000 }]);
    expect(driver.readOutput(topics.customers).map((r) => [r.key, r.value])).toEqual([[idOf('gone@contoso.example'), null]]);
    expect(customers().get(idOf('gone@contoso.example'))).toBeUndefined();
    expect(customers().get(idOf('kept@contoso.example'))).toBeDefined();
    expect(driver.getGlobalStore(ERASURES_STORE).get(idOf('gone@contoso.example'))).toMatchObject({ requestedAt: T0 + 2_000 });

    await lead('INS', 'gone@contoso.example', T0 + 3_000);
    await lead('INS', 'kept@contoso.example', T0 + 3_000);
    const letters = dlq();
    expect(letters).toEqual([{ messageKey: idOf('gone@contoso.example'), key: null, code: 'ERASED', reason: expect.stringContaining('forgotten') as unknown, topic: topics.raw, partition: 0, offset: '2', timestamp: new Date(T0 + 3_000).toISOString(), value: null }]);
    // Nothing of the lead: not its raw key, not its bytes.
    expect(JSON.stringify(letters)).not.toContain('raw-key-gone');
    expect((await progressions()).map((p) => p.customerId)).toEqual([idOf('kept@contoso.example')]);
    expect(driver.readOutput(topics.keyed).map((r) => r.key)).toEqual([idOf('kept@contoso.example')]);
  });

  it('the aggregate drops what got past ingest (a keyed lead written before ingest heard, a follow-up) as ERASED', async () => {
    const { driver, serdes, forget, followUp, dlq, customers } = await setup();
    await forget('late@contoso.example', T0);
    const id = idOf('late@contoso.example');
    const keyedLead = serdes.lead.serialize({ kind: 'Lead', customerId: id, identity: 'email', source: 'AzureMarketplace', action: 'PLT', offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', profile: { firstName: 'Zoë', lastName: null, email: 'late@contoso.example', phone: null, country: null, company: null, title: null }, occurredAt: T0 + 1 }, topics.keyed);
    await driver.pipeInput(topics.keyed, { key: id, value: keyedLead as Buffer, timestamp: T0 + 1 });
    await followUp('late@contoso.example', T0 + 2);
    expect(dlq().map((l) => [l.code, l.topic, l.messageKey, l.key, l.value])).toEqual([
      ['ERASED', topics.keyed, id, null, null],
      ['ERASED', topics.followUps, id, null, null],
    ]);
    expect(customers().size).toBe(0);
    expect(driver.getKeyValueStore('aggregate', ERASED_STORE).get(id)).toEqual({ requestedAt: T0 });
  });

  it('property: whatever the order, erased customers are gone with one CustomerForgotten each, and the others are as if the erased never were', async () => {
    const emails = ['a@contoso.example', 'b@contoso.example', 'c@contoso.example', 'd@contoso.example'];
    const step = fc.oneof(
      fc.record({ kind: fc.constant('lead' as const), who: fc.integer({ min: 0, max: 3 }), action: fc.constantFrom('PLT', 'StartTestDrive', 'INS', 'DNC') }),
      fc.record({ kind: fc.constant('forget' as const), who: fc.integer({ min: 0, max: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const run = await setup();
        const erased = new Set<number>();
        for (const [i, s] of steps.entries()) {
          if (s.kind === 'forget') {
            erased.add(s.who);
            await run.forget(emails[s.who]!, T0 + i);
          } else await run.lead(s.action, emails[s.who]!, T0 + i);
        }
        // The reference: only the leads of customers never erased.
        const reference = await setup();
        for (const [i, s] of steps.entries()) if (s.kind === 'lead' && !erased.has(s.who)) await reference.lead(s.action, emails[s.who]!, T0 + i);
        expect(new Map(run.customers().entries())).toEqual(new Map(reference.customers().entries()));
        const forgotten = (await run.progressions()).filter((p) => p.type === 'CustomerForgotten').map((p) => p.customerId);
        expect(forgotten.sort()).toEqual([...erased].map((w) => idOf(emails[w]!)).sort());
      }),
      { numRuns: 60 },
    );
  });
});
