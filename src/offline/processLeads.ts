import { progressionFromAvro } from '../codecs/avroMappers.js';
import type { FunnelProgressedRecord } from '../codecs/avroRecords.js';
import { avroDecoder, localSchemas } from '../codecs/avroSchemas.js';
import type { DlqRecord } from '../codecs/dlqRecord.js';
import { envelopeValueBytes, parseEnvelope } from '../codecs/envelope.js';
import { offlineDlqToJson, progressionToJson } from '../codecs/jsonForms.js';
import type { CustomerState } from '../domain/customerState.js';
import type { OfferMap } from '../domain/offerMap.js';
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
}

export interface OfflineSinks {
  progression(json: unknown): Promise<void>;
  dlq(json: unknown): Promise<void>;
  /** The keyed leads as Avro bytes (local schema ids), for comparisons with a live run (the soak). */
  keyed?(key: Buffer | string | null, value: Buffer | string | null): void;
}

export interface OfflineResult {
  readonly counts: OfflineCounts;
  /** The final state per customer, sorted by customerId. */
  readonly customers: readonly CustomerState[];
}

/**
 * The whole topology on the test driver, one line at a time in file order (what one raw partition gives), with
 * the same serdes as Kafka (Avro with local schema ids). Outputs are read back as the JSON forms.
 */
export async function processLeads(lines: AsyncIterable<string>, sinks: OfflineSinks, offerMap?: OfferMap): Promise<OfflineResult> {
  const topics = LIVE_TOPICS;
  const schemas = localSchemas();
  const driver = new TopologyTestDriver(leadTopology(topics, await leadSerdes(schemas, topics), offerMap), { commitEvery: 500 });
  const decodeProgression = avroDecoder('funnel-progressed.v1', schemas);
  const counts: OfflineCounts = { leads: 0, accepted: 0, rejected: {}, progressions: 0 };
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
    for (const r of driver.readOutput(topics.dlq)) {
      const letter = JSON.parse(String(r.value)) as DlqRecord;
      rejected(letter.code as OfflineRejectionCode);
      const original = letter.value === null ? '' : Buffer.from(letter.value, 'base64').toString('utf8');
      await sinks.dlq(offlineDlqToJson(lineOfOffset[Number(letter.offset)] ?? 0, { code: letter.code as OfflineRejectionCode, reason: letter.reason }, original));
    }
    for (const r of driver.readOutput(topics.keyed)) sinks.keyed?.(r.key, r.value);
    driver.readOutput(topics.customers);
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
    await driver.pipeInput(topics.raw, { key: envelope.envelope.key, value: envelopeValueBytes(envelope.envelope), timestamp: envelope.envelope.timestamp });
    await flush();
  }
  await driver.close();
  await flush();
  const rejectedTotal = Object.values(counts.rejected).reduce((a, b) => a + (b ?? 0), 0);
  counts.accepted = counts.leads - rejectedTotal;
  const customers = [...driver.getKeyValueStore<string, CustomerState>('aggregate', CUSTOMERS_STORE).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, state]) => state);
  return { counts, customers };
}
