import { ERASED, ERASED_REASON } from '../domain/erasure.js';
import type { DeadLetter, ProcessorContext, StreamRecord } from '../runtime/api.js';

/**
 * The dead letter for a record about a forgotten customer, keyed by the customerId: where the record came from,
 * and nothing of what it said (neither its key nor its bytes).
 */
export function erasedLetter(context: Pick<ProcessorContext, 'recordMetadata'>, customerId: string, timestamp: number): StreamRecord<string, DeadLetter> {
  const origin = { ...context.recordMetadata()!, timestamp, key: null, value: null };
  return { key: customerId, value: { code: ERASED, reason: ERASED_REASON, origin }, timestamp };
}
