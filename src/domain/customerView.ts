/** The public customer view (`customers.v1`): the customer state itself, in a canonical order. */
import type { CustomerState, CustomerView, OfferFunnel } from './customerState.js';
import { ACTIONS, PROFILE_FIELDS, type Action, type Profile, type ProfileTimes } from './lead.js';

/** Offers in `offer` order (code-unit order, as the view sorts them). */
export const byOffer = (a: Pick<OfferFunnel, 'offer'>, b: Pick<OfferFunnel, 'offer'>): number => (a.offer < b.offer ? -1 : a.offer > b.offer ? 1 : 0);

/**
 * Offers sorted by `offer`; every object's keys in one fixed order (profile fields, then ACTIONS in `firstAt`),
 * so the view serializes to the same JSON whatever order the leads arrived in or the state was restored from.
 */
export function toCustomerView(state: CustomerState): CustomerView {
  return {
    customerId: state.customerId,
    identity: state.identity,
    profile: inFieldOrder(state.profile) as Profile,
    profileUpdatedAt: inFieldOrder(state.profileUpdatedAt) as ProfileTimes,
    offers: [...state.offers].sort(byOffer).map(offerView),
    leads: state.leads,
    duplicateLeads: state.duplicateLeads,
    firstSeenAt: state.firstSeenAt,
    lastSeenAt: state.lastSeenAt,
  };
}

/**
 * The state itself when its offers are already in order (the decider keeps them so), else its canonical view: for
 * writers to which key order means nothing (Avro writes fields in schema order), this saves a copy per write.
 */
export function withOffersInOrder(state: CustomerState): CustomerState {
  for (let i = 1; i < state.offers.length; i += 1) if (byOffer(state.offers[i - 1]!, state.offers[i]!) >= 0) return toCustomerView(state);
  return state;
}

function inFieldOrder<T>(fields: { readonly [F in (typeof PROFILE_FIELDS)[number]]: T }): Record<string, T> {
  const ordered: Record<string, T> = {};
  for (const field of PROFILE_FIELDS) ordered[field] = fields[field];
  return ordered;
}

function offerView(offer: OfferFunnel): OfferFunnel {
  const firstAt: { [A in Action]?: number } = {};
  for (const action of ACTIONS) {
    const at = offer.firstAt[action];
    if (at !== undefined) firstAt[action] = at;
  }
  return {
    offer: offer.offer,
    publisherId: offer.publisherId,
    offerId: offer.offerId,
    stage: offer.stage,
    doNotContact: offer.doNotContact,
    leads: offer.leads,
    firstAt,
    lastAt: offer.lastAt,
    followedUpAt: offer.followedUpAt,
    alertedOverdue: offer.alertedOverdue,
    alertedStalled: offer.alertedStalled,
  };
}

/**
 * The view without the alert marks (`alertedOverdue`, `alertedStalled`): those record when time passed a deadline,
 * and time is per task (stream time per partition, the wall clock in a live run), so comparisons of a run with
 * `process` on the same leads leave them out; the alerts themselves are compared where time is controlled.
 */
export function withoutAlertMarks(view: CustomerView): CustomerView {
  return { ...view, offers: view.offers.map((offer) => ({ ...offer, alertedOverdue: null, alertedStalled: false })) };
}
