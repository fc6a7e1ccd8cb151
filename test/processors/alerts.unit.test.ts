import { describe, expect, it } from 'vitest';
import { alertFromAvro } from '../../src/codecs/avroMappers.js';
import type { FunnelAlertRecord } from '../../src/codecs/avroRecords.js';
import { avroDecoder, localSchemas } from '../../src/codecs/avroSchemas.js';
import type { CustomerState } from '../../src/domain/customerState.js';
import type { FunnelAlert } from '../../src/domain/events.js';
import { CUSTOMERS_STORE, PENDING_FOLLOW_UPS_STORE, WALL_CLOCK_ADVANCE_MS } from '../../src/processors/aggregate.js';
import { leadTopology } from '../../src/pipeline/leadTopology.js';
import { leadSerdes } from '../../src/pipeline/serdes.js';
import { LIVE_TOPICS as topics } from '../../src/pipeline/topicNames.js';
import { TaskCore } from '../../src/runtime/taskCore.js';
import { TopologyTestDriver } from '../../src/runtime/testDriver.js';
import { sha32 } from '../domain/samples.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 9, 1, 12);
const raw = (action: string, email: string, offer = 'northwind.nw-erp') => Buffer.from(JSON.stringify({ UserDetails: { Email: email }, LeadSource: `AzureMarketplace-${action}|${offer}` }));
const idOf = (email: string) => sha32(`email:${email}`);

async function setup(wallClock = false, wallClockMs = T0) {
  const schemas = localSchemas();
  const serdes = await leadSerdes(schemas, topics);
  const driver = new TopologyTestDriver(leadTopology(topics, serdes, { alerts: { rules: { stalledAfterMs: 3 * DAY }, wallClock } }), { wallClockMs });
  const decode = avroDecoder('funnel-alert.v1', schemas);
  const lead = (action: string, email: string, at: number, offer?: string) => driver.pipeInput(topics.raw, { key: null, value: raw(action, email, offer), timestamp: at });
  const followUp = (email: string, at: number, offer = 'northwind.nw-erp') =>
    driver.pipeInput(topics.followUps, { key: idOf(email), value: serdes.followUp.serialize({ type: 'FollowUpRecorded', customerId: idOf(email), offer, at, by: null }, topics.followUps) as Buffer, timestamp: at });
  const alerts = async (): Promise<FunnelAlert[]> => Promise.all(driver.readOutput(topics.alerts).map(async (r) => alertFromAvro((await decode(r.value as Buffer)) as FunnelAlertRecord)));
  return { driver, lead, followUp, alerts };
}

