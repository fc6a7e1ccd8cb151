/** Who a lead is: the identity string (email, else phone, else name) and its hashed `customerId`. */
import { hash } from 'node:crypto';
import type { IdentityKind, Profile } from './lead.js';

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
