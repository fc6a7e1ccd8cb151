package dev.leadstream.kstreams;

import dev.leadstream.kstreams.Model.CustomerState;
import dev.leadstream.kstreams.Model.FunnelProgressed;
import dev.leadstream.kstreams.Model.Lead;
import dev.leadstream.kstreams.Model.OfferFunnel;
import java.util.List;

/**
 * funnel.ts applyLead = decide + evolve (evolve.ts), on a mutable state: the same LeadRecorded effects (profile
 * merge, offer counters, firstAt/lastAt, customer counters) and, for a new action that raises the offer's stage, one
 * FunnelProgressed.
 */
final class Funnel {
  private Funnel() {}

  /** funnel.ts initialState. */
  static CustomerState initialState(String customerId, String identity) {
    CustomerState state = new CustomerState();
    state.customerId = customerId;
    state.identity = identity;
    return state;
  }

  /** Applies the lead to {@code state} (modified in place); returns the progression, or null. */
  static FunnelProgressed apply(CustomerState state, Lead lead) {
    List<OfferFunnel> offers = state.offers;
    // decide: the offer as it was before this lead
    int index = 0;
    OfferFunnel current = null;
    for (; index < offers.size(); index++) {
      int cmp = offers.get(index).offer.compareTo(lead.offer);
      if (cmp == 0) current = offers.get(index);
      if (cmp >= 0) break;
    }
    int action = lead.action;
    boolean duplicate = current != null && current.firstAt[action] != Model.NO_TIME;
    int fromStage = current == null ? 0 : current.stage;
    int toStage = Model.STAGE_OF_ACTION[action];
    boolean progresses = !duplicate && toStage >= 0 && toStage > fromStage;

    // evolve LeadRecorded
    long at = lead.occurredAt;
    mergeProfile(state, lead.profile, at);
    if (current == null) {
      current = new OfferFunnel();
      current.offer = lead.offer;
      current.publisherId = lead.publisherId;
      current.offerId = lead.offerId;
      current.lastAt = at;
      offers.add(index, current);
    }
    current.doNotContact = current.doNotContact || action == Model.DNC;
    current.leads += 1;
    long first = current.firstAt[action];
    current.firstAt[action] = first == Model.NO_TIME ? at : Math.min(first, at);
    current.lastAt = Math.max(current.lastAt, at);
    state.leads += 1;
    if (duplicate) state.duplicateLeads += 1;
    state.firstSeenAt = state.firstSeenAt == Model.NO_TIME ? at : Math.min(state.firstSeenAt, at);
    state.lastSeenAt = state.lastSeenAt == Model.NO_TIME ? at : Math.max(state.lastSeenAt, at);

    if (!progresses) return null;
    // evolve FunnelProgressed
    current.stage = toStage;
    FunnelProgressed event = new FunnelProgressed();
    event.customerId = state.customerId;
    event.offer = lead.offer;
    event.publisherId = lead.publisherId;
    event.offerId = lead.offerId;
    event.fromStage = fromStage;
    event.toStage = toStage;
    event.action = action;
    event.source = lead.source;
    event.occurredAt = at;
    event.followUpBy = at + Model.FOLLOW_UP_MS;
    return event;
  }

  /** evolve.ts mergeProfile: per field, a present value wins when at least as recent as the stored one. */
  private static void mergeProfile(CustomerState state, String[] incoming, long at) {
    for (int f = 0; f < incoming.length; f++) {
      String value = incoming[f];
      if (value == null) continue;
      long since = state.profileUpdatedAt[f];
      if (since != Model.NO_TIME && at < since) continue;
      state.profile[f] = value;
      state.profileUpdatedAt[f] = at;
    }
  }
}
