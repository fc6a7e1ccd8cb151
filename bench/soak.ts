/**
 * `npm run soak`: the long fault run. SOAK_LEADS (1,000,000) simulated leads arrive at a steady rate over
 * SOAK_SECONDS (180) on 12-partition topics while `leadstream run` processes (real CLI processes, up to three)
 * are started, stopped, killed with SIGKILL, and the whole embedded stack is killed with SIGKILL and restarted
 * on its data dir (SOAK_BROKER_RESTARTS, 2; not with KAFKA_BROKERS). Then everything is compared with `process`
 * on the same input: keyed leads and dead letters as multisets (lost, duplicated), the customers view, and no
 * progression step twice. Prints a table; exits 1 if anything was lost or duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/cli/config.js';
import { contextFor, type Context } from '../src/cli/context.js';
import { customerViewFromAvro, progressionFromAvro } from '../src/codecs/avroMappers.js';
import type { CustomerViewRecord, FunnelProgressedRecord } from '../src/codecs/avroRecords.js';
import type { DlqRecord } from '../src/codecs/dlqRecord.js';
import { envelopeValueBytes, formatEnvelope, type Envelope } from '../src/codecs/envelope.js';
import { customerViewToJson } from '../src/codecs/jsonForms.js';
import { toCustomerView, withoutAlertMarks } from '../src/domain/customerView.js';
import { groupProgress } from '../src/kafka/groupProgress.js';
import { probeKafka } from '../src/kafka/readiness.js';
import { startLocalStack, type LocalStack } from '../src/local/stack.js';
import { processLeads } from '../src/offline/processLeads.js';
import { suffixedTopics, type TopicNames } from '../src/pipeline/topicNames.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';
import { ALL_TOPICS, leadsDlq, suffixedDefinitions } from '../topics/index.js';
import { benchCommand, text, whole } from './benchCli.js';
import { benchLogger as logger, lastDay, printTable, say } from './benchStack.js';

const settings = benchCommand('soak', 'the long fault run: `run` processes started, stopped and killed, the stack killed and restarted; then compared with `process` (exit 1 if anything was lost or duplicated)', {
  SOAK_LEADS: whole(1_000_000, 'leads, at a steady rate'),
  SOAK_SECONDS: whole(180, 'seconds the leads arrive over'),
  SOAK_EVERY_MS: whole(5_000, 'ms between faults'),
  SOAK_BROKER_RESTARTS: whole(2, 'kills and restarts of the embedded stack (not with KAFKA_BROKERS)', 0),
  SOAK_LOG_LEVEL: text('info', "the `run` processes' log level"),
});
const { SOAK_LEADS: LEADS, SOAK_SECONDS: SECONDS, SOAK_EVERY_MS: EVERY_MS, SOAK_BROKER_RESTARTS: BROKER_RESTARTS } = settings;
const LOG_LEVEL = settings.SOAK_LOG_LEVEL ?? 'info';
const PARTITIONS = 12;
const CLI = fileURLToPath(new URL('../../bin/leadstream.js', import.meta.url));

/** A keyed lead without its 5-byte wire header: live and offline runs use different schema ids for the same schema. */
const keyedId = (key: Buffer | string | null, value: Buffer | string | null): string =>
  createHash('sha1')
    .update(key ?? '')
    .update('\0')
    .update(typeof value === 'string' ? Buffer.from(value) : (value ?? Buffer.alloc(0)).subarray(5))
    .digest('base64');

const bump = (counts: Map<string, number>, id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);

/** Lost and duplicated between an expected and an actual multiset. */
function compare(expected: ReadonlyMap<string, number>, actual: ReadonlyMap<string, number>): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  for (const [id, n] of expected) lost += Math.max(0, n - (actual.get(id) ?? 0));
  for (const [id, n] of actual) duplicated += Math.max(0, n - (expected.get(id) ?? 0));
  return { lost, duplicated };
}

