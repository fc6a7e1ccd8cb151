import { describe, expect, it } from 'vitest';
import { createOfferMap, parseLead, parseLeadValue, type OfferMap } from '../../src/domain/index.js';
import { bytesOf, emptyProfile, expectLead, expectRejection, flat, john, johnProfile, parse, RECORD_TS, sha32 } from './samples.js';

const JOHN_ID = sha32('email:jsmith@microsoft.com');
const offerMap = createOfferMap({ 'Check Point CloudGuard': 'checkpoint.check-point-r77-10sg-byol' }) as OfferMap;

describe('the three payload shapes', () => {
  it('reads the HTTPS endpoint payload (UserDetails)', () => {
    const lead = expectLead(
      parse({
        UserDetails: john,
        LeadSource: 'AzureMarketplace-INS|checkpoint.check-point-r77-10sg-byol',
        ActionCode: 'INS',
        OfferTitle: 'Check Point CloudGuard',
        Description: '...',
      }),
    );
    expect(lead).toEqual({
      kind: 'Lead',
      customerId: JOHN_ID,
      identity: 'email',
      source: 'AzureMarketplace',
      action: 'INS',
      offer: 'checkpoint.check-point-r77-10sg-byol',
      publisherId: 'checkpoint',
      offerId: 'check-point-r77-10sg-byol',
      profile: johnProfile,
      occurredAt: RECORD_TS,
    });
  });

  it('reads flat fields', () => {
    const lead = expectLead(parse({ FirstName: 'John', Email: 'jsmith@microsoft.com', LeadSource: 'AppSource (SPZA)-PLT|bitnami.openedxcypress' }));
    expect(lead).toMatchObject({ customerId: JOHN_ID, source: 'AppSource (SPZA)', action: 'PLT', offer: 'bitnami.openedxcypress' });
    expect(lead.profile).toEqual({ ...emptyProfile, firstName: 'John', email: 'jsmith@microsoft.com' });
  });

  it('reads an Azure Table row: CustomerInfo as a JSON string, Timestamp as occurredAt', () => {
    const lead = expectLead(
      parse({
        PartitionKey: 'p',
        RowKey: 'r',
        Timestamp: '2026-10-01T12:24:12.964Z',
        CustomerInfo: '{"FirstName":"John","Email":"jsmith@microsoft.com"}',
        LeadSource: 'AzurePortal-Create|docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145',
        OfferTitle: '...',
        Description: '...',
      }),
    );
    expect(lead).toMatchObject({
      customerId: JOHN_ID,
      source: 'AzurePortal',
      action: 'Create',
      offer: 'docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145',
      publisherId: 'docusign',
      offerId: '3701c77e-1cfa-4c56-91e6-3ed0b622145',
      occurredAt: Date.parse('2026-10-01T12:24:12.964Z'),
    });
  });

  it('reads CustomerInfo as an object', () => {
    expect(expectLead(parse({ CustomerInfo: { Email: 'jsmith@microsoft.com' }, LeadSource: 'SPZA-PLT|a.b' })).customerId).toBe(JOHN_ID);
  });

  it('reads camelCase webhook leads', () => {
    const lead = expectLead(
      parse({
        userDetails: { firstName: 'John', lastName: 'Smith', email: 'JSmith@Microsoft.com', phone: '1234567890', country: 'us', company: 'Microsoft', title: 'CTO' },
        leadSource: 'AzureMarketplace-INS|checkpoint.check-point-r77-10sg-byol',
        actionCode: 'INS',
        offerTitle: 'Check Point CloudGuard',
      }),
    );
    expect(lead).toMatchObject({ customerId: JOHN_ID, profile: johnProfile, action: 'INS' });
  });

  it('accepts spaces around - and | in LeadSource', () => {
    expect(expectLead(parse(flat({ LeadSource: 'AppSource (SPZA) - PLT | bitnami.openedxcypress' })))).toMatchObject({
      source: 'AppSource (SPZA)',
      action: 'PLT',
      offer: 'bitnami.openedxcypress',
      publisherId: 'bitnami',
      offerId: 'openedxcypress',
    });
  });

  it('accepts the documented validation-lead LeadSource with ActionCode when the offer map knows the title', () => {
    const payload = { UserDetails: john, LeadSource: 'AzureMarketplace', ActionCode: 'INS', OfferTitle: 'Check Point CloudGuard', Description: 'x' };
    expect(expectLead(parse(payload, { offerMap }))).toMatchObject({ source: 'AzureMarketplace', action: 'INS', offer: 'checkpoint.check-point-r77-10sg-byol' });
    expect(expectRejection(parse(payload))).toMatchObject({ code: 'BAD_OFFER' });
  });

  it('takes LeadSource action over ActionCode', () => {
    expect(expectLead(parse(flat({ LeadSource: 'AzureMarketplace-PLT|a.b', ActionCode: 'INS' }))).action).toBe('PLT');
  });

  it('reads a phone given as a JSON number', () => {
    const lead = expectLead(parse({ Phone: 4255550100, LeadSource: 'AzureMarketplace-INS|a.b' }));
    expect(lead).toMatchObject({ identity: 'phone', customerId: sha32('phone:4255550100') });
    expect(lead.profile.phone).toBe('4255550100');
  });

  it('identifies by name when there is no email or phone', () => {
    const lead = expectLead(parse({ UserDetails: { FirstName: 'Zoë', LastName: 'Chen', Company: 'Adventure  Works', Phone: '123' }, LeadSource: 'TestDrive-StartTestDrive|a.b' }));
    expect(lead).toMatchObject({ identity: 'name', customerId: sha32('name:zoë|chen|adventure works'), source: 'TestDrive', action: 'StartTestDrive' });
  });

  it('uses epoch-millisecond OccurredAt', () => {
    expect(expectLead(parse(flat({ OccurredAt: 1_790_000_000_000 }))).occurredAt).toBe(1_790_000_000_000);
  });

  it('ignores unrelated fields and reads leadSource from the top level only', () => {
    expect(expectRejection(parse({ UserDetails: { ...john, LeadSource: 'AzureMarketplace-INS|a.b' } })).code).toBe('MISSING_LEAD_SOURCE');
  });

  it('parseLeadValue gives the same result for an already-parsed value', () => {
    const payload = flat();
    expect(parseLeadValue(payload, RECORD_TS)).toEqual(parse(payload));
    expect(parseLeadValue([payload], RECORD_TS)).toMatchObject({ kind: 'Rejection', code: 'NOT_JSON' });
  });
});

