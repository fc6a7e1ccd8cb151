import type { Action, IdentityKind, Profile, Source, Stage } from './lead.js';

/** A lead was accepted for a customer (new or duplicate); it updates counters, profile and the offer's record. */
export interface LeadRecorded {
  readonly type: 'LeadRecorded';
  readonly customerId: string;
  readonly identity: IdentityKind;
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly action: Action;
  readonly source: Source;
  readonly profile: Profile;
  readonly occurredAt: number;
  /** The customer had already sent this (offer, action). */
  readonly duplicate: boolean;
}

/** The offer's stage rose: the event analytics subscribe to (`funnel.progression.v1`). */
export interface FunnelProgressed {
  readonly type: 'FunnelProgressed';
  readonly customerId: string;
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly fromStage: Stage;
  readonly toStage: Stage;
  readonly action: Action;
  readonly source: Source;
  readonly occurredAt: number;
  /** occurredAt + 24 h: the marketplace asks publishers to follow up within a day. */
  readonly followUpBy: number;
}

export type FunnelEvent = LeadRecorded | FunnelProgressed;

/** Sales recorded that they followed up on `(customerId, offer)` at `at` (`leads.followups.v1`). */
export interface FollowUpRecorded {
  readonly type: 'FollowUpRecorded';
  readonly customerId: string;
  readonly offer: string;
  readonly at: number;
  /** Who followed up (free text, may be null). */
  readonly by: string | null;
}

/** A progression's follow-up deadline passed with no follow-up recorded (`funnel.alerts.v1`). */
export interface FollowUpOverdue {
  readonly type: 'FollowUpOverdue';
  readonly customerId: string;
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly stage: Exclude<Stage, 'NONE'>;
  readonly progressedAt: number;
  readonly followUpBy: number;
}

/** A trial with no ACTIVE within the stall window (`funnel.alerts.v1`). */
export interface TrialStalled {
  readonly type: 'TrialStalled';
  readonly customerId: string;
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly trialAt: number;
  readonly stalledAt: number;
}

export type FunnelAlert = FollowUpOverdue | TrialStalled;

/** Someone asked that a customer be forgotten (`customers.erasures.v1`): the id is a hash, no other personal data. */
export interface ErasureRequested {
  readonly type: 'ErasureRequested';
  readonly customerId: string;
  readonly requestedAt: number;
}

/** The customer's state is gone (`funnel.progression.v1`): downstream consumers purge their copies. */
export interface CustomerForgotten {
  readonly type: 'CustomerForgotten';
  readonly customerId: string;
  readonly at: number;
}