interface Cluster {
  brokers: string;
  registryUrl: string;
  context: Context;
  stack?: LocalStack;
}

async function startCluster(dataDir: string | undefined): Promise<Cluster> {
  const config = loadConfig(process.env);
  if (config.connection.kind === 'external') {
    const { brokers, schemaRegistryUrl } = config.connection;
    return { brokers: brokers.join(','), registryUrl: schemaRegistryUrl, context: contextFor(config, logger, brokers, schemaRegistryUrl) };
  }
  const stack = await startLocalStack({
    dataDir: dataDir!,
    probeKafka: (bootstrap) => probeKafka(bootstrap, logger),
    ...(config.javaHome ? { javaHome: config.javaHome } : {}),
    ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
  });
  return { brokers: stack.kafkaBrokers, registryUrl: stack.schemaRegistryUrl, context: contextFor(config, logger, [stack.kafkaBrokers], stack.schemaRegistryUrl), stack };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadstream-soak-'));
  const logFile = join(dataDir, 'instances.log');
  const log = createWriteStream(logFile);
  let cluster = await startCluster(dataDir);
  const external = cluster.stack === undefined;
  const suffix = `soak-${randomBytes(4).toString('hex')}`;
  const admin = await cluster.context.kafka.admin();
  await admin.applyTopics(suffixedDefinitions(suffix).map((d, i) => ({ ...d, partitions: ALL_TOPICS[i] === leadsDlq ? 1 : PARTITIONS })));
  await admin.close();
  const topics: TopicNames = suffixedTopics(suffix);
  const appId = `soak-${randomUUID().slice(0, 8)}`;
  say(`soak: ${LEADS.toLocaleString('en-US')} leads over ${SECONDS} s on ${PARTITIONS} partitions, a fault every ${EVERY_MS / 1000} s; instance logs in ${logFile}`);

  const faults = { joins: 0, leaves: 0, kills: 0, brokerRestarts: 0 };
  const badExits: string[] = [];
  const instances: ChildProcess[] = [];
  let nextInstance = 0;
  const startInstance = () => {
    const id = ++nextInstance;
    const child = spawn(process.execPath, [CLI, 'run', '--topics-suffix', suffix, '--session-timeout', '10000'], {
      env: { ...process.env, KAFKA_BROKERS: cluster.brokers, SCHEMA_REGISTRY_URL: cluster.registryUrl, LEADSTREAM_APP_ID: appId, LEADSTREAM_LOG_LEVEL: LOG_LEVEL, LEADSTREAM_EXIT_WITH_PARENT: 'true' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    // Whole lines, each under its instance's number (chunks split lines anywhere).
    createInterface({ input: child.stderr! }).on('line', (line) => log.write(`[${id}] ${line}\n`));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) badExits.push(`instance ${id} exited with ${code ?? signal}`);
    });
    instances.push(child);
  };
  const stopInstance = async (signal: 'SIGTERM' | 'SIGKILL') => {
    const child = instances.splice(Math.floor(Math.random() * instances.length), 1)[0]!;
    child.kill(signal);
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  };

  // The load: steady, paused only while the stack is down (a send that fails mid-restart would leave its
  // outcome unknown, and resending would put duplicates into the input itself).
  const envelopes: Envelope[] = [...generateEnvelopes({ leads: LEADS, customers: Math.round(LEADS / 5), seed: 2026, badShare: 0.02, ...lastDay(LEADS) })];
  let paused: Promise<void> | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let sent = 0;
  const started = Date.now();
  const load = (async () => {
    let producer = await cluster.context.kafka.producer();
    let producerOf = cluster;
    const batch = Math.max(100, Math.round(LEADS / SECONDS / 10));
    for (let i = 0; i < envelopes.length; i += batch) {
      while (paused) await paused;
      if (producerOf !== cluster) {
        await producer.close().catch(() => undefined);
        producer = await cluster.context.kafka.producer();
        producerOf = cluster;
      }
      inFlight = producer.send(envelopes.slice(i, i + batch).map((e) => ({ topic: topics.raw, key: e.key, value: envelopeValueBytes(e), timestamp: e.timestamp })));
      await inFlight;
      sent = Math.min(envelopes.length, i + batch);
      const due = started + (sent / LEADS) * SECONDS * 1000;
      if (due > Date.now()) await delay(due - Date.now());
    }
    await producer.close();
  })();

  startInstance();
  startInstance();
  // Broker restarts spread over the run; the other faults in a fixed rotation.
  const restartAt = Array.from({ length: external ? 0 : BROKER_RESTARTS }, (_, i) => started + ((i + 1) * SECONDS * 1000) / (BROKER_RESTARTS + 1));
  const rotation = ['join', 'kill', 'join', 'leave', 'kill', 'join'] as const;
  let loadDone = false;
  void load.then(() => (loadDone = true));
  for (let step = 0; !loadDone || Date.now() < started + SECONDS * 1000; step += 1) {
    await Promise.race([delay(EVERY_MS), load.catch(() => undefined)]);
    if (loadDone && Date.now() >= started + SECONDS * 1000) break;
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (restartAt.length > 0 && Date.now() >= restartAt[0]! && cluster.stack) {
      restartAt.shift();
      let resume: () => void = () => {};
      paused = new Promise((resolve) => (resume = resolve));
      // The send in flight finishes (acknowledged) before the stack goes; no new one starts while paused.
      await inFlight.catch(() => undefined);
      await cluster.stack.kill();
      say(`  ${elapsed} s: stack killed (SIGKILL), restarting on ${dataDir}...`);
      cluster = await startCluster(dataDir);
      faults.brokerRestarts += 1;
      paused = undefined;
      resume();
      continue;
    }
    const action = rotation[step % rotation.length]!;
    if (action === 'join' && instances.length < 3) {
      startInstance();
      faults.joins += 1;
    } else if (instances.length > 1) {
      await stopInstance(action === 'kill' ? 'SIGKILL' : 'SIGTERM');
      if (action === 'kill') faults.kills += 1;
      else faults.leaves += 1;
    } else {
      startInstance();
      faults.joins += 1;
    }
    say(`  ${elapsed} s: ${sent.toLocaleString('en-US')} leads sent, ${instances.length} instance(s), faults ${JSON.stringify(faults)}`);
  }
  await load;
  while (instances.length < 2) startInstance();

  say('load done; waiting for both stages to commit everything...');
  const admin2 = await cluster.context.kafka.admin();
  let reported = Date.now();
  for (;;) {
    const [ingest, aggregate] = await Promise.all([groupProgress(admin2, `${appId}-ingest`, topics.raw), groupProgress(admin2, `${appId}-aggregate`, topics.keyed)]);
    if (ingest.lag === 0n && aggregate.recordLag === 0n && aggregate.committed > 0n) break;
    if (Date.now() - reported >= 30_000) {
      reported = Date.now();
      say(`  still waiting: ingest lag ${ingest.lag}, aggregate lag ${aggregate.recordLag} records`);
    }
    await delay(500);
  }
  await admin2.close();
  const processingSeconds = (Date.now() - started) / 1000;
  while (instances.length > 0) await stopInstance('SIGTERM');

  say('reading the committed outputs and running `process` on the same input...');
  const { context } = cluster;
  const keyed = new Map<string, number>();
  await context.kafka.readToEnd({ topic: topics.keyed, onBatch: async (_p, records) => void records.forEach((r) => bump(keyed, keyedId(r.key, r.value))) });
  const dlq = new Map<string, number>();
  await context.kafka.readToEnd({ topic: topics.dlq, onBatch: async (_p, records) => void records.forEach((r) => { const d = JSON.parse(r.value!.toString('utf8')) as DlqRecord; bump(dlq, `${d.partition}:${d.offset}`); }) });
  const customers = new Map<string, string>();
  await context.kafka.readToEnd({
    topic: topics.customers,
    onBatch: async (_p, records) => {
      for (const r of records) customers.set(r.key!.toString(), JSON.stringify(customerViewToJson(withoutAlertMarks(customerViewFromAvro((await context.registry.decode(r.value!)) as CustomerViewRecord)))));
    },
  });
  const steps = new Map<string, number>();
  await context.kafka.readToEnd({
    topic: topics.progression,
    onBatch: async (_p, records) => {
      for (const r of records) {
        const p = progressionFromAvro((await context.registry.decode(r.value!)) as FunnelProgressedRecord);
        bump(steps, `${p.customerId}|${p.offer}|${p.toStage}`);
      }
    },
  });

  const expectedKeyed = new Map<string, number>();
  async function* lines() {
    for (const e of envelopes) yield formatEnvelope(e);
  }
  const offline = await processLeads(lines(), { progression: async () => {}, dlq: async () => {}, keyed: (key, value) => void bump(expectedKeyed, keyedId(key, value)) });
  const keyedDiff = compare(expectedKeyed, keyed);
  const rejected = Object.values(offline.counts.rejected).reduce((a, b) => a + (b ?? 0), 0);
  const dlqTotal = [...dlq.values()].reduce((a, b) => a + b, 0);
  const dlqDuplicated = dlqTotal - dlq.size;
  const expectedCustomers = new Map(offline.customers.map((c) => [c.customerId, JSON.stringify(customerViewToJson(withoutAlertMarks(toCustomerView(c))))]));
  let customersDiffering = 0;
  for (const [id, view] of expectedCustomers) if (customers.get(id) !== view) customersDiffering += 1;
  for (const id of customers.keys()) if (!expectedCustomers.has(id)) customersDiffering += 1;
  const repeatedSteps = [...steps.values()].reduce((a, n) => a + (n - 1), 0);

  const n = (x: number) => x.toLocaleString('en-US');
  printTable([
    ['', 'expected', 'committed', 'lost', 'duplicated'],
    ['raw leads (input)', n(LEADS), n(sent), n(LEADS - sent), '-'],
    ['keyed leads', n(offline.counts.accepted), n([...keyed.values()].reduce((a, b) => a + b, 0)), n(keyedDiff.lost), n(keyedDiff.duplicated)],
    ['dead letters', n(rejected), n(dlqTotal), n(Math.max(0, rejected - dlq.size)), n(dlqDuplicated)],
    ['customers (view differs)', n(expectedCustomers.size), n(customers.size), n(customersDiffering), '-'],
    ['progression steps', '-', n([...steps.values()].reduce((a, b) => a + b, 0)), '-', n(repeatedSteps)],
  ]);
  console.log('');
  printTable([
    ['faults injected', 'count'],
    ['instance joined', n(faults.joins)],
    ['instance left (SIGTERM)', n(faults.leaves)],
    ['instance killed (SIGKILL)', n(faults.kills)],
    ['whole stack killed (SIGKILL) and restarted', external ? 'skipped (KAFKA_BROKERS)' : n(faults.brokerRestarts)],
    ['processing time, first lead to all committed', `${processingSeconds.toFixed(0)} s`],
  ]);
  const failed = keyedDiff.lost + keyedDiff.duplicated + Math.max(0, rejected - dlq.size) + dlqDuplicated + customersDiffering + repeatedSteps + (LEADS - sent) > 0 || badExits.length > 0;
  for (const line of badExits) say(`unexpected exit: ${line}`);
  log.end();
  await cluster.stack?.stop();
  if (!failed) rmSync(dataDir, { recursive: true, force: true });
  else say(`kept ${dataDir} (instance logs, broker data) to look into`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  say(`soak: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
