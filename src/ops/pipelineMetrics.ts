import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { httpDurationHistogram } from './httpMetrics.js';
import type { DeadLetter } from '../runtime/api.js';
import type { RuntimeObserver } from '../runtime/observer.js';
import type { FunnelProgressed } from '../domain/events.js';
import { AGGREGATE_OUTPUTS } from '../processors/aggregate.js';
import { INGEST_OUTPUTS } from '../processors/ingest.js';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * `run`'s Prometheus metrics: the runtime's commit and restore reports (committed work only, so the counts agree
 * with the topics), plus gauges read at scrape time (customers in state, consumer lag).
 */
export interface StateReaders {
  /** Customers in this instance's stores. */
  readonly customers: () => Promise<number>;
  /** Records not yet committed, per stage and partition this instance runs. */
  readonly lag: () => Promise<readonly { stage: string; partition: number; lag: number }[]>;
}

export function pipelineMetrics(readers: StateReaders = { customers: async () => 0, lag: async () => [] }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadstream_process_' });
  const recordsIn = new Counter({ name: 'leadstream_stage_records_in_total', help: 'Input records committed, per stage', labelNames: ['stage'], registers: [registry] });
  const recordsOut = new Counter({ name: 'leadstream_stage_records_out_total', help: 'Output records committed, per stage and topic (changelogs aside)', labelNames: ['stage', 'topic'], registers: [registry] });
  const progressions = new Counter({ name: 'leadstream_progressions_total', help: 'Funnel progressions committed, by the stage reached', labelNames: ['to_stage'], registers: [registry] });
  const deadLetters = new Counter({ name: 'leadstream_dead_letters_total', help: 'Dead letters committed, by code', labelNames: ['code'], registers: [registry] });
  const punctuations = new Counter({ name: 'leadstream_punctuations_total', help: 'Punctuations fired in committed work', labelNames: ['stage', 'type'], registers: [registry] });
  const commitSeconds = new Histogram({ name: 'leadstream_commit_seconds', help: 'Transaction duration, begin to commit answered', labelNames: ['stage'], buckets: SECONDS_BUCKETS, registers: [registry] });
  const restoreRecords = new Counter({ name: 'leadstream_restore_records_total', help: 'Changelog records restored into stores', labelNames: ['stage'], registers: [registry] });
  const restoreSeconds = new Histogram({ name: 'leadstream_restore_seconds', help: 'Time to restore a task', labelNames: ['stage'], buckets: SECONDS_BUCKETS, registers: [registry] });
  scrapedGauge(registry, 'leadstream_customers', 'Customers in the state stores of this instance', [], async () => [{ labels: {}, value: await readers.customers() }]);
  scrapedGauge(registry, 'leadstream_consumer_lag', 'Records not yet committed, per stage and partition this instance runs', ['stage', 'partition'], async () =>
    (await readers.lag()).map(({ stage, partition, lag }) => ({ labels: { stage, partition: String(partition) }, value: lag })),
  );
  const http = httpDurationHistogram(registry);
  const observer: RuntimeObserver = {
    committed(report) {
      recordsIn.inc({ stage: report.stage }, report.records);
      commitSeconds.observe({ stage: report.stage }, report.seconds);
      for (const [type, n] of Object.entries(report.punctuations)) if (n > 0) punctuations.inc({ stage: report.stage, type }, n);
      for (const { sink, topic, record } of report.outputs) {
        recordsOut.inc({ stage: report.stage, topic });
        if (report.stage === 'aggregate' && sink === AGGREGATE_OUTPUTS.progression) progressions.inc({ to_stage: (record.value as FunnelProgressed).toStage });
        if (sink === INGEST_OUTPUTS.dlq || sink === 'dlq') deadLetters.inc({ code: (record.value as DeadLetter).code });
      }
    },
    restored(report) {
      restoreRecords.inc({ stage: report.stage }, report.records);
      restoreSeconds.observe({ stage: report.stage }, report.seconds);
    },
  };
  return { registry, observer, http };
}

/** A gauge whose values are read when Prometheus scrapes. */
function scrapedGauge(registry: Registry, name: string, help: string, labelNames: readonly string[], read: () => Promise<readonly { labels: Record<string, string>; value: number }[]>): Gauge {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read()) this.set(labels, value);
    },
  });
}
