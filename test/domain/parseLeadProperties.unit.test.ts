import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOfferMap, OFFER_PATTERN, parseLead, parseLeadValue, REJECTION_CODES, type Lead, type OfferMap, type Rejection } from '../../src/domain/index.js';
import { bytesOf, RECORD_TS } from './samples.js';

const offerMap = createOfferMap({ 'Contoso ERP': 'contoso.erp' }) as OfferMap;

function checkShape(result: Lead | Rejection): void {
  if (result.kind === 'Rejection') {
    expect(REJECTION_CODES).toContain(result.code);
    expect(result.reason).not.toMatch(/[\n\r\u2028\u2029]/u);
  } else {
    expect(result.offer).toMatch(OFFER_PATTERN);
    expect(result.offer).toBe(`${result.publisherId}.${result.offerId}`);
    expect(result.customerId).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isFinite(result.occurredAt)).toBe(true);
  }
}

const piece = fc.constantFrom(
  'AzureMarketplace', 'azure portal', 'AzurePortal', 'AppSource (SPZA)', 'appsource  (spza)', 'SPZA', 'AppSource', 'TestDrive', 'Bing',
  'INS', 'plt', 'DNC', 'Create', 'StartTestDrive', 'Bogus', 'MSFT_TEST_1',
  'contoso.erp', 'Contoso.ERP', 'a.b', 'no offer', '.x', '',
  '-', '-', '|', '|', ' ', '\t', '\u00a0',
);
const leadSourceish = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
const customerValue = fc.oneof(
  fc.constantFrom('john@contoso.com', 'JOHN@Contoso.com ', '+1 425 555 0100', 'John', 'Contoso', 'msft_test_1', '', null),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 1 }),
);
const customer = fc.dictionary(
  fc.constantFrom('FirstName', 'firstname', 'LastName', 'Email', 'EMAIL', 'Phone', 'phone', 'Country', 'Company', 'Title', 'Other'),
  customerValue,
);
const leadish = fc.record(
  {
    LeadSource: fc.oneof(leadSourceish, fc.jsonValue({ maxDepth: 1 })),
    ActionCode: fc.oneof(fc.constantFrom('INS', 'pLT', ' DNC ', 'x', ''), fc.jsonValue({ maxDepth: 1 })),
    OfferTitle: fc.oneof(fc.constantFrom('Contoso ERP', ' contoso   erp', 'Unknown'), fc.jsonValue({ maxDepth: 1 })),
    UserDetails: fc.oneof(customer, fc.jsonValue({ maxDepth: 1 })),
    CustomerInfo: fc.oneof(customer, customer.map((c) => JSON.stringify(c)), fc.string()),
    Email: customerValue,
    Timestamp: fc.oneof(fc.constantFrom('2026-10-01T12:24:12.964Z', '2026-10-01T12:24:12+0000', 'nope'), fc.integer(), fc.double()),
    OccurredAt: fc.oneof(fc.nat(), fc.string()),
  },
  { requiredKeys: [] },
);

describe('parseLead never throws and always returns a well-formed result', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer(), (bytes, ts) => {
        checkShape(parseLead(bytes, ts, { offerMap }));
      }),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary JSON text and values', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        checkShape(parseLead(bytesOf(text), RECORD_TS));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        checkShape(parseLeadValue(value, RECORD_TS, { offerMap }));
      }),
      { numRuns: 1000 },
    );
  });

  it('on lead-like objects with random LeadSource-ish strings, and bytes and values agree', () => {
    fc.assert(
      fc.property(leadish, (payload) => {
        const fromBytes = parseLead(bytesOf(payload), RECORD_TS, { offerMap });
        checkShape(fromBytes);
        expect(parseLeadValue(JSON.parse(JSON.stringify(payload)), RECORD_TS, { offerMap })).toEqual(fromBytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('on non-JSON inputs given to parseLeadValue', () => {
    for (const value of [undefined, Symbol('x'), () => 1, new Map(), BigInt(1), Object.create(null) as object]) {
      checkShape(parseLeadValue(value, RECORD_TS));
    }
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, has: () => { throw new Error('boom'); } });
    expect(parseLeadValue(hostile, RECORD_TS).kind).toBe('Rejection');
  });

  it('rejects with TOO_LARGE exactly when over 64 KiB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 65_530, max: 65_542 }), (size) => {
        const result = parseLead(new Uint8Array(size).fill(0x20), RECORD_TS);
        expect(result).toMatchObject({ code: size > 65_536 ? 'TOO_LARGE' : 'NOT_JSON' });
      }),
    );
  });
});
