import { describe, expect, it } from 'vitest';
import { normalizeCountry, normalizeEmail, normalizePhone, normalizeProfile, normalizeValue, readCustomerFields } from '../../src/domain/index.js';
import { emptyProfile, john, johnProfile } from './samples.js';

describe('normalizeValue (every field)', () => {
  it('NFC-normalizes strings', () => {
    expect(normalizeValue('Zoe\u0308')).toBe('Zoë');
    expect(normalizeValue('Zoe\u0308')).toBe('Zo\u00eb');
  });

  it('collapses whitespace runs (any Unicode whitespace) to one space and trims', () => {
    expect(normalizeValue('  Adventure \t\n Works  ')).toBe('Adventure Works');
    expect(normalizeValue('\u00a0Jane\u2003Doe\u3000')).toBe('Jane Doe');
  });

  it('turns a finite number into its decimal string', () => {
    expect(normalizeValue(1234567890)).toBe('1234567890');
    expect(normalizeValue(0)).toBe('0');
    expect(normalizeValue(-1.5)).toBe('-1.5');
  });

  it.each([[''], ['   '], ['\n\t'], [null], [undefined], [true], [false], [{}], [[]], [['a']], [{ a: 1 }], [Number.NaN], [Infinity]])(
    '%j is missing',
    (value) => {
      expect(normalizeValue(value)).toBeNull();
    },
  );

  it('keeps case and inner punctuation', () => {
    expect(normalizeValue("O'Brien-Smith")).toBe("O'Brien-Smith");
  });
});

describe('normalizeEmail', () => {
  it('lower-cases', () => {
    expect(normalizeEmail('  JSmith@Microsoft.COM ')).toBe('jsmith@microsoft.com');
    expect(normalizeEmail('ZOË.Chen@Contoso.Example')).toBe('zoë.chen@contoso.example');
  });

  it.each([['a@b.c'], ['first.last+tag@sub.example.co.uk'], ['x@a.b.c']])('keeps %j', (email) => {
    expect(normalizeEmail(email)).not.toBeNull();
  });

  it.each([['plainaddress'], ['a@b'], ['@b.co'], ['a@co'], ['a b@c.de'], ['a@b.'], ['a@@b.co'], ['a@b c.de'], [''], [42], [null]])(
    '%j is missing',
    (email) => {
      expect(normalizeEmail(email)).toBeNull();
    },
  );
});

describe('normalizePhone', () => {
  it('keeps only the digits 0-9', () => {
    expect(normalizePhone('+1 (425) 555-0100')).toBe('14255550100');
  });

  it('accepts a JSON number', () => {
    expect(normalizePhone(1234567890)).toBe('1234567890');
  });

  it('keeps 7 to 15 digits', () => {
    expect(normalizePhone('123456')).toBeNull();
    expect(normalizePhone('1234567')).toBe('1234567');
    expect(normalizePhone('123456789012345')).toBe('123456789012345');
    expect(normalizePhone('1234567890123456')).toBeNull();
  });

  it('does not count non-ASCII digits', () => {
    expect(normalizePhone('١٢٣٤٥٦٧٨')).toBeNull();
    expect(normalizePhone('１２３４５６７８')).toBeNull();
  });

  it.each([['n/a'], [''], [null], [true]])('%j is missing', (phone) => {
    expect(normalizePhone(phone)).toBeNull();
  });
});

describe('normalizeCountry', () => {
  it('upper-cases', () => {
    expect(normalizeCountry(' de ')).toBe('DE');
    expect(normalizeCountry('United  States')).toBe('UNITED STATES');
  });

  it('is missing when empty', () => {
    expect(normalizeCountry('  ')).toBeNull();
  });
});

describe('normalizeProfile', () => {
  it('reads the seven fields', () => {
    expect(normalizeProfile(readCustomerFields(john))).toEqual(johnProfile);
  });

  it('matches field names ignoring case', () => {
    const camel = { firstName: 'John', lastname: 'Smith', EMAIL: 'JSmith@Microsoft.com', phone: 1234567890, country: 'us', company: 'Microsoft', title: 'CTO' };
    expect(normalizeProfile(readCustomerFields(camel))).toEqual(johnProfile);
  });

  it('leaves every missing field null', () => {
    expect(normalizeProfile(readCustomerFields({}))).toEqual(emptyProfile);
    expect(normalizeProfile(readCustomerFields({ FirstName: '', Title: null, Company: {} }))).toEqual(emptyProfile);
  });
});
