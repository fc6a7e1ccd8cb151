/** `evolve(state, event)`: applies one funnel event. Total and immutable: inputs are never modified. */
import type { CustomerState, OfferFunnel } from './customerState.js';
import type { FunnelEvent, FunnelProgressed, LeadRecorded } from './events.js';
import { ACTIONS, PROFILE_FIELDS, type Action, type Profile, type ProfileTimes } from './lead.js';

export function evolve(state: CustomerState, event: FunnelEvent): CustomerState {
  switch (event.type) {
    case 'LeadRecorded':
      return recordLead(state, event);
    case 'FunnelProgressed':
      return progress(state, event);
    default: {
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

function recordLead(state: CustomerState, event: LeadRecorded): CustomerState {
  const at = event.occurredAt;
  const { profile, profileUpdatedAt } = mergeProfile(state.profile, state.profileUpdatedAt, event.profile, at);
  return {
    ...state,
    profile,
    profileUpdatedAt,
    offers: updateOffer(state.offers, event, (funnel) => ({
      ...funnel,
      doNotContact: funnel.doNotContact || event.action === 'DNC',
      leads: funnel.leads + 1,
      firstAt: withFirstAt(funnel.firstAt, event.action, at),
      lastAt: Math.max(funnel.lastAt, at),
    })),
    leads: state.leads + 1,
    duplicateLeads: state.duplicateLeads + (event.duplicate ? 1 : 0),
    firstSeenAt: state.firstSeenAt === null ? at : Math.min(state.firstSeenAt, at),
    lastSeenAt: state.lastSeenAt === null ? at : Math.max(state.lastSeenAt, at),
  };
}

function progress(state: CustomerState, event: FunnelProgressed): CustomerState {
  return { ...state, offers: updateOffer(state.offers, event, (funnel) => ({ ...funnel, stage: event.toStage })) };
}

/**
 * Per field, a present value replaces the stored one when it is at least as recent (a tie goes to the
 * later-processed lead); `profileUpdatedAt` keeps the winning value's occurredAt.
 */
export function mergeProfile(
  stored: Profile,
  storedAt: ProfileTimes,
  incoming: Profile,
  at: number,
): { profile: Profile; profileUpdatedAt: ProfileTimes } {
  let profile: Record<string, string | null> | undefined;
  let times: Record<string, number | null> | undefined;
  for (const field of PROFILE_FIELDS) {
    const value = incoming[field];
    if (value === null) continue;
    const since = storedAt[field];
    if (since !== null && at < since) continue;
    if (value === stored[field] && since === at) continue;
    profile ??= { ...stored };
    times ??= { ...storedAt };
    profile[field] = value;
    times[field] = at;
  }
  return { profile: (profile as Profile | undefined) ?? stored, profileUpdatedAt: (times as ProfileTimes | undefined) ?? storedAt };
}

type ActionTimes = OfferFunnel['firstAt'];

/** `firstAt[action]` = the earliest time; keys kept in ACTIONS order so the view's JSON does not depend on arrival order. */
export function withFirstAt(firstAt: ActionTimes, action: Action, at: number): ActionTimes {
  const next: { [A in Action]?: number } = {};
  for (const each of ACTIONS) {
    const time = each === action ? Math.min(firstAt[each] ?? at, at) : firstAt[each];
    if (time !== undefined) next[each] = time;
  }
  return next;
}

type OfferKey = Pick<LeadRecorded, 'offer' | 'publisherId' | 'offerId' | 'occurredAt'>;

/** Applies `change` to the event's offer, creating it (stage NONE) if missing; `offers` stays sorted by `offer`. */
function updateOffer(offers: readonly OfferFunnel[], key: OfferKey, change: (funnel: OfferFunnel) => OfferFunnel): OfferFunnel[] {
  const next = offers.slice();
  for (let i = 0; i < next.length; i++) {
    const funnel = next[i];
    if (funnel === undefined || funnel.offer < key.offer) continue;
    if (funnel.offer === key.offer) {
      next[i] = change(funnel);
      return next;
    }
    next.splice(i, 0, change(newOffer(key)));
    return next;
  }
  next.push(change(newOffer(key)));
  return next;
}

function newOffer(key: OfferKey): OfferFunnel {
  return {
    offer: key.offer,
    publisherId: key.publisherId,
    offerId: key.offerId,
    stage: 'NONE',
    doNotContact: false,
    leads: 0,
    firstAt: {},
    lastAt: key.occurredAt,
    followedUpAt: null,
    alertedOverdue: null,
    alertedStalled: false,
  };
}
