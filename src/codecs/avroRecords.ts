import type { Action, IdentityKind, Profile, Stage } from '../domain/lead.js';

/** TypeScript shapes of the Avro records in schemas/ (what avsc reads and writes; timestamps are epoch ms). */

export interface LeadRecord {
  readonly customerId: string;
  readonly identity: IdentityKind;
  readonly source: string;
  readonly action: Action;
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly profile: Profile;
  readonly occurredAt: number;
}

export interface FunnelProgressedRecord {
  readonly customerId: string;
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly fromStage: Stage;
  readonly toStage: Stage;
  readonly action: Action;
  readonly source: string;
  readonly occurredAt: number;
  readonly followUpBy: number;
}

export type ActionTimesRecord = { readonly [A in Action]: number | null };

export interface OfferFunnelRecord {
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly stage: Stage;
  readonly doNotContact: boolean;
  readonly leads: number;
  readonly firstAt: ActionTimesRecord;
  readonly lastAt: number;
}

export interface CustomerViewRecord {
  readonly customerId: string;
  readonly identity: IdentityKind;
  readonly profile: Profile;
  readonly profileUpdatedAt: { readonly [F in keyof Profile]: number | null };
  readonly offers: readonly OfferFunnelRecord[];
  readonly leads: number;
  readonly duplicateLeads: number;
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
}
