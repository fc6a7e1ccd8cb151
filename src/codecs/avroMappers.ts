import type { CustomerView, OfferFunnel } from '../domain/customerState.js';
import type { CustomerForgotten, ErasureRequested, FollowUpRecorded, FunnelAlert, FunnelProgressed } from '../domain/events.js';
import { SOURCES, type Action, type Lead, type Source } from '../domain/lead.js';
import type { AlertView } from '../domain/alerts.js';
import type { ActionTimesRecord, AlertViewRecord, CustomerForgottenRecord, CustomerViewRecord, ErasureRequestRecord, FollowUpRecord, FunnelAlertRecord, FunnelProgressedRecord, LeadRecord } from './avroRecords.js';

/** Domain values ↔ Avro records. Domain types are not wire schemas: these are the only crossings. */

export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly code = 'CODEC_INVALID';
}

function source(raw: string): Source {
  const found = SOURCES.find((s) => s === raw);
  if (!found) throw new CodecError(`unknown source "${raw}" in an Avro record`);
  return found;
}

export const leadToAvro = ({ kind: _kind, ...record }: Lead): LeadRecord => record;

export const leadFromAvro = (record: LeadRecord): Lead => ({ kind: 'Lead', ...record, source: source(record.source) });

export const progressionToAvro = ({ type: _type, ...record }: FunnelProgressed): FunnelProgressedRecord => record;

export const progressionFromAvro = (record: FunnelProgressedRecord): FunnelProgressed => ({
  type: 'FunnelProgressed',
  ...record,
  source: source(record.source),
});

export const erasureToAvro = ({ type: _type, ...record }: ErasureRequested): ErasureRequestRecord => record;

export const erasureFromAvro = (record: ErasureRequestRecord): ErasureRequested => ({ type: 'ErasureRequested', ...record });

export const forgottenToAvro = ({ type: _type, ...record }: CustomerForgotten): CustomerForgottenRecord => record;

/**
 * A record of funnel.progression.v1, whichever of its two schemas wrote it: a CustomerForgotten has `at` and no
 * stages (the registry's decode answers the writer's fields).
 */
export function progressionTopicFromAvro(record: FunnelProgressedRecord | CustomerForgottenRecord): FunnelProgressed | CustomerForgotten {
  if ('toStage' in record) return progressionFromAvro(record);
  return { type: 'CustomerForgotten', customerId: record.customerId, at: record.at };
}

function actionTimesToAvro(firstAt: OfferFunnel['firstAt']): ActionTimesRecord {
  return { PLT: firstAt.PLT ?? null, StartTestDrive: firstAt.StartTestDrive ?? null, INS: firstAt.INS ?? null, Create: firstAt.Create ?? null, DNC: firstAt.DNC ?? null };
}

// Named stores, not a loop over ACTIONS with computed keys: 3–5× faster, and it runs per offer of every customer
// decoded (a restored task's start decodes 1,000,000). A new action fails to compile in actionTimesToAvro above.
function actionTimesFromAvro(record: ActionTimesRecord): OfferFunnel['firstAt'] {
  const firstAt: { -readonly [A in Action]?: number } = {};
  if (record.PLT !== null) firstAt.PLT = record.PLT;
  if (record.StartTestDrive !== null) firstAt.StartTestDrive = record.StartTestDrive;
  if (record.INS !== null) firstAt.INS = record.INS;
  if (record.Create !== null) firstAt.Create = record.Create;
  if (record.DNC !== null) firstAt.DNC = record.DNC;
  return firstAt;
}

export function customerViewToAvro(view: CustomerView): CustomerViewRecord {
  if (view.firstSeenAt === null || view.lastSeenAt === null) {
    throw new CodecError(`customer ${view.customerId} has no lead yet: there is no view to publish`);
  }
  return {
    ...view,
    offers: view.offers.map((offer) => ({ ...offer, firstAt: actionTimesToAvro(offer.firstAt) })),
    firstSeenAt: view.firstSeenAt,
    lastSeenAt: view.lastSeenAt,
  };
}

/** An offer as Avro has it (every action's time, null when never sent) → as the domain has it (only those sent). */
const offerFromAvro = <T extends { readonly firstAt: ActionTimesRecord }>(offer: T): Omit<T, 'firstAt'> & { readonly firstAt: OfferFunnel['firstAt'] } => ({ ...offer, firstAt: actionTimesFromAvro(offer.firstAt) });

export const customerViewFromAvro = (record: CustomerViewRecord): CustomerView => ({ ...record, offers: record.offers.map(offerFromAvro) });

export const alertViewFromAvro = (record: AlertViewRecord): AlertView => ({ offers: record.offers.map(offerFromAvro) });

export const followUpToAvro = ({ type: _type, ...record }: FollowUpRecorded): FollowUpRecord => record;

export const followUpFromAvro = (record: FollowUpRecord): FollowUpRecorded => ({ type: 'FollowUpRecorded', ...record });

// One literal per kind, every field in place: spreading defaults then overwriting them was 4.5% of `process`.
export function alertToAvro(alert: FunnelAlert): FunnelAlertRecord {
  const { customerId, offer, publisherId, offerId } = alert;
  return alert.type === 'FollowUpOverdue'
    ? { type: alert.type, customerId, offer, publisherId, offerId, stage: alert.stage, progressedAt: alert.progressedAt, followUpBy: alert.followUpBy, trialAt: null, stalledAt: null }
    : { type: alert.type, customerId, offer, publisherId, offerId, stage: null, progressedAt: null, followUpBy: null, trialAt: alert.trialAt, stalledAt: alert.stalledAt };
}

export function alertFromAvro(record: FunnelAlertRecord): FunnelAlert {
  const { customerId, offer, publisherId, offerId } = record;
  if (record.type === 'FollowUpOverdue') {
    if (record.stage === null || record.stage === 'NONE' || record.progressedAt === null || record.followUpBy === null) throw new CodecError('a FollowUpOverdue alert without its stage and times');
    return { type: 'FollowUpOverdue', customerId, offer, publisherId, offerId, stage: record.stage, progressedAt: record.progressedAt, followUpBy: record.followUpBy };
  }
  if (record.trialAt === null || record.stalledAt === null) throw new CodecError('a TrialStalled alert without its times');
  return { type: 'TrialStalled', customerId, offer, publisherId, offerId, trialAt: record.trialAt, stalledAt: record.stalledAt };
}
