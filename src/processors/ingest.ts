import type { ErasureRequested } from '../domain/events.js';
import type { Lead } from '../domain/lead.js';
import type { OfferMap } from '../domain/offerMap.js';
import { parseLead } from '../domain/parseLead.js';
import type { DeadLetter, Processor, ProcessorContext, StreamRecord } from '../runtime/api.js';
import type { KeyValueStore } from '../state/keyValueStore.js';
import { erasedLetter } from './erasedLetter.js';

/** Child names of the ingest processor in the topology. */
export const INGEST_OUTPUTS = { keyed: 'keyed', dlq: 'dlq' } as const;

/** The global store of erasure requests (topic customers.erasures.v1), by customerId. */
export const ERASURES_STORE = 'erasures';

/**
 * Raw lead bytes → parseLead → a keyed Lead (key customerId) to `keyed`, or a dead letter with its code to `dlq`;
 * a lead of a forgotten customer (in the global erasures store) → a dead letter ERASED that keeps none of its bytes.
 * The rules are the domain's; this only routes.
 */
export function ingestProcessor(offerMap?: OfferMap): Processor<Buffer | null, Buffer | null, string | null, Lead | DeadLetter> {
  const options = offerMap ? { offerMap } : {};
  let context: ProcessorContext<string | null, Lead | DeadLetter>;
  let erasures: KeyValueStore<string, ErasureRequested>;
  return {
    init(c) {
      context = c;
      erasures = c.getStateStore<string, ErasureRequested>(ERASURES_STORE);
    },
    process(record: StreamRecord<Buffer | null, Buffer | null>) {
      const result = parseLead(record.value ?? Buffer.alloc(0), record.timestamp, options);
      if (result.kind === 'Lead' && erasures.get(result.customerId)) {
        context.forward(erasedLetter(context, result.customerId, record.timestamp), INGEST_OUTPUTS.dlq);
        return;
      }
      if (result.kind === 'Lead') {
        context.forward({ key: result.customerId, value: result, timestamp: record.timestamp }, INGEST_OUTPUTS.keyed);
        return;
      }
      const origin = { ...context.recordMetadata()!, timestamp: record.timestamp, key: record.key, value: record.value };
      context.forward({ key: record.key?.toString('utf8') ?? null, value: { code: result.code, reason: result.reason, origin }, timestamp: record.timestamp }, INGEST_OUTPUTS.dlq);
    },
  };
}
