import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every metric the dashboard plots must be one leadstream exports (a renamed metric would leave a panel empty).
const EXPORTED = [
  'leadstream_receiver_leads_received_total',
  'leadstream_receiver_leads_accepted_total',
  'leadstream_receiver_requests_rejected_total',
  'leadstream_stage_records_in_total',
  'leadstream_stage_records_out_total',
  'leadstream_progressions_total',
  'leadstream_dead_letters_total',
  'leadstream_consumer_lag',
  'leadstream_customers',
  'leadstream_commit_seconds',
  'leadstream_restore_records_total',
  'leadstream_restore_seconds',
  'leadstream_punctuations_total',
  'leadstream_http_request_duration_seconds',
];

describe('the Grafana dashboard', () => {
  it('plots only metrics leadstream exports, and each of them', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../ops/grafana/leadstream-dashboard.json', import.meta.url), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const used = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/leadstream_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, '')))));
    expect([...used].sort()).toEqual([...EXPORTED].sort());
    // And the code registers each of them.
    const { pipelineMetrics } = await import('../../src/ops/pipelineMetrics.js');
    const { receiverMetrics } = await import('../../src/receiver/metrics.js');
    const pipeline = pipelineMetrics();
    const names = [...pipeline.registry.getMetricsAsArray(), ...receiverMetrics().registry.getMetricsAsArray()].map((m) => m.name);
    for (const name of EXPORTED) expect(names, name).toContain(name);
  });
});
