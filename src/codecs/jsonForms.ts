import type { CustomerView } from '../domain/customerState.js';
import type { CustomerForgotten, ErasureRequested, FollowUpRecorded, FunnelAlert, FunnelProgressed } from '../domain/events.js';
import type { Rejection } from '../domain/rejection.js';

/**
 * The JSON forms (offline files, `consume --format jsonl`, exports): the Avro records' fields with
 * timestamps as ISO-8601 UTC strings with milliseconds.
 */
export function iso(ms: number): string {
  // Date#toISOString was 9% of `process` (a few per output record): the date part is cached per day, the time
  // formatted here. Years outside 0000–9999 and fractional times take Date's own path.
  if (!Number.isInteger(ms) || ms < MIN_FAST_MS || ms >= MAX_FAST_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let date = dayPrefixes.get(day);
  if (date === undefined) {
    if (dayPrefixes.size >= 4_096) dayPrefixes.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, date);
  }
  let t = ms - day * DAY_MS;
  const millis = t % 1000;
  t = (t - millis) / 1000;
  const seconds = t % 60;
  t = (t - seconds) / 60;
  const minutes = t % 60;
  const hours = (t - minutes) / 60;
  return `${date}${hours < 10 ? '0' : ''}${hours}:${minutes < 10 ? '0' : ''}${minutes}:${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

const DAY_MS = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z: toISOString's four-digit years. */
const MIN_FAST_MS = -62_167_219_200_000;
const MAX_FAST_MS = 253_402_300_800_000;
/** "YYYY-MM-DDT" by day since the epoch. */
const dayPrefixes = new Map<number, string>();
const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : iso(ms));

export const progressionToJson = (e: FunnelProgressed) => ({
  customerId: e.customerId,
  offer: e.offer,
  publisherId: e.publisherId,
  offerId: e.offerId,
  fromStage: e.fromStage,
  toStage: e.toStage,
  action: e.action,
  source: e.source,
  occurredAt: iso(e.occurredAt),
  followUpBy: iso(e.followUpBy),
});

export const customerViewToJson = (view: CustomerView) => ({
  customerId: view.customerId,
  identity: view.identity,
  profile: { ...view.profile },
  profileUpdatedAt: Object.fromEntries(Object.entries(view.profileUpdatedAt).map(([field, at]) => [field, isoOrNull(at)])),
  offers: view.offers.map((offer) => ({
    offer: offer.offer,
    publisherId: offer.publisherId,
    offerId: offer.offerId,
    stage: offer.stage,
    doNotContact: offer.doNotContact,
    leads: offer.leads,
    // Only the actions the customer sent, as in the spec's example.
    firstAt: Object.fromEntries(Object.entries(offer.firstAt).map(([action, at]) => [action, iso(at)])),
    lastAt: iso(offer.lastAt),
    followedUpAt: isoOrNull(offer.followedUpAt),
    alertedOverdue: offer.alertedOverdue,
    alertedStalled: offer.alertedStalled,
  })),
  leads: view.leads,
  duplicateLeads: view.duplicateLeads,
  firstSeenAt: isoOrNull(view.firstSeenAt),
  lastSeenAt: isoOrNull(view.lastSeenAt),
});

export const alertToJson = (a: FunnelAlert) =>
  a.type === 'FollowUpOverdue'
    ? { type: a.type, customerId: a.customerId, offer: a.offer, publisherId: a.publisherId, offerId: a.offerId, stage: a.stage, progressedAt: iso(a.progressedAt), followUpBy: iso(a.followUpBy) }
    : { type: a.type, customerId: a.customerId, offer: a.offer, publisherId: a.publisherId, offerId: a.offerId, trialAt: iso(a.trialAt), stalledAt: iso(a.stalledAt) };

export const followUpToJson = (f: FollowUpRecorded) => ({ customerId: f.customerId, offer: f.offer, at: iso(f.at), by: f.by });

export const erasureToJson = (e: ErasureRequested) => ({ customerId: e.customerId, requestedAt: iso(e.requestedAt) });

/** `type` tells it from a progression: both are on funnel.progression.v1. */
export const forgottenToJson = (e: CustomerForgotten) => ({ type: e.type, customerId: e.customerId, at: iso(e.at) });

/** A rejected record in the offline DLQ file: where it came from, why, and its original bytes as text. */
/** `code` is a RejectionCode, or BAD_ENVELOPE for a line that is not an envelope. */
export const offlineDlqToJson = (line: number, rejection: { readonly code: Rejection['code'] | 'BAD_ENVELOPE'; readonly reason: string }, original: string) => ({
  line,
  code: rejection.code,
  reason: rejection.reason,
  value: original,
});
