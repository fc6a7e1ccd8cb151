/** Why a raw record is not a lead. Codes are listed in the order they are checked: the first failure wins. */
export const REJECTION_CODES = [
  'TOO_LARGE',
  'NOT_JSON',
  'TEST_LEAD',
  'MISSING_LEAD_SOURCE',
  'BAD_LEAD_SOURCE',
  'UNKNOWN_SOURCE',
  'UNKNOWN_ACTION',
  'BAD_OFFER',
  'UNIDENTIFIABLE',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly kind: 'Rejection';
  readonly code: RejectionCode;
  /** Human-readable, one line, no PII beyond what is needed to fix the input (e.g. the offer title). */
  readonly reason: string;
}

export const reject = (code: RejectionCode, reason: string): Rejection => ({ kind: 'Rejection', code, reason });
