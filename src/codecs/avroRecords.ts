import type { ALERT_FIELDS } from '../domain/alerts.js';
import type { CustomerView, OfferFunnel } from '../domain/customerState.js';
import type { CustomerForgotten, ErasureRequested, FollowUpRecorded, FunnelAlert, FunnelProgressed } from '../domain/events.js';
import type { ErasedMark } from '../domain/erasure.js';
import type { PendingFollowUps } from '../domain/followUp.js';
import type { Action, Lead, Stage } from '../domain/lead.js';

/**
 * TypeScript shapes of the Avro records in schemas/ (what avsc reads and writes; timestamps are epoch ms),
 * derived from the domain types so the two cannot drift apart silently. Where the wire differs: no
 * discriminator, `source` is a plain string (Avro enum symbols cannot spell "AppSource (SPZA)"), every
 * action has a nullable firstAt, and a published view always has firstSeenAt/lastSeenAt.
 */

export type LeadRecord = Omit<Lead, 'kind' | 'source'> & { readonly source: string };

export type FunnelProgressedRecord = Omit<FunnelProgressed, 'type' | 'source'> & { readonly source: string };

export type ActionTimesRecord = { readonly [A in Action]: number | null };

export type OfferFunnelRecord = Omit<OfferFunnel, 'firstAt'> & { readonly firstAt: ActionTimesRecord };

export type CustomerViewRecord = Omit<CustomerView, 'offers' | 'firstSeenAt' | 'lastSeenAt'> & {
  readonly offers: readonly OfferFunnelRecord[];
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
};

/** customer-view.v1 read with only what alert decisions need (ALERT_FIELDS of each offer). */
export type AlertViewRecord = { readonly offers: readonly Pick<OfferFunnelRecord, (typeof ALERT_FIELDS)[number]>[] };

export type FollowUpRecord = Omit<FollowUpRecorded, 'type'>;

export type ErasureRequestRecord = Omit<ErasureRequested, 'type'>;

export type CustomerForgottenRecord = Omit<CustomerForgotten, 'type'>;

export type ErasedCustomerRecord = ErasedMark;

/** Both alert kinds in one flat record: the fields a kind does not have are null. */
export interface FunnelAlertRecord {
  readonly type: FunnelAlert['type'];
  readonly customerId: string;
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly stage: Stage | null;
  readonly progressedAt: number | null;
  readonly followUpBy: number | null;
  readonly trialAt: number | null;
  readonly stalledAt: number | null;
}

export type PendingFollowUpsRecord = PendingFollowUps;
