/**
 * The numbers behind the funnel report: plain functions over customer views, progressions and alerts (no I/O, no
 * clock: `asOf` is given). Each returns the rows of one chart.
 */
import { followUpDeadline, reachedAt } from '../domain/alerts.js';
import type { CustomerView, OfferFunnel } from '../domain/customerState.js';
import type { FunnelAlert, FunnelProgressed } from '../domain/events.js';
import { STAGES, type Stage } from '../domain/lead.js';
import { FOLLOW_UP_MS, stageRank } from '../domain/stage.js';

export interface ReportInput {
  readonly customers: readonly CustomerView[];
  readonly progressions: readonly FunnelProgressed[];
  readonly alerts: readonly FunnelAlert[];
  /** The time the report speaks of (open vs overdue deadlines). */
  readonly asOf: number;
}

export interface ReportData {
  readonly totals: { customers: number; offers: number; leads: number; progressions: number; alerts: number };
  readonly stagesPerOffer: { offer: string; stage: Stage; order: number; customers: number }[];
  readonly conversion: { offer: string; step: string; order: number; customers: number; rate: number }[];
  readonly progressionsPerDay: { day: string; source: string; progressions: number }[];
  readonly timeToStage: { to: 'TRIAL' | 'ACTIVE'; days: number }[];
  readonly doNotContact: { offer: string; share: number; customers: number }[];
  readonly followUps: { offer: string; state: FollowUpState; order: number; deadlines: number }[];
  readonly alertsPerDay: { day: string; type: FunnelAlert['type']; alerts: number }[];
}

export const FOLLOW_UP_STATES = ['followed up', 'open', 'overdue', 'cancelled (DNC)'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const funnelsPerOffer = (customers: readonly CustomerView[]): Map<string, OfferFunnel[]> => {
  const offers = new Map<string, OfferFunnel[]>();
  for (const customer of customers) for (const funnel of customer.offers) offers.set(funnel.offer, [...(offers.get(funnel.offer) ?? []), funnel]);
  return new Map([...offers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
};
const countBy = <K extends string>(keys: Iterable<K>): Map<K, number> => {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

/** A deadline's state as of a time: the same rule as the alerts (docs/alerts.md), with DNC shown as cancelled. */
export function followUpState(funnel: OfferFunnel, asOf: number): FollowUpState | undefined {
  if (funnel.stage === 'NONE') return undefined;
  if (funnel.doNotContact) return 'cancelled (DNC)';
  const deadline = followUpDeadline(funnel);
  if (!deadline) return 'followed up';
  return asOf > deadline.followUpBy ? 'overdue' : 'open';
}

export function reportData({ customers, progressions, alerts, asOf }: ReportInput): ReportData {
  const offers = funnelsPerOffer(customers);
  const stagesPerOffer: ReportData['stagesPerOffer'] = [];
  const conversion: ReportData['conversion'] = [];
  const doNotContact: ReportData['doNotContact'] = [];
  const followUps: ReportData['followUps'] = [];
  const timeToStage: ReportData['timeToStage'] = [];
  for (const [offer, funnels] of offers) {
    const stages = countBy(funnels.map((f) => f.stage));
    for (const stage of STAGES) if (stage !== 'NONE') stagesPerOffer.push({ offer, stage, order: stageRank(stage), customers: stages.get(stage) ?? 0 });
    // Stages can be skipped: a customer at ACTIVE has reached TRIAL and INTERESTED too.
    const reached = (stage: Stage) => funnels.filter((f) => stageRank(f.stage) >= stageRank(stage)).length;
    const [interested, trial, active] = [reached('INTERESTED'), reached('TRIAL'), reached('ACTIVE')];
    conversion.push(
      { offer, step: 'interested', order: 0, customers: interested, rate: 1 },
      { offer, step: 'trial', order: 1, customers: trial, rate: interested === 0 ? 0 : trial / interested },
      { offer, step: 'active', order: 2, customers: active, rate: interested === 0 ? 0 : active / interested },
    );
    const dnc = funnels.filter((f) => f.doNotContact).length;
    doNotContact.push({ offer, share: funnels.length === 0 ? 0 : dnc / funnels.length, customers: dnc });
    const states = countBy(funnels.flatMap((f) => followUpState(f, asOf) ?? []));
    FOLLOW_UP_STATES.forEach((state, order) => followUps.push({ offer, state, order, deadlines: states.get(state) ?? 0 }));
    for (const f of funnels) {
      const interestAt = f.firstAt.PLT;
      if (interestAt === undefined) continue;
      for (const to of ['TRIAL', 'ACTIVE'] as const) {
        const at = reachedAt(f, to);
        if (at !== undefined && at >= interestAt) timeToStage.push({ to, days: Math.round(((at - interestAt) / FOLLOW_UP_MS) * 10) / 10 });
      }
    }
  }
  const perDay = countBy(progressions.map((p) => `${day(p.occurredAt)}|${p.source}`));
  const alertDays = countBy(alerts.map((a) => `${day(a.type === 'FollowUpOverdue' ? a.followUpBy : a.stalledAt)}|${a.type}`));
  return {
    totals: { customers: customers.length, offers: offers.size, leads: customers.reduce((n, c) => n + c.leads, 0), progressions: progressions.length, alerts: alerts.length },
    stagesPerOffer,
    conversion,
    progressionsPerDay: [...perDay].map(([key, progressions]) => ({ day: key.split('|')[0]!, source: key.split('|')[1]!, progressions })).sort((a, b) => a.day.localeCompare(b.day) || a.source.localeCompare(b.source)),
    timeToStage,
    doNotContact,
    followUps,
    alertsPerDay: [...alertDays].map(([key, n]) => ({ day: key.split('|')[0]!, type: key.split('|')[1] as FunnelAlert['type'], alerts: n })).sort((a, b) => a.day.localeCompare(b.day) || a.type.localeCompare(b.type)),
  };
}
