/**
 * Follow-up deadlines and stalled trials (docs/alerts.md): pure decisions over a customer's state and a time.
 * The runtime brings the time (stream time, or the wall clock once a task has caught up); nothing here reads a clock.
 */
import type { CustomerState, OfferFunnel } from './customerState.js';
import type { FollowUpOverdue, FunnelAlert, TrialStalled } from './events.js';
import type { Stage } from './lead.js';
import { FOLLOW_UP_MS } from './stage.js';

/** Fourteen days: LEADSTREAM_STALLED_AFTER_DAYS's default. */
export const STALLED_AFTER_MS = 14 * FOLLOW_UP_MS;

export interface AlertRules {
  /** A TRIAL with no ACTIVE this long after it stalls. */
  readonly stalledAfterMs: number;
}

export const DEFAULT_ALERT_RULES: AlertRules = { stalledAfterMs: STALLED_AFTER_MS };

/** The offer fields alert decisions read: a store can project just these (a restore's due index skips the rest). */
export const ALERT_FIELDS = ['stage', 'doNotContact', 'firstAt', 'followedUpAt', 'alertedOverdue', 'alertedStalled'] as const;
export type AlertFunnel = Pick<OfferFunnel, (typeof ALERT_FIELDS)[number]>;
/** What `nextAlertAt` needs of a customer (a CustomerState is one). */
export interface AlertView {
  readonly offers: readonly AlertFunnel[];
}

/** When the offer reached `stage`: the earliest occurredAt of the actions that lead there (independent of arrival order). */
export function reachedAt(funnel: Pick<OfferFunnel, 'firstAt'>, stage: Stage): number | undefined {
  const { firstAt } = funnel;
  switch (stage) {
    case 'INTERESTED':
      return firstAt.PLT;
    case 'TRIAL':
      return firstAt.StartTestDrive;
    case 'ACTIVE':
      return firstAt.INS === undefined ? firstAt.Create : firstAt.Create === undefined ? firstAt.INS : Math.min(firstAt.INS, firstAt.Create);
    case 'NONE':
      return undefined;
    default: {
      const unknown: never = stage;
      void unknown;
      return undefined;
    }
  }
}

export interface Deadline {
  readonly stage: Exclude<Stage, 'NONE'>;
  readonly progressedAt: number;
  readonly followUpBy: number;
}

/**
 * The offer's follow-up deadline: its current stage's (a later progression supersedes an earlier one's), closed by
 * a follow-up at or after the progression, cancelled by DNC; undefined when there is none to watch.
 */
export function followUpDeadline(funnel: AlertFunnel): Deadline | undefined {
  const stage = funnel.stage;
  if (stage === 'NONE' || funnel.doNotContact) return undefined;
  const progressedAt = reachedAt(funnel, stage);
  if (progressedAt === undefined) return undefined;
  if (funnel.followedUpAt !== null && funnel.followedUpAt >= progressedAt) return undefined;
  return { stage, progressedAt, followUpBy: progressedAt + FOLLOW_UP_MS };
}

/** The trial's stall time, while it is a trial that could still stall (no DNC, not already alerted). */
export function stallTime(funnel: AlertFunnel, rules: AlertRules): { trialAt: number; stalledAt: number } | undefined {
  if (funnel.doNotContact || funnel.alertedStalled || funnel.stage === 'NONE' || funnel.stage === 'INTERESTED') return undefined;
  const trialAt = funnel.firstAt.StartTestDrive;
  if (trialAt === undefined) return undefined;
  const stalledAt = trialAt + rules.stalledAfterMs;
  const activeAt = reachedAt(funnel, 'ACTIVE');
  // ACTIVE within the window means it never stalled; an ACTIVE after it is an ordinary progression.
  if (activeAt !== undefined && activeAt <= stalledAt) return undefined;
  return { trialAt, stalledAt };
}

/** An overdue deadline fires once time has passed followUpBy; a stall at stalledAt. */
const overdueAt = (deadline: Deadline): number => deadline.followUpBy + 1;

/** The earliest time an alert of this customer falls due, or undefined: what the aggregate's due-time index keeps. */
export function nextAlertAt(state: AlertView, rules: AlertRules): number | undefined {
  let next: number | undefined;
  const consider = (at: number) => void (next === undefined || at < next ? (next = at) : undefined);
  for (const funnel of state.offers) {
    const deadline = followUpDeadline(funnel);
    if (deadline && funnel.alertedOverdue !== deadline.stage) consider(overdueAt(deadline));
    const stall = stallTime(funnel, rules);
    if (stall) consider(stall.stalledAt);
  }
  return next;
}

/**
 * Every alert due at `now`, once each: the state remembers what fired (an overdue deadline by its stage, since a
 * stage only rises; a stall once per offer), so a restored task does not fire it again.
 */
export function dueAlerts(state: CustomerState, now: number, rules: AlertRules): { state: CustomerState; alerts: FunnelAlert[] } {
  const alerts: FunnelAlert[] = [];
  let offers: OfferFunnel[] | undefined;
  state.offers.forEach((funnel, i) => {
    let next = funnel;
    const deadline = followUpDeadline(funnel);
    if (deadline && funnel.alertedOverdue !== deadline.stage && now >= overdueAt(deadline)) {
      const alert: FollowUpOverdue = { type: 'FollowUpOverdue', customerId: state.customerId, offer: funnel.offer, publisherId: funnel.publisherId, offerId: funnel.offerId, ...deadline };
      alerts.push(alert);
      next = { ...next, alertedOverdue: deadline.stage };
    }
    const stall = stallTime(funnel, rules);
    if (stall && now >= stall.stalledAt) {
      const alert: TrialStalled = { type: 'TrialStalled', customerId: state.customerId, offer: funnel.offer, publisherId: funnel.publisherId, offerId: funnel.offerId, ...stall };
      alerts.push(alert);
      next = { ...next, alertedStalled: true };
    }
    if (next !== funnel) (offers ??= state.offers.slice())[i] = next;
  });
  return { state: offers ? { ...state, offers } : state, alerts };
}
