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
