import { alertToAvro, customerViewFromAvro, customerViewToAvro, followUpFromAvro, followUpToAvro, leadFromAvro, leadToAvro, progressionToAvro } from '../codecs/avroMappers.js';
import type { CustomerViewRecord, FollowUpRecord, LeadRecord, PendingFollowUpsRecord } from '../codecs/avroRecords.js';
import { avroDecoder, type SchemaSource } from '../codecs/avroSchemas.js';
import { dlqRecord } from '../codecs/dlqRecord.js';
import { avroEncoder } from '../codecs/wireFormat.js';
import type { CustomerState } from '../domain/customerState.js';
import { toCustomerView } from '../domain/customerView.js';
import type { FollowUpRecorded, FunnelAlert, FunnelProgressed } from '../domain/events.js';
import type { PendingFollowUps } from '../domain/followUp.js';
import type { Lead } from '../domain/lead.js';
import type { DeadLetter } from '../runtime/api.js';
import { isPromise, UndecodableError, type Serde, type Serializer } from '../runtime/serde.js';
import type { TopicNames } from './topicNames.js';

export interface LeadSerdes {
  readonly lead: Serde<Lead>;
  readonly progression: Serializer<FunnelProgressed>;
  readonly customer: Serde<CustomerState>;
  readonly deadLetter: Serializer<DeadLetter>;
  readonly followUp: Serde<FollowUpRecorded>;
  readonly alert: Serializer<FunnelAlert>;
  readonly pendingFollowUps: Serde<PendingFollowUps>;
}

/** A registry answer that settles it (unknown id) or bytes that do not decode: the record is BAD_AVRO. */
const undecodable = (what: string) => (error: unknown): never => {
  if ((error as { retriable?: unknown }).retriable === true) throw error;
  throw new UndecodableError('BAD_AVRO', `not a decodable ${what}: ${(error as Error).message}`, error);
};

function decoding<T>(decode: (bytes: Buffer) => unknown, map: (record: never) => T, what: string): (bytes: Buffer | null) => T | Promise<T> {
  const fail = undecodable(what);
  return (bytes) => {
    if (bytes === null) throw new UndecodableError('BAD_AVRO', `not a decodable ${what}: the value is null`);
    let decoded: unknown;
    try {
      decoded = decode(bytes);
    } catch (error) {
      return fail(error);
    }
    return isPromise(decoded) ? decoded.then((r) => map(r as never), fail) : map(decoded as never);
  };
}

/**
 * The pipeline's serdes: Avro through the schema source (the registry, or local ids offline) for leads,
 * progressions and customer views; the DLQ's JSON envelope. Registers each value subject once, here.
 */
export async function leadSerdes(schemas: SchemaSource, topics: TopicNames): Promise<LeadSerdes> {
  const encodeLead = avroEncoder('lead.v1', await schemas.register(`${topics.keyed}-value`, 'lead.v1'));
  const encodeProgression = avroEncoder('funnel-progressed.v1', await schemas.register(`${topics.progression}-value`, 'funnel-progressed.v1'));
  const encodeCustomer = avroEncoder('customer-view.v1', await schemas.register(`${topics.customers}-value`, 'customer-view.v1'));
  const encodeFollowUp = avroEncoder('follow-up.v1', await schemas.register(`${topics.followUps}-value`, 'follow-up.v1'));
  const encodeAlert = avroEncoder('funnel-alert.v1', await schemas.register(`${topics.alerts}-value`, 'funnel-alert.v1'));
  const encodePending = avroEncoder('pending-followups.v1', await schemas.register(`${topics.pendingFollowUps}-value`, 'pending-followups.v1'));
  const leadBytes = avroDecoder('lead.v1', schemas);
  const customerBytes = avroDecoder('customer-view.v1', schemas);
  const followUpBytes = avroDecoder('follow-up.v1', schemas);
  const pendingBytes = avroDecoder('pending-followups.v1', schemas);
  return {
    lead: { serialize: (lead) => encodeLead(leadToAvro(lead)), deserialize: decoding(leadBytes, (r: LeadRecord) => leadFromAvro(r), 'Lead') },
    progression: { serialize: (event) => encodeProgression(progressionToAvro(event)) },
    customer: {
      serialize: (state) => encodeCustomer(customerViewToAvro(toCustomerView(state))),
      deserialize: decoding(customerBytes, (r: CustomerViewRecord) => customerViewFromAvro(r), 'CustomerView'),
    },
    followUp: { serialize: (f) => encodeFollowUp(followUpToAvro(f)), deserialize: decoding(followUpBytes, (r: FollowUpRecord) => followUpFromAvro(r), 'FollowUpRecorded') },
    alert: { serialize: (alert) => encodeAlert(alertToAvro(alert)) },
    pendingFollowUps: { serialize: (p) => encodePending(p), deserialize: decoding(pendingBytes, (r: PendingFollowUpsRecord) => r, 'PendingFollowUps') },
    deadLetter: { serialize: (letter) => dlqRecord(letter.code, letter.reason, { ...letter.origin, offset: String(letter.origin.offset), timestamp: String(letter.origin.timestamp) }) },
  };
}
