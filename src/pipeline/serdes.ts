import { alertToAvro, alertViewFromAvro, customerViewFromAvro, customerViewToAvro, erasureFromAvro, erasureToAvro, followUpFromAvro, followUpToAvro, forgottenToAvro, leadFromAvro, leadToAvro, progressionToAvro } from '../codecs/avroMappers.js';
import type { AlertViewRecord, CustomerViewRecord, ErasedCustomerRecord, ErasureRequestRecord, FollowUpRecord, LeadRecord, PendingFollowUpsRecord } from '../codecs/avroRecords.js';
import { avroDecoder, type AvroDecoder, type SchemaSource } from '../codecs/avroSchemas.js';
import { dlqRecord } from '../codecs/dlqRecord.js';
import { projectedType } from '../codecs/schemaFiles.js';
import { avroEncoder } from '../codecs/wireFormat.js';
import { ALERT_FIELDS, type AlertView } from '../domain/alerts.js';
import type { CustomerState } from '../domain/customerState.js';
import { withOffersInOrder } from '../domain/customerView.js';
import type { ErasedMark } from '../domain/erasure.js';
import type { CustomerForgotten, ErasureRequested, FollowUpRecorded, FunnelAlert, FunnelProgressed } from '../domain/events.js';
import type { PendingFollowUps } from '../domain/followUp.js';
import type { Lead } from '../domain/lead.js';
import type { DeadLetter } from '../runtime/api.js';
import type { Projection } from '../state/keyValueStore.js';
import { isPromise, UndecodableError, type Serde, type Serializer } from '../runtime/serde.js';
import type { TopicNames } from './topicNames.js';
import { funnelProgression } from '../../topics/index.js';

export interface LeadSerdes {
  readonly lead: Serde<Lead>;
  /** Both records of funnel.progression.v1: FunnelProgressed, and CustomerForgotten under its own subject. */
  readonly progression: Serializer<FunnelProgressed | CustomerForgotten>;
  readonly customer: Serde<CustomerState>;
  /** A stored customer's alert fields only: the aggregate's due index, rebuilt at every task start. */
  readonly customerAlertView: Projection<CustomerState, AlertView>;
  readonly deadLetter: Serializer<DeadLetter>;
  readonly followUp: Serde<FollowUpRecorded>;
  readonly alert: Serializer<FunnelAlert>;
  readonly pendingFollowUps: Serde<PendingFollowUps>;
  readonly erasure: Serde<ErasureRequested>;
  readonly erased: Serde<ErasedMark>;
}

/** TopicRecordNameStrategy's subject: a second record type on a topic registers under `<topic>-<full record name>`. */
export const recordSubject = (topic: string, fullName: string): string => `${topic}-${fullName}`;
const CUSTOMER_FORGOTTEN_RECORD = funnelProgression.otherValueSchemas![0]!.recordName;

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

/** A store value's `warm` (see Deserializer): bytes not in the wire format are undecodable, as `decoding` says. */
function warming(decoder: AvroDecoder, what: string): (bytes: Buffer) => Promise<void> | undefined {
  const fail = undecodable(what);
  return (bytes) => {
    try {
      return decoder.warm(bytes)?.catch(fail);
    } catch (error) {
      return fail(error);
    }
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
  const encodeForgotten = avroEncoder('customer-forgotten.v1', await schemas.register(recordSubject(topics.progression, CUSTOMER_FORGOTTEN_RECORD), 'customer-forgotten.v1'));
  const encodeErasure = avroEncoder('erasure-request.v1', await schemas.register(`${topics.erasures}-value`, 'erasure-request.v1'));
  const encodeErased = avroEncoder('erased-customer.v1', await schemas.register(`${topics.erased}-value`, 'erased-customer.v1'));
  const erasureBytes = avroDecoder('erasure-request.v1', schemas);
  const erasedBytes = avroDecoder('erased-customer.v1', schemas);
  const leadBytes = avroDecoder('lead.v1', schemas);
  const customerBytes = avroDecoder('customer-view.v1', schemas);
  const alertViewBytes = customerBytes.project(projectedType('customer-view.v1', { offers: Object.fromEntries(ALERT_FIELDS.map((field) => [field, true])) }));
  const followUpBytes = avroDecoder('follow-up.v1', schemas);
  const pendingBytes = avroDecoder('pending-followups.v1', schemas);
  return {
    lead: { serialize: (lead) => encodeLead(leadToAvro(lead)), deserialize: decoding(leadBytes, (r: LeadRecord) => leadFromAvro(r), 'Lead') },
    progression: { serialize: (event) => (event.type === 'CustomerForgotten' ? encodeForgotten(forgottenToAvro(event)) : encodeProgression(progressionToAvro(event))) },
    customer: {
      serialize: (state) => encodeCustomer(customerViewToAvro(withOffersInOrder(state))),
      deserialize: decoding(customerBytes, (r: CustomerViewRecord) => customerViewFromAvro(r), 'CustomerView'),
      warm: warming(customerBytes, 'CustomerView'),
    },
    customerAlertView: { fromBytes: (bytes) => alertViewFromAvro(alertViewBytes(bytes) as AlertViewRecord), fromValue: (state) => state },
    followUp: { serialize: (f) => encodeFollowUp(followUpToAvro(f)), deserialize: decoding(followUpBytes, (r: FollowUpRecord) => followUpFromAvro(r), 'FollowUpRecorded') },
    alert: { serialize: (alert) => encodeAlert(alertToAvro(alert)) },
    pendingFollowUps: { serialize: (p) => encodePending(p), deserialize: decoding(pendingBytes, (r: PendingFollowUpsRecord) => r, 'PendingFollowUps'), warm: warming(pendingBytes, 'PendingFollowUps') },
    erasure: { serialize: (e) => encodeErasure(erasureToAvro(e)), deserialize: decoding(erasureBytes, (r: ErasureRequestRecord) => erasureFromAvro(r), 'ErasureRequested') },
    erased: { serialize: (mark) => encodeErased(mark), deserialize: decoding(erasedBytes, (r: ErasedCustomerRecord) => r, 'ErasedCustomer'), warm: warming(erasedBytes, 'ErasedCustomer') },
    deadLetter: { serialize: (letter) => dlqRecord(letter.code, letter.reason, { ...letter.origin, offset: String(letter.origin.offset), timestamp: String(letter.origin.timestamp) }) },
  };
}
