import type { Action, IdentityKind, Profile, ProfileTimes, Stage } from './lead.js';

/** One offer's funnel for one customer. */
export interface OfferFunnel {
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly stage: Stage;
  readonly doNotContact: boolean;
  /** Leads for this offer, duplicates included. */
  readonly leads: number;
  /** Per action, the earliest occurredAt seen; an action is present iff the customer sent it for this offer. */
  readonly firstAt: { readonly [A in Action]?: number };
  /** Latest occurredAt of any lead for this offer. */
  readonly lastAt: number;
  /** The latest follow-up recorded for this offer (null: none): it closes deadlines of progressions at or before it. */
  readonly followedUpAt: number | null;
  /** The stage whose follow-up deadline already raised FollowUpOverdue (null: none did). */
  readonly alertedOverdue: Stage | null;
  /** Whether TrialStalled was raised for this offer. */
  readonly alertedStalled: boolean;
}

/**
 * The whole per-customer state. It is also the customer view: `customers.v1` carries exactly this,
 * so restoring from the changelog and continuing decides as if the process had never stopped.
 */
export interface CustomerState {
  readonly customerId: string;
  readonly identity: IdentityKind;
  readonly profile: Profile;
  readonly profileUpdatedAt: ProfileTimes;
  /** Sorted by `offer`. */
  readonly offers: readonly OfferFunnel[];
  readonly leads: number;
  readonly duplicateLeads: number;
  /** null only before the first lead. */
  readonly firstSeenAt: number | null;
  readonly lastSeenAt: number | null;
}

/** The public, de-duplicated view of a customer: the same data as the state, offers sorted. */
export type CustomerView = CustomerState;