describe('TOO_LARGE', () => {
  const padded = (size: number): Uint8Array => {
    const base = bytesOf(flat({ Description: '' }));
    const pad = size - base.length;
    return bytesOf(flat({ Description: 'x'.repeat(pad) }));
  };

  it('accepts exactly 64 KiB and rejects one byte more', () => {
    expect(padded(65_536).length).toBe(65_536);
    expect(parseLead(padded(65_536), RECORD_TS).kind).toBe('Lead');
    expect(parseLead(padded(65_537), RECORD_TS)).toMatchObject({ kind: 'Rejection', code: 'TOO_LARGE' });
  });

  it('comes before NOT_JSON', () => {
    expect(parseLead(new Uint8Array(70_000).fill(0x7b), RECORD_TS)).toMatchObject({ code: 'TOO_LARGE' });
  });
});

describe('NOT_JSON', () => {
  it.each([[''], ['not json'], ['{"a":'], ['{"a":1}x'], ["{'a':1}"], ['null'], ['[]'], ['[{"LeadSource":"x"}]'], ['"{}"'], ['42'], ['true']])('%j', (text) => {
    expect(parse(text)).toMatchObject({ kind: 'Rejection', code: 'NOT_JSON' });
  });

  it('rejects invalid UTF-8 that does not decode to JSON', () => {
    expect(parseLead(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), RECORD_TS)).toMatchObject({ code: 'NOT_JSON' });
  });

  it('decodes invalid UTF-8 inside a string with U+FFFD', () => {
    const bytes = bytesOf(flat({ Title: 'TITLE' }));
    const at = Buffer.from(bytes).indexOf('TITLE');
    bytes[at] = 0xff;
    expect(expectLead(parseLead(bytes, RECORD_TS)).profile.title).toBe('\ufffdITLE');
  });

  it('accepts a leading UTF-8 byte-order mark', () => {
    expect(parseLead(new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(flat())]), RECORD_TS).kind).toBe('Lead');
  });
});

