import type { Command } from 'commander';
import logUpdate from 'log-update';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import colors from 'picocolors';
import { pino } from 'pino';
import { formatEnvelope } from '../../codecs/envelope.js';
import { createDashboardState, renderDashboard, summaryLine, type DashboardState } from '../../demo/dashboard.js';
import { observeOutputs, type Observer } from '../../demo/observer.js';
import { groupProgress } from '../../kafka/groupProgress.js';
import type { Admin } from '../../kafka/kafkajs.js';
import type { RunningStage } from '../../pipeline/stageRunner.js';
import { startTopology } from '../../pipeline/topology.js';
import { LIVE_TOPICS, isValidTopicSuffix, suffixedTopics, type TopicNames } from '../../pipeline/topicNames.js';
import { generateEnvelopes } from '../../simulate/generateLeads.js';
import { suffixedDefinitions } from '../../../topics/index.js';
import { ConfigError } from '../configError.js';
import { positiveNumber, wholeNumber } from '../optionParsers.js';
import { contextFor, externalContext, type Context } from '../context.js';
import { untilShutdown, type CommandRuntime } from '../runtime.js';
import { produceEnvelopes } from './produce.js';
import { startDevStack } from './dev.js';
import { applyAllTopics } from './topics.js';

interface DemoOptions {
  rate: number;
  customers: number;
  seed: number;
  duration?: number;
  dataDir?: string;
  topicsSuffix?: string;
}

export function registerDemoCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('demo')
    .description('the live demo (`npm start`): starts the stack (unless KAFKA_BROKERS is set), runs the pipeline, feeds it simulated leads at a steady rate and shows progressions, customers by stage per offer, rejects, throughput and lag')
    .option('--rate <leads/s>', 'leads sent per second', positiveNumber('--rate'), 200)
    .option('--customers <n>', 'distinct customers the simulated leads come from', wholeNumber('--customers', 1), 5000)
    .option('--seed <n>', 'simulation seed', wholeNumber('--seed', 0), 1)
    .option('--duration <seconds>', 'stop by itself after this long (default: run until Ctrl-C)', positiveNumber('--duration'))
    .option('--data-dir <dir>', 'without KAFKA_BROKERS: keep the embedded stack data here (a second demo continues the first)')
    .option('--topics-suffix <name>', 'run on <topic>.<name> copies (default with KAFKA_BROKERS: "demo", so a cluster\'s live topics are never touched)')
    .action(async (options: DemoOptions) => {
      const { rate, customers, seed } = options;
      const durationMs = options.duration !== undefined ? options.duration * 1000 : undefined;
      const config = runtime.config();
      const suffix = options.topicsSuffix ?? (config.connection.kind === 'external' ? 'demo' : undefined);
      if (suffix !== undefined && !isValidTopicSuffix(suffix)) throw new ConfigError('--topics-suffix', `"${suffix}" would not make a valid topic name (letters, digits, . _ -)`);
      const say = (line: string) => process.stderr.write(`${line}\n`);
      // The dashboard owns the terminal: the pipeline's and kafkajs's logs go to a file.
      const logFile = join(tmpdir(), `leadstream-demo-${process.pid}.log`);
      const logger = pino({ level: 'info', base: { app: 'leadstream-demo' } }, pino.destination({ dest: logFile, sync: false }));
      say(`leadstream demo: logs in ${logFile}`);

      const embedded = config.connection.kind === 'embedded' ? await startDevStack(runtime, options, say) : undefined;
      try {
        const context: Context = embedded ? contextFor(config, logger, [embedded.stack.kafkaBrokers], embedded.stack.schemaRegistryUrl) : externalContext(config, logger);
        const topics: TopicNames = suffix ? suffixedTopics(suffix) : LIVE_TOPICS;
        if (suffix) await applyAllTopics(context, suffixedDefinitions(suffix));
        await runDemo(context, topics, { rate, customers, seed, ...(durationMs ? { durationMs } : {}), appId: `${config.appId}-demo` }, runtime.shutdown, say);
        say(`logs: ${logFile}`);
      } finally {
        logger.flush();
        if (embedded) {
          say('stopping Kafka and the schema registry...');
          await embedded.stack.stop();
        }
      }
    });
}

interface RunDemoOptions {
  readonly rate: number;
  readonly customers: number;
  readonly seed: number;
  readonly durationMs?: number;
  readonly appId: string;
}

async function runDemo(context: Context, topics: TopicNames, options: RunDemoOptions, shutdown: AbortSignal, say: (line: string) => void): Promise<void> {
  const state = createDashboardState(Date.now(), context.brokers.join(','), `${topics.raw} → ingest → ${topics.keyed} → aggregate → ${topics.progression} + ${topics.customers} (rejects: ${topics.dlq})`);
  const stages = await startTopology({ kafka: context.kafka, registry: context.registry, logger: context.logger, appId: options.appId, topics, stages: ['ingest', 'aggregate'], maxBatch: 500 });
  const admin = context.kafka.admin();
  let observer: Observer | undefined;
  try {
    await admin.connect();
    observer = await observeOutputs(context.kafka, context.registry, topics, state);
    await feedAndShow(context, topics, options, state, admin, stages, shutdown);
    say('stopping: draining what was sent, committing in-flight batches...');
    await drain(state, admin, options.appId, topics);
  } finally {
    // Whatever happened above, everything started is stopped (a failed start included).
    for (const s of stages) await s.stop().catch(() => undefined);
    await observer?.caughtUp(10_000).catch(() => undefined);
    await observer?.stop().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  say(`final: ${summaryLine(state, Date.now())}`);
}

/** Feeds simulated leads and redraws the screen every second until Ctrl-C, the --duration, or a failure. */
async function feedAndShow(context: Context, topics: TopicNames, options: RunDemoOptions, state: DashboardState, admin: Admin, stages: readonly RunningStage[], shutdown: AbortSignal): Promise<void> {
  const tty = process.stdout.isTTY === true;
  const draw = tty ? logUpdate : undefined;
  const paint = tty ? colors : undefined;

  // An endless, seeded stream of customer journeys whose simulated time runs at wall-clock speed (the broker
  // refuses record times far in the future, and deletes those older than the raw topic's retention).
  const stopFeeding = new AbortController();
  async function* lines() {
    for (const envelope of generateEnvelopes({ leads: Number.MAX_SAFE_INTEGER, customers: options.customers, seed: options.seed, start: Date.now(), maxGapMs: Math.max(1, Math.round(2_000 / options.rate)) })) yield formatEnvelope(envelope);
  }
  const feeding = produceEnvelopes(context, { topic: topics.raw, lines: lines(), rate: options.rate, signal: stopFeeding.signal, onProgress: (sent) => (state.sent = sent) });
  feeding.catch(() => undefined);

  let previous = { at: Date.now(), sent: 0, ingest: -1n, progressions: 0, customerUpdates: 0 };
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
    await Promise.race([untilShutdown(stop.signal), ...stages.map((s) => s.failed), feeding]);
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
async function drain(state: DashboardState, admin: Admin, appId: string, topics: TopicNames): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const [ingest, aggregate] = await Promise.all([groupProgress(admin, `${appId}-ingest`, topics.raw), groupProgress(admin, `${appId}-aggregate`, topics.keyed)]);
    state.lag = { ingest: ingest.lag, aggregate: aggregate.recordLag };
    if (ingest.lag === 0n && aggregate.recordLag === 0n) return;
    await delay(200);
  }
}
