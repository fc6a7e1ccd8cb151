import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerIdOf, identify, normalizeProfile, readCustomerFields, type Profile } from '../../src/domain/index.js';
import { emptyProfile, johnProfile, sha32 } from './samples.js';

const profile = (fields: Partial<Profile>): Profile => ({ ...emptyProfile, ...fields });

describe('identify', () => {
  it('uses the email first', () => {
    expect(identify(johnProfile)).toEqual({ kind: 'email', identity: 'email:jsmith@microsoft.com', customerId: sha32('email:jsmith@microsoft.com') });
  });

  it('uses the phone digits when there is no email', () => {
    expect(identify(profile({ phone: '14255550100', firstName: 'A', lastName: 'B', company: 'C' }))).toEqual({
      kind: 'phone',
      identity: 'phone:14255550100',
      customerId: sha32('phone:14255550100'),
    });
  });

  it('uses first|last|company lower-cased when all three are present and there is no email or phone', () => {
    const who = identify(profile({ firstName: 'Zoë', lastName: 'Chen', company: 'Adventure Works', country: 'DE' }));
    expect(who).toEqual({ kind: 'name', identity: 'name:zoë|chen|adventure works', customerId: sha32('name:zoë|chen|adventure works') });
  });

  it.each([
    [profile({})],
    [profile({ firstName: 'A', lastName: 'B' })],
    [profile({ firstName: 'A', company: 'C' })],
    [profile({ lastName: 'B', company: 'C', country: 'US', title: 'CTO' })],
  ])('is undefined without email, phone or the full name (%j)', (p) => {
    expect(identify(p)).toBeUndefined();
  });

  it('hashes the UTF-8 bytes of the identity string', () => {
    expect(customerIdOf('email:zoë.chen410@contoso.example')).toBe(sha32('email:zoë.chen410@contoso.example'));
    // Pinned with `printf 'email:jsmith@microsoft.com' | sha256sum | cut -c1-32`.
    expect(customerIdOf('email:jsmith@microsoft.com')).toBe('c69b315a09d3a2dd090bec9975872ef6');
  });

  it('gives the same customer for differently written leads of one person', () => {
    const a = identify(normalizeProfile(readCustomerFields({ Email: ' JSmith@Microsoft.com ' })));
    const b = identify(normalizeProfile(readCustomerFields({ email: 'jsmith@microsoft.com', FirstName: 'Other' })));
    expect(a?.customerId).toBe(b?.customerId);
  });

  it('is deterministic and the customerId is 32 lowercase hex characters (property)', () => {
    const text = fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { nil: null });
    const profiles = fc.record({
      firstName: text,
      lastName: text,
      email: fc.option(fc.emailAddress(), { nil: null }),
      phone: fc.option(fc.stringMatching(/^[0-9]{7,15}$/), { nil: null }),
      country: text,
      company: text,
      title: text,
    });
    fc.assert(
      fc.property(profiles, (p) => {
        const first = identify(p);
        expect(identify({ ...p })).toEqual(first);
        if (first !== undefined) {
          expect(first.customerId).toMatch(/^[0-9a-f]{32}$/);
          expect(first.customerId).toBe(sha32(first.identity));
          expect(first.identity.startsWith(`${first.kind}:`)).toBe(true);
        }
      }),
    );
  });
});
