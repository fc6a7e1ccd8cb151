import logUpdate from 'log-update';
import { setTimeout as delay } from 'node:timers/promises';
import colors from 'picocolors';
import type { Context } from '../cli/context.js';
import { untilShutdown } from '../cli/runtime.js';
import { formatEnvelope } from '../codecs/envelope.js';
import { groupProgress } from '../kafka/groupProgress.js';
import type { ClusterAdmin } from '../kafka/types.js';
import { produceEnvelopes } from '../load/produceEnvelopes.js';
import { startPipeline } from '../pipeline/startPipeline.js';
import type { TopicNames } from '../pipeline/topicNames.js';
import type { RunningTopology } from '../runtime/runTopology.js';
import { generateEnvelopes } from '../simulate/generateLeads.js';
import { createDashboardState, renderDashboard, summaryLine, type DashboardState } from './dashboard.js';
import { observeOutputs, type Observer } from './observer.js';

export interface RunDemoOptions {
  readonly rate: number;
  readonly customers: number;
  readonly seed: number;
  readonly durationMs?: number;
  readonly appId: string;
}

const DEMO_STALL_MS = 24 * 3_600_000;
const HISTORY_MS = 2 * 24 * 3_600_000;

/** The customers' recent past: leads stamped over the last two days (within the raw topic's 7-day retention). */
async function* history(options: RunDemoOptions): AsyncGenerator<string> {
  const leads = Math.max(200, options.customers * 2);
  for (const envelope of generateEnvelopes({ leads, customers: options.customers, seed: options.seed + 1, start: Date.now() - HISTORY_MS, maxGapMs: Math.max(1, Math.floor(HISTORY_MS / leads)) })) yield formatEnvelope(envelope);
}

/** Pipeline, feeder, observer and screen until Ctrl-C or the duration; everything started is stopped. */
export async function runDemo(context: Context, topics: TopicNames, options: RunDemoOptions, shutdown: AbortSignal, say: (line: string) => void): Promise<void> {
  const state = createDashboardState(Date.now(), context.brokers.join(','), `${topics.raw} → ingest → ${topics.keyed} → aggregate → ${topics.progression} + ${topics.customers} + ${topics.alerts} (rejects: ${topics.dlq})`);
  // Two days of history first, so deadlines have passed and alerts fire while you watch (trials stall after a day here).
  state.sent = await produceEnvelopes(context.kafka, { topic: topics.raw, lines: history(options) });
  const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger: context.logger, appId: options.appId, topics, stages: ['ingest', 'aggregate'], alerts: { rules: { stalledAfterMs: DEMO_STALL_MS } } });
  let admin: ClusterAdmin | undefined;
  let observer: Observer | undefined;
  try {
    admin = await context.kafka.admin();
    observer = await observeOutputs(context.kafka, context.registry, topics, state);
    await feedAndShow(context, topics, options, state, admin, pipeline, shutdown);
    say('stopping: draining what was sent, committing in-flight batches...');
    await drain(state, admin, options.appId, topics);
  } finally {
    // Whatever happened above, everything started is stopped (a failed start included).
    await pipeline.stop().catch(() => undefined);
    await observer?.caughtUp(10_000).catch(() => undefined);
    await observer?.stop().catch(() => undefined);
    await admin?.close().catch(() => undefined);
  }
  say(`final: ${summaryLine(state, Date.now())}`);
}

/** Feeds simulated leads and redraws the screen every second until Ctrl-C, the --duration, or a failure. */
async function feedAndShow(context: Context, topics: TopicNames, options: RunDemoOptions, state: DashboardState, admin: ClusterAdmin, pipeline: RunningTopology, shutdown: AbortSignal): Promise<void> {
  const tty = process.stdout.isTTY === true;
  const draw = tty ? logUpdate : undefined;
  const paint = tty ? colors : undefined;

  // An endless, seeded stream of customer journeys whose simulated time runs at wall-clock speed (the broker
  // refuses record times far in the future, and deletes those older than the raw topic's retention).
  const stopFeeding = new AbortController();
  async function* lines() {
    for (const envelope of generateEnvelopes({ leads: Number.MAX_SAFE_INTEGER, customers: options.customers, seed: options.seed, start: Date.now(), maxGapMs: Math.max(1, Math.round(2_000 / options.rate)) })) yield formatEnvelope(envelope);
  }
  const before = state.sent;
  const feeding = produceEnvelopes(context.kafka, { topic: topics.raw, lines: lines(), rate: options.rate, signal: stopFeeding.signal, onProgress: (sent) => (state.sent = before + sent) });
  feeding.catch(() => undefined);

  let previous = { at: Date.now(), sent: before, ingest: -1n, progressions: 0, customerUpdates: 0 };
  let lastLine = 0;
  const sample = async () => {
    const [ingest, aggregate] = await Promise.all([groupProgress(admin, `${options.appId}-ingest`, topics.raw), groupProgress(admin, `${options.appId}-aggregate`, topics.keyed)]);
    const now = Date.now();
    const seconds = Math.max(0.001, (now - previous.at) / 1000);
    const per = (done: bigint, before: bigint) => (before < 0n ? 0 : Math.round(Number(done - before) / seconds));
    const since = (count: number, before: number) => Math.round((count - before) / seconds);
    // Rates of records, not offsets: offsets of transactional topics also count commit markers.
    state.rates = { sent: since(state.sent, previous.sent), ingest: per(ingest.committed, previous.ingest), progressions: since(state.progressions, previous.progressions), customerUpdates: since(state.customerUpdates, previous.customerUpdates) };
    state.lag = { ingest: ingest.lag, aggregate: aggregate.recordLag };
    previous = { at: now, sent: state.sent, ingest: ingest.committed, progressions: state.progressions, customerUpdates: state.customerUpdates };
    if (draw) draw(renderDashboard(state, now, paint));
    else if (now - lastLine >= 5_000) {
      lastLine = now;
      process.stdout.write(`${summaryLine(state, now)}\n`);
    }
  };
  const ticker = (async () => {
    while (!stopFeeding.signal.aborted) {
      await sample().catch(() => undefined);
      await delay(1_000, undefined, { signal: stopFeeding.signal }).catch(() => undefined);
    }
  })();

  // Ctrl-C, the --duration, a failed stage or a failed feeder ends it; `stop` releases the keep-alive in each case.
  const stop = new AbortController();
  shutdown.addEventListener('abort', () => stop.abort(), { once: true });
  const timer = options.durationMs ? setTimeout(() => stop.abort(), options.durationMs) : undefined;
  try {
    await Promise.race([untilShutdown(stop.signal), pipeline.failed, feeding]);
  } finally {
    clearTimeout(timer);
    stop.abort();
    stopFeeding.abort();
    await ticker;
    await feeding.catch(() => undefined);
    draw?.done();
  }
}

/** Up to 15 s for the pipeline to process what the feeder sent, so the final numbers add up (a second Ctrl-C skips it). */
async function drain(state: DashboardState, admin: ClusterAdmin, appId: string, topics: TopicNames): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const [ingest, aggregate] = await Promise.all([groupProgress(admin, `${appId}-ingest`, topics.raw), groupProgress(admin, `${appId}-aggregate`, topics.keyed)]);
    state.lag = { ingest: ingest.lag, aggregate: aggregate.recordLag };
    if (ingest.lag === 0n && aggregate.recordLag === 0n) return;
    await delay(200);
  }
}
