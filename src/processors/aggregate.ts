import type { CustomerState } from '../domain/customerState.js';
import type { FunnelProgressed } from '../domain/events.js';
import { applyLead } from '../domain/funnel.js';
import type { Lead } from '../domain/lead.js';
import type { Processor, ProcessorContext, StreamRecord } from '../runtime/api.js';
import type { KeyValueStore } from '../state/keyValueStore.js';

/** The store the aggregate keeps customers in (its changelog is customers.v1), and its child. */
export const CUSTOMERS_STORE = 'customers';
export const AGGREGATE_OUTPUTS = { progression: 'progression' } as const;

/**
 * A keyed lead → decide/evolve on the customer's state → the new state in the store (the runtime writes it to the
 * changelog at commit), and each progression to `progression`.
 */
export function aggregateProcessor(): Processor<string, Lead, string, FunnelProgressed> {
  let context: ProcessorContext<string, FunnelProgressed>;
  let customers: KeyValueStore<string, CustomerState>;
  return {
    init(c) {
      context = c;
      customers = c.getStateStore<string, CustomerState>(CUSTOMERS_STORE);
    },
    process(record: StreamRecord<string, Lead>) {
      const lead = record.value;
      const { state, progressed } = applyLead(customers.get(lead.customerId), lead);
      customers.put(lead.customerId, state);
      for (const event of progressed) context.forward({ key: event.customerId, value: event, timestamp: record.timestamp }, AGGREGATE_OUTPUTS.progression);
    },
  };
}
