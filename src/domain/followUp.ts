/** Recording a follow-up on a customer's offer (docs/alerts.md). */
import type { CustomerState } from './customerState.js';
import { byOffer } from './customerView.js';
import type { FollowUpRecorded } from './events.js';
import { customerIdOfRef } from './identity.js';
import { timeOf } from './occurredAt.js';
import { parseOffer } from './offerMap.js';

/**
 * The offer keeps the latest follow-up time, so the state does not depend on whether the follow-up or the lead came
 * first; answers undefined when the customer has no such offer yet (the caller holds the follow-up until it does).
 */
export function applyFollowUp(state: CustomerState, followUp: Pick<FollowUpRecorded, 'offer' | 'at'>): CustomerState | undefined {
  const i = state.offers.findIndex((funnel) => funnel.offer === followUp.offer);
  if (i < 0) return undefined;
  const funnel = state.offers[i]!;
  if (funnel.followedUpAt !== null && funnel.followedUpAt >= followUp.at) return state;
  const offers = state.offers.slice();
  offers[i] = { ...funnel, followedUpAt: followUp.at };
  return { ...state, offers };
}

/** Follow-ups held for a customer's offers it has not sent a lead for yet: the latest time per offer. */
export interface PendingFollowUps {
  readonly customerId: string;
  /** Sorted by offer. */
  readonly offers: readonly { readonly offer: string; readonly at: number }[];
}

export function holdFollowUp(pending: PendingFollowUps | undefined, followUp: Pick<FollowUpRecorded, 'customerId' | 'offer' | 'at'>): PendingFollowUps {
  const offers = (pending?.offers ?? []).filter((o) => o.offer !== followUp.offer);
  const previous = pending?.offers.find((o) => o.offer === followUp.offer);
  offers.push({ offer: followUp.offer, at: Math.max(previous?.at ?? followUp.at, followUp.at) });
  offers.sort(byOffer);
  return { customerId: followUp.customerId, offers };
}

/** Hands the held follow-ups to the offers the customer now has; what is left stays held (undefined: nothing). */
export function releaseFollowUps(state: CustomerState, pending: PendingFollowUps): { state: CustomerState; pending: PendingFollowUps | undefined } {
  let next = state;
  const kept: { offer: string; at: number }[] = [];
  for (const held of pending.offers) {
    const applied = applyFollowUp(next, held);
    if (applied === undefined) kept.push(held);
    else next = applied;
  }
  return { state: next, pending: kept.length === 0 ? undefined : { customerId: pending.customerId, offers: kept } };
}

/** A follow-up as a person or a CRM gives it: who (id, email or phone), which offer, when, by whom. */
export interface FollowUpInput {
  readonly id?: unknown;
  readonly customerId?: unknown;
  readonly email?: unknown;
  readonly phone?: unknown;
  readonly offer?: unknown;
  /** ISO-8601 UTC or epoch ms. */
  readonly at?: unknown;
  readonly by?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Validates a follow-up (the same rules for `followup`, `POST /followups` and `process --followups`). */
export function followUpOf(input: FollowUpInput): { ok: true; followUp: FollowUpRecorded } | { ok: false; field: string; reason: string } {
  const ref = customerIdOfRef({ id: text(input.id ?? input.customerId), email: text(input.email), phone: text(input.phone) });
  if (!ref.ok) return ref;
  const offer = typeof input.offer === 'string' ? parseOffer(input.offer) : undefined;
  if (!offer) return { ok: false, field: 'offer', reason: 'must be publisherid.offerid' };
  const at = timeOf(input.at);
  if (at === undefined) return { ok: false, field: 'at', reason: 'must be an ISO-8601 UTC time (2026-10-01T12:00:00Z) or epoch milliseconds' };
  if (input.by !== undefined && input.by !== null && typeof input.by !== 'string') return { ok: false, field: 'by', reason: 'must be text' };
  const by = typeof input.by === 'string' && input.by.trim() !== '' ? input.by.trim().slice(0, 200) : null;
  return { ok: true, followUp: { type: 'FollowUpRecorded', customerId: ref.customerId, offer: offer.offer, at, by } };
}
