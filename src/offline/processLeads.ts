import { alertFromAvro, progressionFromAvro } from '../codecs/avroMappers.js';
import type { FunnelAlertRecord, FunnelProgressedRecord } from '../codecs/avroRecords.js';
import { avroDecoder, localSchemas } from '../codecs/avroSchemas.js';
import type { DlqRecord } from '../codecs/dlqRecord.js';
import { envelopeValueBytes, parseEnvelope } from '../codecs/envelope.js';
import { alertToJson, offlineDlqToJson, progressionToJson } from '../codecs/jsonForms.js';
import type { CustomerState } from '../domain/customerState.js';
import type { FollowUpRecorded } from '../domain/events.js';
import type { OfferMap } from '../domain/offerMap.js';
import type { AggregateOptions } from '../processors/aggregate.js';
import type { RejectionCode } from '../domain/rejection.js';
import { CUSTOMERS_STORE } from '../processors/aggregate.js';
import { leadTopology } from '../pipeline/leadTopology.js';
import { leadSerdes } from '../pipeline/serdes.js';
import { LIVE_TOPICS } from '../pipeline/topicNames.js';
import { TopologyTestDriver } from '../runtime/testDriver.js';

/** Offline-only code: a line that is not a valid envelope never reaches the topology. */
export type OfflineRejectionCode = RejectionCode | 'BAD_ENVELOPE';

export interface OfflineCounts {
  /** Non-blank input lines. */
  leads: number;
  accepted: number;
  rejected: Partial<Record<OfflineRejectionCode, number>>;
  progressions: number;
  followUps: number;
  alerts: number;
}

export interface OfflineSinks {
  progression(json: unknown): Promise<void>;
  alert?(json: unknown): Promise<void>;
  dlq(json: unknown): Promise<void>;
  /** The keyed leads as Avro bytes (local schema ids), for comparisons with a live run (the soak). */
  keyed?(key: Buffer | string | null, value: Buffer | string | null): void;
}

export interface OfflineResult {
  readonly counts: OfflineCounts;
  /** The final state per customer, sorted by customerId. */
  readonly customers: readonly CustomerState[];
}

export interface OfflineOptions {
  readonly offerMap?: OfferMap;
  readonly alerts?: AggregateOptions;
  /** Recorded follow-ups, in time order: each goes in before the first lead stamped after it. */
  readonly followUps?: readonly FollowUpRecorded[];
}

/**
 * The whole topology on the test driver, one line at a time in file order (what one raw partition gives), with
 * the same serdes as Kafka (Avro with local schema ids). Outputs are read back as the JSON forms. Time is the
 * records' only: no wall clock raises an alert.
 */
export async function processLeads(lines: AsyncIterable<string>, sinks: OfflineSinks, { offerMap, alerts, followUps = [] }: OfflineOptions = {}): Promise<OfflineResult> {
  const topics = LIVE_TOPICS;
  const schemas = localSchemas();
  const serdes = await leadSerdes(schemas, topics);
  const driver = new TopologyTestDriver(leadTopology(topics, serdes, { ...(offerMap ? { offerMap } : {}), alerts: { ...alerts, wallClock: false } }), { commitEvery: 500 });
  const decodeProgression = avroDecoder('funnel-progressed.v1', schemas);
  const decodeAlert = avroDecoder('funnel-alert.v1', schemas);
  const counts: OfflineCounts = { leads: 0, accepted: 0, rejected: {}, progressions: 0, followUps: 0, alerts: 0 };
  const pendingFollowUps = [...followUps].sort((a, b) => a.at - b.at);
  let nextFollowUp = 0;
  const followUpsUntil = async (time: number) => {
    for (; nextFollowUp < pendingFollowUps.length && pendingFollowUps[nextFollowUp]!.at <= time; nextFollowUp += 1) {
      const followUp = pendingFollowUps[nextFollowUp]!;
      counts.followUps += 1;
      await driver.pipeInput(topics.followUps, { key: followUp.customerId, value: serdes.followUp.serialize(followUp, topics.followUps) as Buffer, timestamp: followUp.at });
    }
  };
  const rejected = (code: OfflineRejectionCode) => (counts.rejected[code] = (counts.rejected[code] ?? 0) + 1);
  // The raw offset the driver gave each valid line: DLQ records name their origin by offset.
  const lineOfOffset: number[] = [];

  const flush = async () => {
    for (const r of driver.readOutput(topics.progression)) {
      let record = decodeProgression(r.value as Buffer);
      if (record instanceof Promise) record = await record;
      counts.progressions += 1;
      await sinks.progression(progressionToJson(progressionFromAvro(record as FunnelProgressedRecord)));
    }
    for (const r of driver.readOutput(topics.alerts)) {
      let record = decodeAlert(r.value as Buffer);
      if (record instanceof Promise) record = await record;
      counts.alerts += 1;
      await sinks.alert?.(alertToJson(alertFromAvro(record as FunnelAlertRecord)));
    }
    for (const r of driver.readOutput(topics.dlq)) {
      const letter = JSON.parse(String(r.value)) as DlqRecord;
      rejected(letter.code as OfflineRejectionCode);
      const original = letter.value === null ? '' : Buffer.from(letter.value, 'base64').toString('utf8');
      await sinks.dlq(offlineDlqToJson(lineOfOffset[Number(letter.offset)] ?? 0, { code: letter.code as OfflineRejectionCode, reason: letter.reason }, original));
    }
    for (const r of driver.readOutput(topics.keyed)) sinks.keyed?.(r.key, r.value);
    driver.readOutput(topics.customers);
    driver.readOutput(topics.pendingFollowUps);
  };

  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    counts.leads += 1;
    const envelope = parseEnvelope(line);
    if (!envelope.ok) {
      rejected('BAD_ENVELOPE');
      await sinks.dlq(offlineDlqToJson(lineNumber, { code: 'BAD_ENVELOPE', reason: envelope.reason }, line));
      continue;
    }
    lineOfOffset.push(lineNumber);
    await followUpsUntil(envelope.envelope.timestamp);
    await driver.pipeInput(topics.raw, { key: envelope.envelope.key, value: envelopeValueBytes(envelope.envelope), timestamp: envelope.envelope.timestamp });
    await flush();
  }
  await followUpsUntil(Infinity);
  await driver.close();
  await flush();
  const rejectedTotal = Object.values(counts.rejected).reduce((a, b) => a + (b ?? 0), 0);
  counts.accepted = counts.leads - rejectedTotal;
  const customers = [...driver.getKeyValueStore<string, CustomerState>('aggregate', CUSTOMERS_STORE).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, state]) => state);
  return { counts, customers };
}
