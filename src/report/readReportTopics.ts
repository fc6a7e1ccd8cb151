import { alertFromAvro, customerViewFromAvro, progressionTopicFromAvro } from '../codecs/avroMappers.js';
import type { CustomerForgottenRecord, CustomerViewRecord, FunnelAlertRecord, FunnelProgressedRecord } from '../codecs/avroRecords.js';
import type { Registry } from '../codecs/registry.js';
import type { CustomerView } from '../domain/customerState.js';
import type { FunnelAlert, FunnelProgressed } from '../domain/events.js';
import type { KafkaClient } from '../kafka/types.js';
import type { ReportFiles } from './readReportFiles.js';

/** The topics beside a customers topic (`customers.v1[.suffix]` → `funnel.progression.v1[.suffix]`, ...). */
export const siblingTopic = (customersTopic: string, name: string): string => customersTopic.replace(/^customers\.v1/, name);

async function readValues<T>(kafka: KafkaClient, registry: Registry, topic: string, map: (record: unknown) => T): Promise<T[]> {
  const values: T[] = [];
  await kafka.readToEnd({
    topic,
    onBatch: async (_p, records) => {
      for (const r of records) if (r.value !== null) values.push(map(await registry.decode(r.value)));
    },
  });
  return values;
}

/** The latest view per customer (a tombstone forgets one), the progressions and, if asked, the alerts, read_committed to their ends. */
export async function readReportTopics(kafka: KafkaClient, registry: Registry, customersTopic: string, withAlerts: boolean): Promise<ReportFiles> {
  const latest = new Map<string, CustomerView>();
  await kafka.readToEnd({
    topic: customersTopic,
    onBatch: async (_p, records) => {
      for (const r of records) {
        const key = r.key?.toString('utf8');
        if (key === undefined) continue;
        if (r.value === null) latest.delete(key);
        else latest.set(key, customerViewFromAvro((await registry.decode(r.value)) as CustomerViewRecord));
      }
    },
  });
  // The progression topic also says who was forgotten: their history stays out of the report.
  const events = await readValues(kafka, registry, siblingTopic(customersTopic, 'funnel.progression.v1'), (r) => progressionTopicFromAvro(r as FunnelProgressedRecord | CustomerForgottenRecord));
  const forgotten = new Set(events.flatMap((e) => (e.type === 'CustomerForgotten' ? [e.customerId] : [])));
  const progressions = events.filter((e): e is FunnelProgressed => e.type === 'FunnelProgressed' && !forgotten.has(e.customerId));
  const alerts: FunnelAlert[] = withAlerts ? await readValues(kafka, registry, siblingTopic(customersTopic, 'funnel.alerts.v1'), (r) => alertFromAvro(r as FunnelAlertRecord)) : [];
  return { customers: [...latest.values()], progressions, alerts, missing: [] };
}
