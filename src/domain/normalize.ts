/** Customer fields → the normalized `Profile` (marketplace-leads.md, "Customer fields and identity"). */
import type { CustomerFields } from './fields.js';
import type { Profile } from './lead.js';
import { cleanText } from './text.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const NON_DIGITS = /[^0-9]+/g;
const PHONE_DIGITS_ONLY = /^[0-9]{7,15}$/;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

/** A finite number becomes its decimal string; a string is NFC-normalized, collapsed and trimmed; else null. */
export function normalizeValue(value: unknown): string | null {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return null;
}

/** Lower-cased, kept only when it looks like `local@domain.tld`. */
export function normalizeEmail(value: unknown): string | null {
  const text = normalizeValue(value);
  if (text === null) return null;
  const email = text.toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/** Only the digits 0–9, kept with 7 to 15 of them. */
export function normalizePhone(value: unknown): string | null {
  const text = normalizeValue(value);
  if (text === null) return null;
  if (PHONE_DIGITS_ONLY.test(text)) return text;
  const digits = text.replace(NON_DIGITS, '');
  return digits.length >= MIN_PHONE_DIGITS && digits.length <= MAX_PHONE_DIGITS ? digits : null;
}

export function normalizeCountry(value: unknown): string | null {
  const text = normalizeValue(value);
  return text === null ? null : text.toUpperCase();
}

/** The seven raw customer fields (see readCustomerFields) → the normalized profile. */
export function normalizeProfile(fields: CustomerFields): Profile {
  return {
    firstName: normalizeValue(fields.firstName),
    lastName: normalizeValue(fields.lastName),
    email: normalizeEmail(fields.email),
    phone: normalizePhone(fields.phone),
    country: normalizeCountry(fields.country),
    company: normalizeValue(fields.company),
    title: normalizeValue(fields.title),
  };
}
