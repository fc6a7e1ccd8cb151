import { describe, expect, it } from 'vitest';
import { createDashboardState, recordAlert, recordCustomer, recordProgression, recordReject, renderDashboard, summaryLine } from '../../src/demo/dashboard.js';

const at = Date.UTC(2026, 10, 25, 14, 0, 0);
const view = (customerId: string, offers: [string, 'NONE' | 'INTERESTED' | 'TRIAL' | 'ACTIVE', boolean][]) => ({
  customerId,
  identity: 'email' as const,
  profile: { firstName: null, lastName: null, email: `${customerId}@x.example`, phone: null, country: null, company: null, title: null },
  profileUpdatedAt: { firstName: null, lastName: null, email: null, phone: null, country: null, company: null, title: null },
  offers: offers.map(([offer, stage, doNotContact]) => ({ offer, publisherId: offer.split('.')[0]!, offerId: offer.split('.')[1]!, stage, doNotContact, leads: 1, firstAt: {}, lastAt: '2026-11-25T14:00:00.000Z', followedUpAt: null, alertedOverdue: null, alertedStalled: false })),
  leads: offers.length,
  duplicateLeads: 0,
  firstSeenAt: '2026-11-25T14:00:00.000Z',
  lastSeenAt: '2026-11-25T14:00:00.000Z',
});
const progression = (customerId: string, offer: string, fromStage: 'NONE' | 'INTERESTED', toStage: 'INTERESTED' | 'TRIAL') => ({
  customerId, offer, publisherId: 'p', offerId: 'o', fromStage, toStage, action: 'PLT' as const, source: 'AppSource (SPZA)' as const, occurredAt: '2026-11-25T14:00:00.000Z', followUpBy: '2026-11-26T14:00:00.000Z',
});

describe('the demo dashboard', () => {
  it('moves a customer between stage columns when its view changes, and forgets it on a tombstone', () => {
    const state = createDashboardState(at, '127.0.0.1:9092', 'topics');
    recordCustomer(state, 'c1', view('c1', [['contoso.crm', 'INTERESTED', false]]));
    recordCustomer(state, 'c2', view('c2', [['contoso.crm', 'INTERESTED', false], ['fabrikam.erp', 'NONE', true]]));
    recordCustomer(state, 'c1', view('c1', [['contoso.crm', 'TRIAL', false]]));
    expect(state.byOffer.get('contoso.crm')).toEqual({ stages: { NONE: 0, INTERESTED: 1, TRIAL: 1, ACTIVE: 0 }, doNotContact: 0 });
    expect(state.byOffer.get('fabrikam.erp')?.doNotContact).toBe(1);
    recordCustomer(state, 'c2', null);
    expect(state.byOffer.get('contoso.crm')?.stages.INTERESTED).toBe(0);
    expect(state.byOffer.get('fabrikam.erp')?.doNotContact).toBe(0);
    expect(state.customers.size).toBe(1);
  });

  it('shows the newest progressions first, at most eight, with rejects by code and totals', () => {
    const state = createDashboardState(at, '127.0.0.1:9092', 'leads.raw.v1 → …');
    for (let i = 0; i < 10; i += 1) recordProgression(state, at + i * 1000, progression(`customer-${i}`, 'contoso.crm', 'NONE', 'INTERESTED'));
    recordReject(state, 'BAD_JSON');
    recordReject(state, 'BAD_JSON');
    recordReject(state, 'MISSING_LEAD_SOURCE');
    recordCustomer(state, 'c1', view('c1', [['contoso.crm', 'TRIAL', false]]));
    state.sent = 1234;
    const screen = renderDashboard(state, at + 65_000);
    const lines = screen.split('\n');
    expect(lines[0]).toContain('up 01:05');
    expect(screen).toContain('leads sent 1,234 · customers 1 · progressions 10 · rejected 3');
    const shown = lines.filter((l) => l.includes('NONE → INTERESTED'));
    expect(shown).toHaveLength(8);
    expect(shown[0]).toContain('customer-9');
    expect(screen).toContain('BAD_JSON 2');
    expect(screen).toMatch(/contoso\.crm\s+0\s+1\s+0\s+0/);
    expect(summaryLine(state, at + 5_000)).toBe('up 00:05: sent 1234, customers 1, progressions 10, alerts 0, rejected 3; ingest 0/s, progressions 0/s, lag 0/0');
  });

  it('shows alerts as they fire, newest first, with a count per kind', () => {
    const state = createDashboardState(at, '127.0.0.1:9092', 'leads.raw.v1 → …');
    expect(renderDashboard(state, at)).toContain('none yet (a deadline passes 24 h after a progression with no follow-up recorded)');
    const common = { customerId: 'c0ffee00c0ffee00c0ffee00c0ffee00', offer: 'contoso.crm', publisherId: 'contoso', offerId: 'crm' };
    for (let i = 0; i < 5; i += 1) recordAlert(state, at + i, { type: 'FollowUpOverdue', ...common, stage: 'INTERESTED', progressedAt: '2026-11-24T09:00:00.000Z', followUpBy: '2026-11-25T09:00:00.000Z' });
    recordAlert(state, at + 9, { type: 'TrialStalled', ...common, trialAt: '2026-11-10T09:00:00.000Z', stalledAt: '2026-11-24T09:00:00.000Z' });
    const lines = renderDashboard(state, at + 10).split('\n');
    expect(lines.find((l) => l.startsWith('Alerts'))).toContain('follow-up overdue 5 · trial stalled 1');
    const shown = lines.filter((l) => l.includes('contoso.crm') && /overdue|stalled/.test(l) && !l.startsWith('Alerts'));
    expect(shown).toHaveLength(4);
    expect(shown[0]).toContain('trial stalled');
    expect(shown[1]).toContain('follow-up overdue  INTERESTED since 11-24 09:00, due 11-25 09:00');
    expect(summaryLine(state, at + 10)).toContain('alerts 6');
  });
});
