/** The funnel decider (emmett's Decider shape): `initialState`, `decide(state, lead)`, `evolve` (evolve.ts). */
import type { CustomerState, OfferFunnel } from './customerState.js';
import type { FunnelEvent, FunnelProgressed, LeadRecorded } from './events.js';
import { evolve } from './evolve.js';
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

/** For the runtime: decide, evolve the events, and return the new state with the progressions to publish. */
export function applyLead(state: CustomerState | undefined, lead: Lead): { state: CustomerState; progressed: FunnelProgressed[] } {
  let next = state ?? initialState(lead.customerId, lead.identity);
  const progressed: FunnelProgressed[] = [];
  for (const event of decide(next, lead)) {
    next = evolve(next, event);
    if (event.type === 'FunnelProgressed') progressed.push(event);
  }
  return { state: next, progressed };
}