describe('TEST_LEAD', () => {
  it.each([
    [{ FirstName: 'MSFT_TEST_636573304831318844' }],
    [{ LastName: 'msft_test_1' }],
    [{ Email: 'MSFT_TEST_636573304831318844@test.com' }],
    [{ Company: 'Contoso Msft_Test' }],
    [{ LeadSource: 'MSFT_TEST_636573304831318844-MSFT_TEST_636573304831318844|Check Point CloudGuard' }],
  ])('rejects %j', (fields) => {
    expect(parse(flat(fields))).toMatchObject({ kind: 'Rejection', code: 'TEST_LEAD' });
  });

  it('reads the customer fields from the chosen container, ignoring case', () => {
    expect(parse({ UserDetails: { firstname: 'MSFT_TEST_1' }, LeadSource: 'AzureMarketplace-INS|a.b' })).toMatchObject({ code: 'TEST_LEAD' });
    expect(parse({ CustomerInfo: '{"email":"MSFT_TEST_1@test.com"}', LeadSource: 'AzureMarketplace-INS|a.b' })).toMatchObject({ code: 'TEST_LEAD' });
  });

  it('ignores MSFT_TEST outside the checked fields and outside the chosen container', () => {
    expect(parse(flat({ Title: 'MSFT_TEST', Phone: 'MSFT_TEST', Country: 'MSFT_TEST', OfferTitle: 'MSFT_TEST', Description: 'MSFT_TEST' })).kind).toBe('Lead');
    expect(parse({ UserDetails: john, FirstName: 'MSFT_TEST_1', LeadSource: 'AzureMarketplace-INS|a.b' }).kind).toBe('Lead');
  });

  it('checks only string values', () => {
    expect(parse(flat({ Company: ['MSFT_TEST'] })).kind).toBe('Lead');
  });

  it('comes right after NOT_JSON: a test lead with no other valid field is still TEST_LEAD', () => {
    expect(parse({ FirstName: 'MSFT_TEST_1' })).toMatchObject({ code: 'TEST_LEAD' });
    expect(parse({ LeadSource: 'MSFT_TEST_1-MSFT_TEST_1|Offer Name' })).toMatchObject({ code: 'TEST_LEAD' });
  });
});

describe('rejection order: the earlier code wins', () => {
  it.each([
    ['MISSING_LEAD_SOURCE before UNIDENTIFIABLE', {}, 'MISSING_LEAD_SOURCE'],
    ['BAD_LEAD_SOURCE before UNKNOWN_SOURCE', { LeadSource: 'Bing|x' }, 'BAD_LEAD_SOURCE'],
    ['UNKNOWN_SOURCE before UNKNOWN_ACTION', { LeadSource: 'Bing-Bogus|a.b' }, 'UNKNOWN_SOURCE'],
    ['UNKNOWN_ACTION before BAD_OFFER', { LeadSource: 'AzureMarketplace-Bogus|not an offer' }, 'UNKNOWN_ACTION'],
    ['BAD_OFFER before UNIDENTIFIABLE', { LeadSource: 'AzureMarketplace-INS|not an offer' }, 'BAD_OFFER'],
    ['UNIDENTIFIABLE last', { LeadSource: 'AzureMarketplace-INS|a.b' }, 'UNIDENTIFIABLE'],
  ])('%s', (_name, payload, code) => {
    expect(parse(payload)).toMatchObject({ kind: 'Rejection', code });
  });

  it('TEST_LEAD before MISSING_LEAD_SOURCE', () => {
    expect(parse({ Email: 'MSFT_TEST@test.com' })).toMatchObject({ code: 'TEST_LEAD' });
  });

  it('NOT_JSON before TEST_LEAD', () => {
    expect(parse('{"FirstName": "MSFT_TEST_1",')).toMatchObject({ code: 'NOT_JSON' });
  });
});

describe('UNIDENTIFIABLE', () => {
  it.each([
    [{ Email: 'not-an-email', Phone: '123', FirstName: 'A', LastName: 'B' }],
    [{ UserDetails: {}, Email: 'jsmith@microsoft.com' }],
    [{ FirstName: 'A', LastName: 'B', Company: '   ' }],
  ])('%j', (fields) => {
    expect(parse({ LeadSource: 'AzureMarketplace-INS|a.b', ...fields })).toMatchObject({ code: 'UNIDENTIFIABLE' });
  });
});

describe('reasons', () => {
  it('are one human-readable line without the customer fields', () => {
    for (const payload of [
      '{',
      '[1]',
      { LeadSource: 'AzureMarketplace-INS|a\nb' },
      { LeadSource: 'AzureMarketplace', OfferTitle: 'Multi\nLine Title', Email: 'x@y.zz' },
      { LeadSource: 'Azure\u2028Market-INS|a.b' },
      { LeadSource: 'AzureMarketplace-INS|a.b', Email: 'secret', Phone: 'secret', FirstName: 'secret' },
    ]) {
      const { reason } = expectRejection(parse(payload));
      expect(reason.length).toBeGreaterThan(0);
      expect(reason).not.toMatch(/[\n\r\u2028\u2029\u0085]/u);
      expect(reason).not.toContain('secret');
    }
  });

  it('names the offer title for BAD_OFFER', () => {
    expect(expectRejection(parse(flat({ LeadSource: 'AzureMarketplace-INS', OfferTitle: 'Contoso ERP' }))).reason).toContain('"Contoso ERP"');
  });
});
