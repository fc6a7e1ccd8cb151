import { describe, expect, it } from 'vitest';
import { envelopeValueBytes, formatEnvelope } from '../../src/codecs/envelope.js';
import { createOfferMap, parseLead, REJECTION_CODES, type OfferMap } from '../../src/domain/index.js';
import { OFFERS, offerMapFor, UNMAPPED_OFFER } from '../../src/simulate/catalog.js';
import { generateEnvelopes } from '../../src/simulate/generateLeads.js';

const offerMap = createOfferMap(offerMapFor()) as OfferMap;
const all = (seed: number, leads = 20_000) => [...generateEnvelopes({ leads, customers: 2_000, seed })];

describe('generateEnvelopes', () => {
  it('writes exactly the requested count, the same for a seed and different for another', () => {
    const a = all(7, 5_000);
    expect(a).toHaveLength(5_000);
    expect(all(7, 5_000).map(formatEnvelope)).toEqual(a.map(formatEnvelope));
    expect(all(8, 5_000).map(formatEnvelope)).not.toEqual(a.map(formatEnvelope));
  });

  it('covers every rejection code, and most records are accepted leads', () => {
    const codes = new Map<string, number>();
    let accepted = 0;
    for (const e of all(3)) {
      const result = parseLead(envelopeValueBytes(e), e.timestamp, { offerMap });
      if (result.kind === 'Lead') accepted += 1;
      else codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
    }
    expect([...codes.keys()].sort()).toEqual([...REJECTION_CODES].sort());
    expect(accepted / 20_000).toBeGreaterThan(0.95);
  });

  it('sends all three payload shapes, casing noise, out-of-order records and every action', () => {
    const values = all(5).map((e) => e.value).filter((v): v is Record<string, unknown> => typeof v === 'object');
    expect(values.some((v) => 'UserDetails' in v)).toBe(true);
    expect(values.some((v) => 'userDetails' in v)).toBe(true);
    expect(values.some((v) => typeof v['CustomerInfo'] === 'string')).toBe(true);
    expect(values.some((v) => 'Email' in v && 'LeadSource' in v)).toBe(true);
    const envelopes = all(5);
    expect(envelopes.some((e, i) => i > 0 && e.timestamp < envelopes[i - 1]!.timestamp)).toBe(true);
    const actions = new Set(envelopes.map((e) => /-(\w+)\s*\|/.exec(JSON.stringify(e.value))?.[1]?.toLowerCase()).filter(Boolean));
    for (const action of ['plt', 'starttestdrive', 'ins', 'create', 'dnc']) expect(actions).toContain(action);
  });

  it('writes history, not the future: by default even a long file ends around 2026-10-01 (the broker refuses future records)', () => {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const e of generateEnvelopes({ leads: 200_000, customers: 10_000, seed: 1 })) {
      first = Math.min(first, e.timestamp);
      last = Math.max(last, e.timestamp);
    }
    expect(Math.abs(last - Date.UTC(2026, 9, 1))).toBeLessThan(3 * 86_400_000);
    expect(first).toBeLessThan(Date.UTC(2026, 6, 1));
    // 200,000 leads take ~3 s alone, past vitest's 5 s default while the int and e2e projects load the same 2 cores.
  }, 30_000);

  it('its offer map maps every title but one', () => {
    expect(Object.keys(offerMapFor())).toHaveLength(OFFERS.length - 1);
    expect(offerMapFor()).not.toHaveProperty(UNMAPPED_OFFER.title);
  });
});
