import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The receiver's Prometheus metrics (leadstream_*_total counters, leadstream_*_seconds histograms). */
export function receiverMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadstream_process_' });
  return {
    registry,
    received: new Counter({ name: 'leadstream_receiver_leads_received_total', help: 'Leads received in POST /leads bodies', registers: [registry] }),
    accepted: new Counter({ name: 'leadstream_receiver_leads_accepted_total', help: 'Leads acknowledged by Kafka (answered 202)', registers: [registry] }),
    rejected: new Counter({ name: 'leadstream_receiver_requests_rejected_total', help: 'POST /leads requests refused, by code', labelNames: ['code'], registers: [registry] }),
    http: new Histogram({
      name: 'leadstream_http_request_duration_seconds',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export type ReceiverMetrics = ReturnType<typeof receiverMetrics>;
