import { describe, expect, it } from 'vitest';
import { alertFromAvro, customerViewFromAvro } from '../../src/codecs/avroMappers.js';
import type { CustomerViewRecord, FunnelAlertRecord } from '../../src/codecs/avroRecords.js';
import type { Envelope } from '../../src/codecs/envelope.js';
import { alertToJson, customerViewToJson } from '../../src/codecs/jsonForms.js';
import { toCustomerView } from '../../src/domain/customerView.js';
import type { FollowUpRecorded } from '../../src/domain/events.js';
import { customerIdOf } from '../../src/domain/identity.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { processLeads } from '../../src/offline/processLeads.js';
import { followUpRecords } from '../../src/pipeline/followUpRecords.js';
import { startPipeline } from '../../src/pipeline/startPipeline.js';
import type { TopicNames } from '../../src/pipeline/topicNames.js';
import { testContext, testLogger, uniqueName, type TestContext } from '../support/kafka.js';
import { clockLeads, createTopology, linesOf, waitCaughtUp } from '../support/pipeline.js';

const H = 3_600_000;
const DAY = 24 * H;
const KEYED_PARTITIONS = 3;
const rules = { stalledAfterMs: DAY };
const idOf = (email: string) => customerIdOf(`email:${email}`);
const lead = (email: string, action: string, timestamp: number, occurredAt?: number): Envelope => ({
  timestamp,
  key: null,
  value: { UserDetails: { FirstName: 'Ana', Email: email }, LeadSource: `AzureMarketplace-${action}|northwind.nw-erp`, ...(occurredAt !== undefined ? { Timestamp: new Date(occurredAt).toISOString() } : {}) },
});

async function readAll<T>(context: TestContext, topic: string, map: (record: unknown) => T): Promise<Map<string, T[]>> {
  const all = new Map<string, T[]>();
  await context.kafka.readToEnd({
    topic,
    onBatch: async (_p, messages) => {
      for (const m of messages) {
        if (m.value === null) continue;
        const key = m.key!.toString();
        all.set(key, [...(all.get(key) ?? []), map(await context.registry.decode(m.value))]);
      }
    },
  });
  return all;
}

const sortedJson = (values: Iterable<unknown>) => [...values].map((v) => JSON.stringify(v)).sort();

describe('alerts on the broker', () => {
  it('overdue and stalled alerts, and the customers with their marks, equal those of `process` on the same leads and follow-ups', async () => {
    const context = testContext();
    const topics: TopicNames = await createTopology(context, 1, KEYED_PARTITIONS);
    const appId = uniqueName('app');
    const B = Date.now() - 4 * DAY;
    // Phase 1, within an hour: interest, trials, and trials that became active.
    const phase1: Envelope[] = [];
    for (let i = 0; i < 60; i += 1) {
      const email = `c${i}@contoso.example`;
      const at = B + i * 60_000;
      phase1.push(lead(email, i % 3 === 1 ? 'StartTestDrive' : 'PLT', at));
      if (i % 6 === 4) phase1.push(lead(email, 'INS', at + 1_000));
    }
    // Phase 2: follow-ups for every other customer two hours in, and one for a customer whose lead comes only later.
    const followUps: FollowUpRecorded[] = [...Array.from({ length: 30 }, (_, k) => `c${2 * k}@contoso.example`), 'early@contoso.example'].map((email) => ({ type: 'FollowUpRecorded', customerId: idOf(email), offer: 'northwind.nw-erp', at: B + 2 * H, by: 'sales' }));
    // Phase 3, three days on: that customer's lead (it happened an hour in), then every task's stream time past the deadlines.
    const phase3: Envelope[] = [lead('early@contoso.example', 'PLT', B + 3 * DAY, B + H), ...clockLeads(KEYED_PARTITIONS, B + 3 * DAY)];

    const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger: testLogger, appId, topics, stages: ['ingest', 'aggregate'], alerts: { rules, wallClock: false } });
    try {
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(phase1) });
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true);
      const producer = await context.kafka.producer();
      const toRecord = await followUpRecords(context.registry, topics.followUps);
      await producer.send(followUps.map(toRecord));
      await producer.close();
      await waitCaughtUp(context, `${appId}-aggregate`, topics.followUps, false);
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(phase3) });
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true);
    } finally {
      await pipeline.stop();
    }

    const offlineAlerts: unknown[] = [];
    const offline = await processLeads(linesOf([...phase1, ...phase3]), { progression: async () => {}, dlq: async () => {}, alert: async (json) => void offlineAlerts.push(json) }, { alerts: { rules }, followUps });
    const alerts = [...(await readAll(context, topics.alerts, (r) => alertToJson(alertFromAvro(r as FunnelAlertRecord)))).values()].flat();
    expect(sortedJson(alerts)).toEqual(sortedJson(offlineAlerts));
    // What the input implies: 20 trials, 10 of them active within the day; 60 deadlines, 30 followed up.
    const types = (offlineAlerts as { type: string; customerId: string }[]).map((a) => a.type);
    expect(types.filter((t) => t === 'TrialStalled')).toHaveLength(10);
    expect(types.filter((t) => t === 'FollowUpOverdue')).toHaveLength(30);
    // The follow-up held for a customer with no lead yet closed its deadline when the lead came.
    expect((offlineAlerts as { customerId: string }[]).some((a) => a.customerId === idOf('early@contoso.example'))).toBe(false);

    const customers = [...(await readAll(context, topics.customers, (r) => customerViewToJson(customerViewFromAvro(r as CustomerViewRecord)))).values()].map((views) => views.at(-1));
    expect(sortedJson(customers)).toEqual(sortedJson(offline.customers.map((c) => customerViewToJson(toCustomerView(c)))));
  });

  it('a quiet stream: a task that has caught up raises a passed deadline by the wall clock, with no later record', async () => {
    const context = testContext();
    const topics = await createTopology(context, 1, KEYED_PARTITIONS);
    const appId = uniqueName('app');
    const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger: testLogger, appId, topics, stages: ['ingest', 'aggregate'], alerts: { rules } });
    try {
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf([lead('quiet@contoso.example', 'PLT', Date.now() - DAY - H)]) });
      // The wall-clock check runs every 10 s; the alert is committed like any output.
      for (const deadline = Date.now() + 60_000; ; ) {
        const alerts = [...(await readAll(context, topics.alerts, (r) => alertFromAvro(r as FunnelAlertRecord))).values()].flat();
        if (alerts.length > 0) {
          expect(alerts).toEqual([expect.objectContaining({ type: 'FollowUpOverdue', customerId: idOf('quiet@contoso.example'), stage: 'INTERESTED' })]);
          break;
        }
        if (Date.now() > deadline) throw new Error('no alert within 60 s of a deadline that had passed');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await pipeline.stop();
    }
  });
});
