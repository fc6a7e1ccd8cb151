import { ALL_TOPICS, type SchemaName, type TopicDefinition } from '../../topics/index.js';
import { alertFromAvro, customerViewFromAvro, erasureFromAvro, followUpFromAvro, leadFromAvro, progressionTopicFromAvro } from './avroMappers.js';
import type { CustomerForgottenRecord, CustomerViewRecord, ErasedCustomerRecord, ErasureRequestRecord, FollowUpRecord, FunnelAlertRecord, FunnelProgressedRecord, LeadRecord, PendingFollowUpsRecord } from './avroRecords.js';
import { alertToJson, customerViewToJson, erasureToJson, followUpToJson, forgottenToJson, iso, progressionToJson } from './jsonForms.js';
import type { Registry } from './registry.js';

/** The topic definition for a live topic or a backfill side topic (`<name>.<suffix>`). */
export function definitionOf(topic: string): TopicDefinition | undefined {
  return ALL_TOPICS.find((d) => topic === d.name || topic.startsWith(`${d.name}.`));
}

const toJson: Record<SchemaName, (record: unknown) => unknown> = {
  'lead.v1': (record) => {
    const { kind: _kind, ...lead } = leadFromAvro(record as LeadRecord);
    return { ...lead, occurredAt: iso(lead.occurredAt) };
  },
  'funnel-progressed.v1': (record) => {
    const event = progressionTopicFromAvro(record as FunnelProgressedRecord | CustomerForgottenRecord);
    return event.type === 'CustomerForgotten' ? forgottenToJson(event) : progressionToJson(event);
  },
  'customer-view.v1': (record) => customerViewToJson(customerViewFromAvro(record as CustomerViewRecord)),
  'follow-up.v1': (record) => followUpToJson(followUpFromAvro(record as FollowUpRecord)),
  'funnel-alert.v1': (record) => alertToJson(alertFromAvro(record as FunnelAlertRecord)),
  'pending-followups.v1': (record) => {
    const pending = record as PendingFollowUpsRecord;
    return { customerId: pending.customerId, offers: pending.offers.map((o) => ({ offer: o.offer, at: iso(o.at) })) };
  },
  'erasure-request.v1': (record) => erasureToJson(erasureFromAvro(record as ErasureRequestRecord)),
  'customer-forgotten.v1': (record) => forgottenToJson({ type: 'CustomerForgotten', ...(record as CustomerForgottenRecord) }),
  'erased-customer.v1': (record) => ({ requestedAt: iso((record as ErasedCustomerRecord).requestedAt) }),
};

/**
 * A record value as JSON: Avro topics decoded through the registry into their JSON forms; the DLQ's JSON parsed;
 * raw leads kept as the exact text sent, so an export replays offline byte for byte.
 */
export async function valueToJson(topic: string, value: Buffer | null, registry: Registry): Promise<unknown> {
  if (value === null) return null;
  const schema = definitionOf(topic)?.valueSchema;
  if (schema) return toJson[schema](await registry.decode(value));
  if (definitionOf(topic)?.name === 'leads.dlq.v1') {
    try {
      return JSON.parse(value.toString('utf8')) as unknown;
    } catch {
      return value.toString('utf8');
    }
  }
  return value.toString('utf8');
}
