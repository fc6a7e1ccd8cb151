import { describe, expect, it } from 'vitest';
import { applyFollowUp, applyLead, type Action, type CustomerState, type FunnelProgressed, type Lead } from '../../src/domain/index.js';
import { followUpState, reportData } from '../../src/report/reportData.js';
import { reportCharts } from '../../src/report/charts.js';
import { emptyProfile } from '../domain/samples.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 9, 1, 12);
const lead = (customerId: string, action: Action, at: number, offer = 'a.x'): Lead => ({ kind: 'Lead', customerId, identity: 'email', source: 'AzureMarketplace', action, offer, publisherId: offer.split('.')[0]!, offerId: offer.split('.')[1]!, profile: emptyProfile, occurredAt: at });
function customer(id: string, leads: [Action, number][], offer?: string): { state: CustomerState; progressed: FunnelProgressed[] } {
  let state: CustomerState | undefined;
  const progressed: FunnelProgressed[] = [];
  for (const [action, at] of leads) {
    const r = applyLead(state, lead(id, action, at, offer));
    state = r.state;
    progressed.push(...r.progressed);
  }
  return { state: state!, progressed };
}

describe('the funnel report\'s numbers', () => {
  const a = customer('a', [['PLT', T0], ['StartTestDrive', T0 + 2 * DAY]]);
  const b = customer('b', [['PLT', T0], ['INS', T0 + 5 * DAY]]);
  const c = customer('c', [['PLT', T0], ['DNC', T0 + H]]);
  const d = customer('d', [['INS', T0]]);
  const data = reportData({ customers: [a.state, b.state, c.state, d.state], progressions: [a, b, c, d].flatMap((x) => x.progressed), alerts: [], asOf: T0 + 10 * DAY });

  it('counts stages, and converts skipped stages as reached', () => {
    expect(data.stagesPerOffer).toEqual([
      { offer: 'a.x', stage: 'INTERESTED', order: 1, customers: 1 },
      { offer: 'a.x', stage: 'TRIAL', order: 2, customers: 1 },
      { offer: 'a.x', stage: 'ACTIVE', order: 3, customers: 2 },
    ]);
    // Every customer reached INTERESTED or beyond; 3 reached TRIAL or beyond (ACTIVE skips it); 2 ACTIVE.
    expect(data.conversion.map((r) => [r.step, r.customers, r.rate])).toEqual([['interested', 4, 1], ['trial', 3, 0.75], ['active', 2, 0.5]]);
  });

  it('measures days from first interest, shares of DNC, progressions per day and source', () => {
    expect(data.timeToStage).toEqual([{ to: 'TRIAL', days: 2 }, { to: 'ACTIVE', days: 5 }]);
    expect(data.doNotContact).toEqual([{ offer: 'a.x', share: 0.25, customers: 1 }]);
    expect(data.progressionsPerDay.map((r) => [r.day, r.progressions])).toEqual([['2026-10-01', 4], ['2026-10-03', 1], ['2026-10-06', 1]]);
    expect(data.totals).toEqual({ customers: 4, offers: 1, leads: 7, progressions: 6, alerts: 0 });
  });

  it('follow-up states follow the alert rules: followed up, open, overdue, cancelled by DNC', () => {
    const funnel = (state: CustomerState) => state.offers[0]!;
    expect(followUpState(funnel(a.state), T0 + 2 * DAY + H)).toBe('open');
    expect(followUpState(funnel(a.state), T0 + 4 * DAY)).toBe('overdue');
    expect(followUpState(funnel(applyFollowUp(a.state, { offer: 'a.x', at: T0 + 2 * DAY })!), T0 + 4 * DAY)).toBe('followed up');
    expect(followUpState(funnel(c.state), T0 + 4 * DAY)).toBe('cancelled (DNC)');
    expect(data.followUps.find((r) => r.state === 'overdue')?.deadlines).toBe(3);
  });

  it('leaves out the charts it has no rows for', () => {
    expect(reportCharts(data, { alerts: true }).map((c) => c.id)).toEqual(['stages', 'conversion', 'progressions', 'time-to-stage', 'do-not-contact', 'follow-ups']);
    const empty = reportData({ customers: [], progressions: [], alerts: [], asOf: T0 });
    expect(reportCharts(empty, { alerts: true })).toEqual([]);
  });
});
