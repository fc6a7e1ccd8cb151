import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_CSV_COLUMNS, customerCsvRows } from '../../src/codecs/customerRows.js';
import type { customerViewToJson } from '../../src/codecs/jsonForms.js';

const view: ReturnType<typeof customerViewToJson> = {
  customerId: 'c1',
  identity: 'email',
  profile: { firstName: 'Zoë', lastName: 'Doe, Jr.', email: 'zoe@contoso.example', phone: null, country: 'DE', company: 'Contoso "EU"', title: null },
  profileUpdatedAt: { firstName: null, lastName: null, email: null, phone: null, country: null, company: null, title: null },
  offers: [
    { offer: 'a.x', publisherId: 'a', offerId: 'x', stage: 'TRIAL', doNotContact: false, leads: 2, firstAt: { PLT: '2026-01-01T00:00:00.000Z', StartTestDrive: '2026-01-02T00:00:00.000Z' }, lastAt: '2026-01-02T00:00:00.000Z', followedUpAt: null, alertedOverdue: null, alertedStalled: false },
    { offer: 'b.y', publisherId: 'b', offerId: 'y', stage: 'NONE', doNotContact: true, leads: 1, firstAt: { DNC: '2026-01-03T00:00:00.000Z' }, lastAt: '2026-01-03T00:00:00.000Z', followedUpAt: '2026-01-03T01:00:00.000Z', alertedOverdue: null, alertedStalled: false },
  ],
  leads: 3,
  duplicateLeads: 1,
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-03T00:00:00.000Z',
};

describe('customer CSV rows', () => {
  it('has one row per offer, every row as wide as the header, actions in their columns', () => {
    const rows = customerCsvRows(view);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toHaveLength(CUSTOMER_CSV_COLUMNS.length);
    const cell = (row: number, column: string) => rows[row]![CUSTOMER_CSV_COLUMNS.indexOf(column)];
    expect(cell(0, 'firstStartTestDriveAt')).toBe('2026-01-02T00:00:00.000Z');
    expect(cell(0, 'firstINSAt')).toBeNull();
    expect(cell(1, 'firstDNCAt')).toBe('2026-01-03T00:00:00.000Z');
    expect(cell(1, 'doNotContact')).toBe(true);
    expect(cell(1, 'lastName')).toBe('Doe, Jr.');
    expect(cell(1, 'customerLeads')).toBe(3);
  });

  it('keeps a customer without offers as one row with empty offer cells', () => {
    const [row, ...more] = customerCsvRows({ ...view, offers: [] });
    expect(more).toEqual([]);
    expect(row).toHaveLength(CUSTOMER_CSV_COLUMNS.length);
    expect(row![CUSTOMER_CSV_COLUMNS.indexOf('offer')]).toBeNull();
  });

  it('quotes commas and quotes, so names survive a CRM import', () => {
    const line = stringify([customerCsvRows(view)[0]!]);
    expect(line).toContain('"Doe, Jr."');
    expect(line).toContain('"Contoso ""EU"""');
  });
});
