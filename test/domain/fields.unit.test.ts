import { describe, expect, it } from 'vitest';
import { customerContainer, equalsIgnoringCase, fieldOf, readCustomerFields, readTopFields } from '../../src/domain/index.js';

describe('case-insensitive fields', () => {
  it.each(['email', 'Email', 'EMAIL', 'eMaIl'])('finds %s under the documented name Email', (key) => {
    expect(readCustomerFields({ [key]: 'a@b.co' }).email).toBe('a@b.co');
    expect(fieldOf({ [key]: 'a@b.co' }, 'Email')).toBe('a@b.co');
  });

  it('reads every documented top-level and customer field in any case', () => {
    const top = { userdetails: 1, CUSTOMERINFO: 2, leadSource: 3, actionCode: 4, offertitle: 5, TimeStamp: 6, occurredAT: 7 };
    expect(readTopFields(top)).toEqual({ userDetails: 1, customerInfo: 2, leadSource: 3, actionCode: 4, offerTitle: 5, timestamp: 6, occurredAt: 7 });
    const customer = { firstname: 1, LASTNAME: 2, eMail: 3, phone: 4, country: 5, COMPANY: 6, title: 7 };
    expect(readCustomerFields(customer)).toEqual({ firstName: 1, lastName: 2, email: 3, phone: 4, country: 5, company: 6, title: 7 });
  });

  it('prefers the exact documented spelling when several keys match ignoring case', () => {
    expect(readCustomerFields({ email: 'first', EMAIL: 'second', Email: 'exact' }).email).toBe('exact');
    expect(fieldOf({ email: 'first', EMAIL: 'second', Email: 'exact' }, 'Email')).toBe('exact');
  });

  it('lets an exact spelling win even when its value is null', () => {
    expect(readTopFields({ userDetails: { Email: 'x@y.co' }, UserDetails: null }).userDetails).toBeNull();
  });

  it('otherwise takes the first matching key in object order', () => {
    expect(readCustomerFields({ EMAIL: 'first', email: 'second' }).email).toBe('first');
    expect(readCustomerFields({ email: 'first', EMAIL: 'second' }).email).toBe('first');
    expect(fieldOf({ EMAIL: 'first', email: 'second' }, 'Email')).toBe('first');
  });

  it('leaves absent fields undefined and ignores inherited properties', () => {
    expect(readCustomerFields({ Other: 1 })).toEqual({
      firstName: undefined,
      lastName: undefined,
      email: undefined,
      phone: undefined,
      country: undefined,
      company: undefined,
      title: undefined,
    });
    expect(fieldOf({}, 'constructor')).toBeUndefined();
    expect(fieldOf({}, 'toString')).toBeUndefined();
  });

  it('reads an own __proto__ key from parsed JSON like any other key', () => {
    expect(fieldOf(JSON.parse('{"__proto__": "x"}') as Record<string, unknown>, '__proto__')).toBe('x');
  });

  it('does not match names that only look alike', () => {
    expect(readCustomerFields({ 'E-mail': 'a@b.co', email_: 'x', ' Email': 'y', Emails: 'z' }).email).toBeUndefined();
  });

  it('compares like toLowerCase, Kelvin sign included', () => {
    for (const [key, name] of [
      ['LEADSOURCE', 'LeadSource'],
      ['Ma\u212Aer', 'maker'],
      ['\u0130d', 'id'],
      ['Straße', 'STRASSE'],
      ['ab', 'abc'],
    ] as const) {
      expect(equalsIgnoringCase(key, name)).toBe(key.toLowerCase() === name.toLowerCase());
    }
  });
});

describe('customer field container', () => {
  const container = (top: Record<string, unknown>): unknown => customerContainer(readTopFields(top), top);

  it('reads UserDetails when it is an object (HTTPS endpoint payload)', () => {
    const userDetails = { Email: 'u@d.co' };
    expect(container({ UserDetails: userDetails, CustomerInfo: { Email: 'c@i.co' }, Email: 't@l.co' })).toBe(userDetails);
  });

  it('matches UserDetails and CustomerInfo ignoring case (camelCase webhooks)', () => {
    const userDetails = { firstName: 'x' };
    expect(container({ userDetails })).toBe(userDetails);
    const customerInfo = { email: 'c@i.co' };
    expect(container({ customerinfo: customerInfo })).toBe(customerInfo);
  });

  it('reads CustomerInfo when it is an object', () => {
    const customerInfo = { Email: 'c@i.co' };
    expect(container({ UserDetails: 'not an object', CustomerInfo: customerInfo })).toBe(customerInfo);
  });

  it('reads CustomerInfo when it is a string holding a JSON object (Azure Table row)', () => {
    expect(container({ CustomerInfo: '{"FirstName":"John","Email":"jsmith@microsoft.com"}' })).toEqual({
      FirstName: 'John',
      Email: 'jsmith@microsoft.com',
    });
  });

  it.each([['not json'], ['[1,2]'], ['"a string"'], ['null'], [''], ['{"a":']])('ignores a CustomerInfo string %j that is not a JSON object', (info) => {
    const top = { CustomerInfo: info, Email: 't@l.co' };
    expect(container(top)).toBe(top);
  });

  it('falls back to the top level (flat fields), also when UserDetails is an array or null', () => {
    const top = { UserDetails: [{ Email: 'x@y.co' }], CustomerInfo: null, Email: 't@l.co' };
    expect(container(top)).toBe(top);
  });

  it('uses an empty UserDetails object even when the top level has fields', () => {
    expect(container({ UserDetails: {}, Email: 't@l.co' })).toEqual({});
  });
});
