/** The funnel decider (emmett's Decider shape): `initialState`, `decide(state, lead)`, `evolve` (evolve.ts). */
import type { CustomerState, OfferFunnel } from './customerState.js';
import type { FunnelEvent, FunnelProgressed, LeadRecorded } from './events.js';
import { mergeProfile, withFirstAt } from './evolve.js';
import { PROFILE_FIELDS, type IdentityKind, type Lead, type Profile, type ProfileTimes } from './lead.js';
import { FOLLOW_UP_MS, stageOf, stageRank } from './stage.js';

export { evolve } from './evolve.js';
export { stageOf } from './stage.js';

const EMPTY_PROFILE: Profile = Object.freeze(Object.fromEntries(PROFILE_FIELDS.map((field) => [field, null])) as Profile);
const EMPTY_TIMES: ProfileTimes = Object.freeze(Object.fromEntries(PROFILE_FIELDS.map((field) => [field, null])) as ProfileTimes);

/** A customer before its first lead. */
export function initialState(customerId: string, identity: IdentityKind): CustomerState {
  return {
    customerId,
    identity,
    profile: EMPTY_PROFILE,
    profileUpdatedAt: EMPTY_TIMES,
    offers: [],
    leads: 0,
    duplicateLeads: 0,
    firstSeenAt: null,
    lastSeenAt: null,
  };
}

export function findOffer(offers: readonly OfferFunnel[], offer: string): OfferFunnel | undefined {
  for (const funnel of offers) if (funnel.offer === offer) return funnel;
  return undefined;
}

/**
 * Always one `LeadRecorded` (a duplicate when the customer already sent this action for this offer); then, for a
 * new action whose stage is above the offer's current stage (NONE for a new offer), one `FunnelProgressed`.
 * Events carry the state's `customerId` and identity kind.
 */
export function decide(state: CustomerState, lead: Lead): FunnelEvent[] {
  const current = findOffer(state.offers, lead.offer);
  const duplicate = current !== undefined && current.firstAt[lead.action] !== undefined;
  const recorded: LeadRecorded = {
    type: 'LeadRecorded',
    customerId: state.customerId,
    identity: state.identity,
    offer: lead.offer,
    publisherId: lead.publisherId,
    offerId: lead.offerId,
    action: lead.action,
    source: lead.source,
    profile: lead.profile,
    occurredAt: lead.occurredAt,
    duplicate,
  };
  const fromStage = current?.stage ?? 'NONE';
  const toStage = stageOf(lead.action);
  if (duplicate || toStage === null || stageRank(toStage) <= stageRank(fromStage)) return [recorded];
  const progressed: FunnelProgressed = {
    type: 'FunnelProgressed',
    customerId: state.customerId,
    offer: lead.offer,
    publisherId: lead.publisherId,
    offerId: lead.offerId,
    fromStage,
    toStage,
    action: lead.action,
    source: lead.source,
    occurredAt: lead.occurredAt,
    followUpBy: lead.occurredAt + FOLLOW_UP_MS,
  };
  return [recorded, progressed];
}

/**
 * For the runtime: decide and evolve in one pass, returning the new state with the progressions to publish. It is
 * `decide`'s events folded through `evolve` (a property test holds it to exactly that), without their garbage: one
 * new state, offers array and funnel per lead instead of two of each plus the events (the aggregate's hot path).
 */
export function applyLead(state: CustomerState | undefined, lead: Lead): { state: CustomerState; progressed: FunnelProgressed[] } {
  const current = state ?? initialState(lead.customerId, lead.identity);
  const offers = current.offers;
  // offers is sorted by offer (evolve's updateOffer keeps it so): the lead's funnel, or where a new one goes.
  let i = 0;
  while (i < offers.length && offers[i]!.offer < lead.offer) i += 1;
  const existing = i < offers.length && offers[i]!.offer === lead.offer ? offers[i] : undefined;
  const { action, occurredAt: at } = lead;
  const duplicate = existing !== undefined && existing.firstAt[action] !== undefined;
  const fromStage = existing?.stage ?? 'NONE';
  const toStage = stageOf(action);
  const rises = !duplicate && toStage !== null && stageRank(toStage) > stageRank(fromStage);
  const funnel: OfferFunnel = {
    offer: existing?.offer ?? lead.offer,
    publisherId: existing?.publisherId ?? lead.publisherId,
    offerId: existing?.offerId ?? lead.offerId,
    stage: rises ? toStage : fromStage,
    doNotContact: (existing?.doNotContact ?? false) || action === 'DNC',
    leads: (existing?.leads ?? 0) + 1,
    firstAt: withFirstAt(existing?.firstAt ?? NO_ACTIONS, action, at),
    lastAt: existing === undefined ? at : Math.max(existing.lastAt, at),
    followedUpAt: existing?.followedUpAt ?? null,
    alertedOverdue: existing?.alertedOverdue ?? null,
    alertedStalled: existing?.alertedStalled ?? false,
  };
  const nextOffers = offers.slice();
  if (existing === undefined) nextOffers.splice(i, 0, funnel);
  else nextOffers[i] = funnel;
  const { profile, profileUpdatedAt } = mergeProfile(current.profile, current.profileUpdatedAt, lead.profile, at);
  const next: CustomerState = {
    customerId: current.customerId,
    identity: current.identity,
    profile,
    profileUpdatedAt,
    offers: nextOffers,
    leads: current.leads + 1,
    duplicateLeads: current.duplicateLeads + (duplicate ? 1 : 0),
    firstSeenAt: current.firstSeenAt === null ? at : Math.min(current.firstSeenAt, at),
    lastSeenAt: current.lastSeenAt === null ? at : Math.max(current.lastSeenAt, at),
  };
  if (!rises) return { state: next, progressed: [] };
  const progressed: FunnelProgressed = {
    type: 'FunnelProgressed',
    customerId: current.customerId,
    offer: lead.offer,
    publisherId: lead.publisherId,
    offerId: lead.offerId,
    fromStage,
    toStage,
    action,
    source: lead.source,
    occurredAt: at,
    followUpBy: at + FOLLOW_UP_MS,
  };
  return { state: next, progressed: [progressed] };
}

const NO_ACTIONS: OfferFunnel['firstAt'] = Object.freeze({});
