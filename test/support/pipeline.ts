import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { alertFromAvro, customerViewFromAvro, progressionTopicFromAvro } from '../../src/codecs/avroMappers.js';
import type { CustomerForgottenRecord, CustomerViewRecord, FunnelAlertRecord, FunnelProgressedRecord } from '../../src/codecs/avroRecords.js';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import { formatEnvelope, type Envelope } from '../../src/codecs/envelope.js';
import { alertToJson, customerViewToJson, forgottenToJson, progressionToJson } from '../../src/codecs/jsonForms.js';
import { customerViewFromJson } from '../../src/codecs/jsonFormsRead.js';
import { toCustomerView, withoutAlertMarks } from '../../src/domain/customerView.js';
import { customerIdOf } from '../../src/domain/identity.js';
import { partitionOf } from '../../src/kafka/partitioner.js';
import type { Context } from '../../src/cli/context.js';
import { processLeads } from '../../src/offline/processLeads.js';
import { startPipeline } from '../../src/pipeline/startPipeline.js';
import { suffixedTopics, type TopicNames } from '../../src/pipeline/topicNames.js';
import { generateEnvelopes, type SimulateOptions } from '../../src/simulate/generateLeads.js';
import { ALL_TOPICS, DAY_MS, leadsDlq, leadsRaw, suffixedDefinitions } from '../../topics/index.js';
import { testLogger, uniqueName } from './kafka.js';

/**
 * Simulated leads stamped within the last two days. Raw topics keep 7 days, and the broker deletes older records
 * at its next retention check (every 5 minutes): a test on older data loses its input mid-run.
 */
export const recentEnvelopes = (options: SimulateOptions): Envelope[] => [...generateEnvelopes({ start: Date.now() - 2 * DAY_MS, maxGapMs: 20_000, ...options })];

/** Envelopes as the lines `produce` reads. */
export async function* linesOf(envelopes: readonly Envelope[]): AsyncGenerator<string> {
  for (const e of envelopes) yield formatEnvelope(e);
}

/** The live topic set under unique names (a test's own), with raw's partition count chosen by the test. */
export async function createTopology(context: Context, rawPartitions: number, otherPartitions = 3, suffix = uniqueName('t')): Promise<TopicNames> {
  const topics = suffixedTopics(suffix);
  const admin = await context.kafka.admin();
  await admin.applyTopics(suffixedDefinitions(suffix).map((d, i) => ({ ...d, partitions: ALL_TOPICS[i] === leadsRaw ? rawPartitions : ALL_TOPICS[i] === leadsDlq ? 1 : otherPartitions })));
  await admin.close();
  return topics;
}

/**
 * Waits until the group has committed everything up to the topic's current end (the pipeline has caught up).
 * A transactionally written topic ends with a commit marker that no batch delivers: one offset short is caught up.
 */
export async function waitCaughtUp(context: Context, groupId: string, topic: string, transactional: boolean, timeoutMs = 45_000): Promise<void> {
  const slack = transactional ? 1n : 0n;
  const admin = await context.kafka.admin();
  try {
    const ends = await admin.endOffsets(topic);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const committed = await admin.committedOffsets(groupId, topic);
      const behind = [...ends].filter(([p, end]) => end > 0n && (committed.get(p)?.offset ?? -1n) < end - slack);
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`${groupId} did not catch up on ${topic}: partitions ${behind.map(([p]) => p).join(',')} behind: ${JSON.stringify(behind.map(([p, e]) => [p, String(e), String(committed.get(p)?.offset)]))}`);
      await delay(200);
    }
  } finally {
    await admin.close();
  }
}

/** Runs both stages in this process until they have committed everything on `topics.raw`, then stops them. */
export async function runUntilCaughtUp(context: Context, appId: string, topics: TopicNames, maxRecordsPerCommit?: number): Promise<void> {
  const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger: testLogger, appId, topics, stages: ['ingest', 'aggregate'], ...(maxRecordsPerCommit ? { maxRecordsPerCommit } : {}) });
  try {
    await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
    await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true);
  } finally {
    await pipeline.stop();
  }
}

/** A customer view's JSON form without its alert marks, for comparisons with `process` (see withoutAlertMarks). */
export const unmarked = (json: unknown): unknown => customerViewToJson(withoutAlertMarks(customerViewFromJson(json)));

/** The latest customer view per key, as JSON forms sorted by customerId (what customers.jsonl holds), alert marks left out (see withoutAlertMarks). */
export async function readCustomers(context: Context, topic: string): Promise<unknown[]> {
  const latest = new Map<string, unknown>();
  await context.kafka.readToEnd({
    topic,
    onBatch: async (_p, messages) => {
      for (const m of messages) {
        // A tombstone: the customer was forgotten.
        if (m.value === null) latest.delete(m.key!.toString());
        else latest.set(m.key!.toString(), customerViewToJson(withoutAlertMarks(customerViewFromAvro((await context.registry.decode(m.value)) as CustomerViewRecord))));
      }
    },
  });
  return [...latest].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}

/** Progressions grouped per customer, each in topic order. */
export async function readProgressions(context: Context, topic: string): Promise<Map<string, unknown[]>> {
  const perCustomer = new Map<string, unknown[]>();
  await context.kafka.readToEnd({
    topic,
    onBatch: async (_p, messages) => {
      for (const m of messages) {
        const event = progressionTopicFromAvro((await context.registry.decode(m.value!)) as FunnelProgressedRecord | CustomerForgottenRecord);
        const json = event.type === 'CustomerForgotten' ? forgottenToJson(event) : progressionToJson(event);
        perCustomer.set(json.customerId, [...(perCustomer.get(json.customerId) ?? []), json]);
      }
    },
  });
  return perCustomer;
}

