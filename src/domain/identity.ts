/** Who a lead is: the identity string (email, else phone, else name) and its hashed `customerId`. */
import { hash } from 'node:crypto';
import type { IdentityKind, Profile } from './lead.js';
import { normalizeEmail, normalizePhone } from './normalize.js';

export interface Identified {
  readonly kind: IdentityKind;
  /** `email:<email>`, `phone:<digits>` or `name:<first>|<last>|<company>` (lower-cased). PII: never a key. */
  readonly identity: string;
  /** First 32 hex characters of SHA-256 of `identity` (UTF-8). */
  readonly customerId: string;
}

const CUSTOMER_ID_LENGTH = 32;

export function customerIdOf(identity: string): string {
  // crypto.hash (Node ≥ 20.12) is the one-shot createHash('sha256').update(s).digest('hex'), about twice as fast.
  return hash('sha256', identity, 'hex').slice(0, CUSTOMER_ID_LENGTH);
}

/** The first identity that applies, or undefined (the lead is UNIDENTIFIABLE). Expects a normalized profile. */
export function identify(profile: Profile): Identified | undefined {
  const { email, phone, firstName, lastName, company } = profile;
  let kind: IdentityKind;
  let identity: string;
  if (email !== null) {
    kind = 'email';
    identity = `email:${email}`;
  } else if (phone !== null) {
    kind = 'phone';
    identity = `phone:${phone}`;
  } else if (firstName !== null && lastName !== null && company !== null) {
    kind = 'name';
    identity = `name:${firstName}|${lastName}|${company}`.toLowerCase();
  } else {
    return undefined;
  }
  return { kind, identity, customerId: customerIdOf(identity) };
}

/** How a person names a customer on the command line or in a follow-up: the id itself, or an email or phone. */
export interface CustomerRef {
  readonly id?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
}

const CUSTOMER_ID = /^[0-9a-f]{32}$/;

/**
 * The customerId a reference names, hashed as the pipeline hashes a lead's email or phone (normalized the same
 * way); exactly one of the three must be given. Names are not accepted: too ambiguous to type.
 */
export function customerIdOfRef(ref: CustomerRef): { ok: true; customerId: string } | { ok: false; field: 'id' | 'email' | 'phone'; reason: string } {
  const given = (['id', 'email', 'phone'] as const).filter((f) => ref[f] !== undefined);
  if (given.length !== 1) return { ok: false, field: given[1] ?? 'id', reason: 'give exactly one of id, email and phone' };
  if (ref.id !== undefined) return CUSTOMER_ID.test(ref.id) ? { ok: true, customerId: ref.id } : { ok: false, field: 'id', reason: 'a customerId is 32 lower-case hex characters' };
  if (ref.email !== undefined) {
    const email = normalizeEmail(ref.email);
    return email === null ? { ok: false, field: 'email', reason: 'is not an email address' } : { ok: true, customerId: customerIdOf(`email:${email}`) };
  }
  const phone = normalizePhone(ref.phone ?? '');
  return phone === null ? { ok: false, field: 'phone', reason: 'is not a phone number (7 to 15 digits)' } : { ok: true, customerId: customerIdOf(`phone:${phone}`) };
}