describe('alerts through the test driver (the aggregate processor, its stores and punctuation)', () => {
  it('stream time raises FollowUpOverdue once a later record passes the deadline; a follow-up before then prevents it', async () => {
    const { lead, followUp, alerts } = await setup();
    await lead('PLT', 'late@contoso.example', T0);
    await lead('PLT', 'kept@contoso.example', T0);
    await followUp('kept@contoso.example', T0 + H);
    // Nothing passes the deadline while record time stays within a day.
    await lead('PLT', 'clock@contoso.example', T0 + DAY);
    expect(await alerts()).toEqual([]);
    await lead('PLT', 'clock@contoso.example', T0 + DAY + 1_000);
    expect((await alerts()).map((a) => [a.type, a.customerId, a.type === 'FollowUpOverdue' ? a.followUpBy : 0])).toEqual([['FollowUpOverdue', idOf('late@contoso.example'), T0 + DAY]]);
    // Later records do not raise it again; the clock customer's own deadline (its first PLT) comes in turn.
    await lead('PLT', 'clock@contoso.example', T0 + 2 * DAY);
    expect(await alerts()).toEqual([]);
    await lead('PLT', 'clock@contoso.example', T0 + 2 * DAY + 1_000);
    expect((await alerts()).map((a) => a.customerId)).toEqual([idOf('clock@contoso.example')]);
  });

  it('a follow-up that arrives before its lead is held in the second store, then closes the deadline', async () => {
    const { driver, lead, followUp, alerts } = await setup();
    await followUp('early@contoso.example', T0 + 5_000);
    expect(d(driver, PENDING_FOLLOW_UPS_STORE).size).toBe(1);
    await lead('PLT', 'early@contoso.example', T0);
    expect(d(driver, PENDING_FOLLOW_UPS_STORE).size).toBe(0);
    expect(d<CustomerState>(driver, CUSTOMERS_STORE).get(idOf('early@contoso.example'))?.offers[0]?.followedUpAt).toBe(T0 + 5_000);
    await lead('PLT', 'clock@contoso.example', T0 + 2 * DAY);
    expect((await alerts()).map((a) => a.customerId)).toEqual([]);
    // The held follow-up's tombstone went to its changelog.
    expect(driver.readOutput(topics.pendingFollowUps).map((r) => r.value === null)).toEqual([false, true]);
  });

  it('a stalled trial alerts at trialAt + the configured window, not for a DNC offer', async () => {
    const { lead, followUp, alerts } = await setup();
    await lead('StartTestDrive', 'trial@contoso.example', T0);
    await followUp('trial@contoso.example', T0 + H);
    await lead('StartTestDrive', 'dnc@contoso.example', T0);
    await lead('DNC', 'dnc@contoso.example', T0 + H);
    await lead('PLT', 'clock@contoso.example', T0 + 3 * DAY - 1_000);
    await followUp('clock@contoso.example', T0 + 3 * DAY - 1_000);
    expect(await alerts()).toEqual([]);
    await lead('PLT', 'clock@contoso.example', T0 + 3 * DAY);
    expect(await alerts()).toEqual([{ type: 'TrialStalled', customerId: idOf('trial@contoso.example'), offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', trialAt: T0, stalledAt: T0 + 3 * DAY }]);
  });

  it('with the wall clock on, a quiet stream still alerts on time; with it off (process, backfill) only records do', async () => {
    const on = await setup(true, T0);
    await on.lead('PLT', 'quiet@contoso.example', T0);
    await on.driver.advanceWallClockTime(DAY + WALL_CLOCK_ADVANCE_MS);
    expect((await on.alerts()).map((a) => a.type)).toEqual(['FollowUpOverdue']);
    const off = await setup(false, T0);
    await off.lead('PLT', 'quiet@contoso.example', T0);
    await off.driver.advanceWallClockTime(2 * DAY);
    expect(await off.alerts()).toEqual([]);
  });

  it('the alert flags are state: a customer view written to the changelog carries them', async () => {
    const { driver, lead } = await setup();
    await lead('PLT', 'late@contoso.example', T0);
    await lead('PLT', 'clock@contoso.example', T0 + 2 * DAY);
    const state = d<CustomerState>(driver, CUSTOMERS_STORE).get(idOf('late@contoso.example'));
    expect(state?.offers[0]).toMatchObject({ alertedOverdue: 'INTERESTED', alertedStalled: false, followedUpAt: null });
  });

  it('a task restored from the changelog rebuilds its due index from the stored customers and raises their alerts once', async () => {
    const first = await setup();
    await first.lead('PLT', 'late@contoso.example', T0);
    await first.lead('StartTestDrive', 'trial@contoso.example', T0 + H);
    await first.driver.close();
    const changelog = first.driver.readOutput(topics.customers);
    expect(changelog).toHaveLength(2);
    // A new task of the aggregate: its store from those records (bytes kept, not decoded), then init.
    const serdes = await leadSerdes(localSchemas(), topics);
    const stage = leadTopology(topics, serdes, { alerts: { rules: { stalledAfterMs: 3 * DAY }, wallClock: false } }).stages.find((s) => s.name === 'aggregate')!;
    const task = new TaskCore(stage, 0, () => T0);
    const store = task.stores.get(CUSTOMERS_STORE)!;
    for (const r of changelog) await store.restore(String(r.key), r.value as Buffer);
    task.init(T0 + H);
    // Stream time moves past both: an unrelated follow-up record a little over 3 days later.
    const id = idOf('other@contoso.example');
    const at = T0 + H + 3 * DAY + 1_000;
    const followUp = serdes.followUp.serialize({ type: 'FollowUpRecorded', customerId: id, offer: 'northwind.nw-erp', at, by: null }, topics.followUps) as Buffer;
    await task.process({ topic: topics.followUps, partition: 0, offset: 0n, timestamp: at, key: Buffer.from(id), value: followUp });
    const decode = avroDecoder('funnel-alert.v1', localSchemas());
    const raised = await Promise.all(task.drain().filter((r) => r.topic === topics.alerts).map(async (r) => alertFromAvro((await decode(r.value as Buffer)) as FunnelAlertRecord)));
    expect(raised.map((a) => `${a.type} ${a.customerId}`).sort()).toEqual(
      [`FollowUpOverdue ${idOf('late@contoso.example')}`, `FollowUpOverdue ${idOf('trial@contoso.example')}`, `TrialStalled ${idOf('trial@contoso.example')}`].sort(),
    );
  });
});

function d<V>(driver: TopologyTestDriver, store: string) {
  return driver.getKeyValueStore<string, V>('aggregate', store);
}