/** What `leadstream process` gives for the same envelopes (file order = one raw partition's order); customers without alert marks. */
export async function offlineResult(envelopes: readonly Envelope[]) {
  const perCustomer = new Map<string, unknown[]>();
  const alerts: unknown[] = [];
  const result = await processLeads(linesOf(envelopes), {
    progression: async (json) => {
      const id = (json as { customerId: string }).customerId;
      perCustomer.set(id, [...(perCustomer.get(id) ?? []), json]);
    },
    alert: async (json) => void alerts.push(json),
    dlq: async () => {},
  });
  return { counts: result.counts, customers: result.customers.map((c) => customerViewToJson(withoutAlertMarks(toCustomerView(c)))), progressions: perCustomer, alerts };
}

/**
 * One PLT at `timestamp` per keyed partition (of `partitions`): every aggregate task's stream time reaches it, so a
 * live run raises every alert due by then, as `process` (one stream time for all) does.
 */
export function clockLeads(partitions: number, timestamp: number): Envelope[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < partitions; i += 1) {
    const email = `clock${i}@contoso.example`;
    const partition = partitionOf(customerIdOf(`email:${email}`), partitions);
    if (!byPartition.has(partition)) byPartition.set(partition, email);
  }
  return [...byPartition.values()].map((email) => ({ timestamp, key: null, value: { UserDetails: { FirstName: 'Clock', Email: email }, LeadSource: 'AzureMarketplace-PLT|northwind.nw-erp' } }));
}

/** Every alert committed to `topic`, as JSON forms. */
export async function readAlerts(context: Context, topic: string): Promise<unknown[]> {
  const alerts: unknown[] = [];
  await context.kafka.readToEnd({
    topic,
    onBatch: async (_p, messages) => {
      for (const m of messages) alerts.push(alertToJson(alertFromAvro((await context.registry.decode(m.value!)) as FunnelAlertRecord)));
    },
  });
  return alerts;
}

/** Partitions per member of a group (co-partitioned: the same for each of its topics), once it is stable with `members` members. */
export async function waitForMembers(context: Context, groupId: string, members: number): Promise<number[][]> {
  const admin = await context.kafka.admin();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const group = await admin.describeGroup(groupId);
      if (group.state === 'Stable' && group.members.length === members) return group.members.map((m) => [...new Set([...m.assignment.values()].flat())].sort((a, b) => a - b));
      if (Date.now() > deadline) throw new Error(`${groupId} never had ${members} stable members (now ${group.state}, ${group.members.length})`);
      await delay(100);
    }
  } finally {
    await admin.close();
  }
}

/** Progressions must never repeat a (customer, offer, stage) step, whatever the partitioning did to lead order. */
export function repeatedSteps(progressions: Map<string, unknown[]>): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const p of [...progressions.values()].flat() as { customerId: string; offer: string; toStage: string }[]) {
    const step = `${p.customerId}|${p.offer}|${p.toStage}`;
    if (seen.has(step)) repeated.push(step);
    seen.add(step);
  }
  return repeated;
}

/** Sum of a group's committed offsets on a topic (what it has done, transactionally). */
export async function committedTotal(context: Context, groupId: string, topic: string): Promise<bigint> {
  const admin = await context.kafka.admin();
  try {
    return [...(await admin.committedOffsets(groupId, topic)).values()].reduce((sum, c) => sum + (c.offset < 0n ? 0n : c.offset), 0n);
  } finally {
    await admin.close();
  }
}

/** Sum of a topic's end offsets (read_committed: the last stable offsets). */
export async function endTotal(context: Context, topic: string): Promise<bigint> {
  const admin = await context.kafka.admin();
  try {
    return [...(await admin.endOffsets(topic)).values()].reduce((a, b) => a + b, 0n);
  } finally {
    await admin.close();
  }
}

/** Resolves when the group has committed past `beyond`: the child is mid-stream, with transactions in flight. */
export async function progressBeyond(context: Context, child: ChildProcess, groupId: string, topic: string, beyond: bigint, timeoutMs = 60_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`leadstream run exited with ${child.exitCode} before making progress`);
    const now = await committedTotal(context, groupId, topic);
    if (now > beyond) return now;
    if (Date.now() > deadline) throw new Error(`${groupId} made no progress past ${beyond}`);
    await delay(25);
  }
}

/** Keyed leads and dead letters committed, and the raw records the dead letters name: one of each per input when exact. */
export async function committedCounts(context: Context, topics: TopicNames): Promise<{ keyed: number; deadLetters: number; deadLetterOrigins: number }> {
  let keyed = 0;
  await context.kafka.readToEnd({ topic: topics.keyed, onBatch: async (_p, records) => void (keyed += records.length) });
  const origins = new Set<string>();
  let deadLetters = 0;
  await context.kafka.readToEnd({
    topic: topics.dlq,
    onBatch: async (_p, records) => {
      for (const r of records) {
        const letter = JSON.parse(r.value!.toString('utf8')) as DlqRecord;
        origins.add(`${letter.partition}:${letter.offset}`);
        deadLetters += 1;
      }
    },
  });
  return { keyed, deadLetters, deadLetterOrigins: origins.size };
}

/** What committedCounts must be for `process`'s result on the same input. */
export function exactCounts(expected: Awaited<ReturnType<typeof offlineResult>>): { keyed: number; deadLetters: number; deadLetterOrigins: number } {
  const rejected = Object.values(expected.counts.rejected).reduce((a, b) => a + (b ?? 0), 0);
  return { keyed: expected.counts.accepted, deadLetters: rejected, deadLetterOrigins: rejected };
}
