/** The lead model: plain data, shared by every layer. Times are epoch milliseconds (UTC). */

export const SOURCES = ['AzureMarketplace', 'AzurePortal', 'AppSource (SPZA)', 'TestDrive'] as const;
export type Source = (typeof SOURCES)[number];

export const ACTIONS = ['PLT', 'StartTestDrive', 'INS', 'Create', 'DNC'] as const;
export type Action = (typeof ACTIONS)[number];

/** Ordered: NONE < INTERESTED < TRIAL < ACTIVE. */
export const STAGES = ['NONE', 'INTERESTED', 'TRIAL', 'ACTIVE'] as const;
export type Stage = (typeof STAGES)[number];

export const IDENTITY_KINDS = ['email', 'phone', 'name'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export const PROFILE_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'country', 'company', 'title'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Normalized customer fields; null = missing. */
export type Profile = { readonly [F in ProfileField]: string | null };
/** Per profile field, the occurredAt of the value that won; null when the field is missing. */
export type ProfileTimes = { readonly [F in ProfileField]: number | null };

/** A parsed, normalized, identified lead: the only input of the funnel decider. */
export interface Lead {
  readonly kind: 'Lead';
  readonly customerId: string;
  readonly identity: IdentityKind;
  readonly source: Source;
  readonly action: Action;
  /** `publisherid.offerid`, lower-cased. */
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  readonly profile: Profile;
  readonly occurredAt: number;
}
