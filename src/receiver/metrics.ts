import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { httpDurationHistogram } from '../ops/httpMetrics.js';

/** The receiver's Prometheus metrics (leadstream_*_total counters, leadstream_*_seconds histograms). */
export function receiverMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadstream_process_' });
  return {
    registry,
    received: new Counter({ name: 'leadstream_receiver_leads_received_total', help: 'Leads received in POST /leads bodies', registers: [registry] }),
    accepted: new Counter({ name: 'leadstream_receiver_leads_accepted_total', help: 'Leads acknowledged by Kafka (answered 202)', registers: [registry] }),
    rejected: new Counter({ name: 'leadstream_receiver_requests_rejected_total', help: 'POST /leads requests refused, by code', labelNames: ['code'], registers: [registry] }),
    http: httpDurationHistogram(registry),
  };
}

export type ReceiverMetrics = ReturnType<typeof receiverMetrics>;
