import type { CustomerForgotten, ErasureRequested } from './events.js';
import { customerIdOfRef, type CustomerRef } from './identity.js';

/** The dead-letter code of a record about a forgotten customer; such a letter carries no payload. */
export const ERASED = 'ERASED';
export const ERASED_REASON = 'the customer asked to be forgotten: the record is dropped, its payload not kept';

/** What a forgotten customer leaves behind in the aggregate: when the erasure was asked for, nothing else. */
export interface ErasedMark {
  readonly requestedAt: number;
}

/**
 * An erasure request for a customer not yet forgotten → the mark to keep and the event to emit; for one already
 * forgotten (a repeated request) → nothing: the customer is forgotten once.
 */
export function forget(request: ErasureRequested, already: ErasedMark | undefined): { mark: ErasedMark; forgotten: CustomerForgotten } | undefined {
  if (already) return undefined;
  return { mark: { requestedAt: request.requestedAt }, forgotten: { type: 'CustomerForgotten', customerId: request.customerId, at: request.requestedAt } };
}

/** An erasure request for the customer an identity names (exactly one of id, email, phone), at `requestedAt`. */
export function erasureOf(ref: CustomerRef, requestedAt: number): { ok: true; request: ErasureRequested } | { ok: false; field: 'id' | 'email' | 'phone'; reason: string } {
  const id = customerIdOfRef(ref);
  if (!id.ok) return id;
  return { ok: true, request: { type: 'ErasureRequested', customerId: id.customerId, requestedAt } };
}
