import { describe, expect, it } from 'vitest';
import { applyLead, toCustomerView, type CustomerState } from '../../src/domain/index.js';
import { expectLead, parse, sha32 } from './samples.js';

const first = {
  Timestamp: '2026-10-01T12:24:12.964Z',
  CustomerInfo: JSON.stringify({ FirstName: 'Zoë', LastName: 'Chen', Email: 'Zoë.Chen410@Contoso.example', Country: 'de', Company: 'Adventure Works' }),
  LeadSource: 'AzureMarketplace-INS|northwind.nw-erp',
};
const second = {
  OccurredAt: Date.parse('2026-10-03T08:00:00.000Z'),
  UserDetails: { email: 'zoë.chen410@contoso.example' },
  LeadSource: 'AzureMarketplace-INS|Northwind.NW-ERP',
};

describe('the documented customer view', () => {
  it('is built from raw leads: parse, then applyLead per lead', () => {
    let state: CustomerState | undefined;
    for (const payload of [first, second]) state = applyLead(state, expectLead(parse(payload))).state;
    const t1 = Date.parse('2026-10-01T12:24:12.964Z');
    const t2 = Date.parse('2026-10-03T08:00:00.000Z');
    expect(toCustomerView(state as CustomerState)).toEqual({
      customerId: sha32('email:zoë.chen410@contoso.example'),
      identity: 'email',
      profile: { firstName: 'Zoë', lastName: 'Chen', email: 'zoë.chen410@contoso.example', phone: null, country: 'DE', company: 'Adventure Works', title: null },
      profileUpdatedAt: { firstName: t1, lastName: t1, email: t2, phone: null, country: t1, company: t1, title: null },
      offers: [
        { offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', stage: 'ACTIVE', doNotContact: false, leads: 2, firstAt: { INS: t1 }, lastAt: t2, followedUpAt: null, alertedOverdue: null, alertedStalled: false },
      ],
      leads: 2,
      duplicateLeads: 1,
      firstSeenAt: t1,
      lastSeenAt: t2,
    });
  });

  it('is the same when the leads arrive the other way round', () => {
    const run = (payloads: object[]) => {
      let state: CustomerState | undefined;
      for (const payload of payloads) state = applyLead(state, expectLead(parse(payload))).state;
      return JSON.stringify(toCustomerView(state as CustomerState));
    };
    expect(run([second, first])).toBe(run([first, second]));
  });
});
