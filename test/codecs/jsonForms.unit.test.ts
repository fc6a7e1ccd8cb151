import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerViewToJson, iso, progressionToJson } from '../../src/codecs/jsonForms.js';
import { applyLead, type Lead } from '../../src/domain/index.js';

const t = Date.UTC(2026, 9, 1, 12, 24, 12, 964);
const lead: Lead = {
  kind: 'Lead',
  customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2',
  identity: 'email',
  source: 'AzureMarketplace',
  action: 'INS',
  offer: 'northwind.nw-erp',
  publisherId: 'northwind',
  offerId: 'nw-erp',
  profile: { firstName: 'Zoë', lastName: 'Chen', email: 'zoe@contoso.example', phone: null, country: 'DE', company: 'Adventure Works', title: null },
  occurredAt: t,
};

describe('JSON forms', () => {
  it('timestamps are ISO-8601 UTC with milliseconds', () => {
    expect(iso(t)).toBe('2026-10-01T12:24:12.964Z');
    expect(iso(Date.UTC(2026, 9, 3, 8))).toBe('2026-10-03T08:00:00.000Z');
  });

  it("formats every time as Date#toISOString does, the edges of four-digit years and fractions included (property)", () => {
    const edges = [0, -1, 1, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15, 1.5, -0.5, 951_782_400_000];
    for (const ms of edges) expect(iso(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: 1.7e12, max: 1.9e12 }), fc.double({ min: -1e13, max: 1e13, noNaN: true })), (ms) => {
        expect(iso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5_000 },
    );
  });

  it('a progression has the spec fields, followUpBy 24 h after occurredAt', () => {
    const { progressed } = applyLead(undefined, lead);
    expect(progressionToJson(progressed[0]!)).toEqual({
      customerId: lead.customerId,
      offer: 'northwind.nw-erp',
      publisherId: 'northwind',
      offerId: 'nw-erp',
      fromStage: 'NONE',
      toStage: 'ACTIVE',
      action: 'INS',
      source: 'AzureMarketplace',
      occurredAt: '2026-10-01T12:24:12.964Z',
      followUpBy: '2026-10-02T12:24:12.964Z',
    });
  });

  it('a customer view matches the spec example shape: null for missing fields, firstAt only for sent actions', () => {
    const first = applyLead(undefined, lead).state;
    const later = Date.UTC(2026, 9, 3, 8);
    const { state } = applyLead(first, { ...lead, occurredAt: later, profile: { ...lead.profile, email: 'zoe@contoso.example' } });
    expect(customerViewToJson(state)).toEqual({
      customerId: lead.customerId,
      identity: 'email',
      profile: lead.profile,
      profileUpdatedAt: {
        firstName: '2026-10-03T08:00:00.000Z',
        lastName: '2026-10-03T08:00:00.000Z',
        email: '2026-10-03T08:00:00.000Z',
        phone: null,
        country: '2026-10-03T08:00:00.000Z',
        company: '2026-10-03T08:00:00.000Z',
        title: null,
      },
      offers: [{ offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', stage: 'ACTIVE', doNotContact: false, leads: 2, firstAt: { INS: '2026-10-01T12:24:12.964Z' }, lastAt: '2026-10-03T08:00:00.000Z', followedUpAt: null, alertedOverdue: null, alertedStalled: false }],
      leads: 2,
      duplicateLeads: 1,
      firstSeenAt: '2026-10-01T12:24:12.964Z',
      lastSeenAt: '2026-10-03T08:00:00.000Z',
    });
  });
});
