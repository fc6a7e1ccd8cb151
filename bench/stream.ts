/**
 * `npm run bench:stream`: leadstream against Kafka Streams on the same job, the same embedded broker and machine.
 * BENCH_LEADS simulated leads (1,000,000; a fifth as many customers) are loaded once on 6 raw partitions; then each
 * contender, in a process of its own, reads them from the start of that topic, one after another, BENCH_REPEATS
 * times (3; the table gives medians):
 *  - leadstream run (ingest + aggregate, exactly once);
 *  - the Kafka Streams reference (bench/kstreams-reference, exactly_once_v2) with in-memory and RocksDB stores;
 *  - a raw pass-through on our client, with and without transactions (the floor our client sets);
 *  - both scaled out on the box: leadstream as a process per stage, Kafka Streams with 2 stream threads.
 * Each contender's CPU seconds and the embedded broker's over its run (the box has two cores for both).
 * The first repeat's outputs of leadstream and Kafka Streams must agree (customers, progressions, rejects): the
 * comparison is only honest if both did the same job. Then p50/p99 latency at BENCH_RATE (5,000) new-customer
 * leads/s for BENCH_SECONDS (20), and the restore of BENCH_RESTORE (1,000,000) customers (until the tasks are
 * initialized). One table on stdout, and
 * JSON + SVG in bench/results/. BENCH_CONTENDERS (comma-separated ids) runs some only; BENCH_NODE_FLAGS go to our
 * contenders' node (e.g. `--cpu-prof --cpu-prof-dir=DIR`); BENCH_CONTENDER_SCRIPT runs another build's contender
 * (another checkout's dist/bench/streamContender.js: two versions side by side); BENCH_COMMIT_INTERVAL_MS is passed
 * to leadstream's.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { customerViewFromAvro, progressionTopicFromAvro } from '../src/codecs/avroMappers.js';
import type { CustomerForgottenRecord, CustomerViewRecord, FunnelProgressedRecord } from '../src/codecs/avroRecords.js';
import { envelopeValueBytes } from '../src/codecs/envelope.js';
import { withoutAlertMarks } from '../src/domain/customerView.js';
import { parseLead, toCustomerView, type CustomerView, type FunnelProgressed } from '../src/domain/index.js';
import { groupProgress } from '../src/kafka/groupProgress.js';
import type { ProducedRecord } from '../src/kafka/types.js';
import { suffixedTopics, type TopicNames } from '../src/pipeline/topicNames.js';
import { renderSvg } from '../src/report/renderSvg.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';
import { leadsRaw, suffixedDefinitions } from '../topics/index.js';
import { benchContext, lastDay, printTable, say } from './benchStack.js';
import { offeredLoad, type Latency } from './offeredLoad.js';
import { processGroupCpuSeconds, processStats, type ProcessStats } from './processStats.js';
import { benchCommand, text, whole } from './benchCli.js';
import { restoreBench } from './restoreBench.js';

// BENCH_COMMIT_INTERVAL_MS is read by our contenders (streamContender.ts): declared here, it is checked before anything starts.
const settings = benchCommand('bench:stream', 'leadstream against Kafka Streams on the same job, broker and machine: throughput (median of repeats), CPU, RSS, latency, restore', {
  BENCH_LEADS: whole(1_000_000, 'simulated leads, loaded once on 6 raw partitions'),
  BENCH_REPEATS: whole(3, 'runs per contender (the table gives medians)'),
  BENCH_RATE: whole(5_000, 'leads/s offered for the latency runs'),
  BENCH_SECONDS: whole(20, 'length of each latency run (0: none)', 0),
  BENCH_RESTORE: whole(1_000_000, 'customers restored (0: no restore run)', 0),
  BENCH_CONTENDERS: text('all', 'comma-separated contender ids to run'),
  BENCH_NODE_FLAGS: text('none', "flags for our contenders' node, e.g. --cpu-prof --cpu-prof-dir=DIR"),
  BENCH_CONTENDER_SCRIPT: text('dist/bench/streamContender.js', "another build's contender (two versions side by side)"),
  BENCH_COMMIT_INTERVAL_MS: whole(100, "leadstream's commit interval"),
});
const { BENCH_LEADS: LEADS, BENCH_REPEATS: REPEATS, BENCH_RATE: RATE, BENCH_SECONDS: SECONDS, BENCH_RESTORE: RESTORE } = settings;
const PARTITIONS = 6;

const root = fileURLToPath(new URL('../..', import.meta.url));
const referenceDir = join(root, 'bench', 'kstreams-reference');
const referenceJar = join(referenceDir, 'target', 'kstreams-reference.jar');
const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';
const contenderScript = settings.BENCH_CONTENDER_SCRIPT ?? join(root, 'dist', 'bench', 'streamContender.js');

type ContenderId = 'leadstream' | 'leadstream-stages' | 'kstreams-memory' | 'kstreams-memory-2t' | 'kstreams-rocksdb' | 'pass-eos' | 'pass-plain';
interface Contender {
  readonly id: ContenderId;
  readonly label: string;
  /** Does the whole job (so its outputs are compared, and its latency measured). */
  readonly job: boolean;
}
const CONTENDERS: readonly Contender[] = [
  { id: 'leadstream', label: 'leadstream run (exactly once)', job: true },
  { id: 'kstreams-memory', label: 'Kafka Streams 4.3.1, in-memory store', job: true },
  { id: 'kstreams-rocksdb', label: 'Kafka Streams 4.3.1, RocksDB store', job: true },
  // Scaled out on the same box: a process per stage (run --stage), against two stream threads.
  { id: 'leadstream-stages', label: 'leadstream, a process per stage', job: true },
  { id: 'kstreams-memory-2t', label: 'Kafka Streams 4.3.1, in-memory, 2 threads', job: true },
  { id: 'pass-eos', label: 'pass-through, transactions (our client)', job: false },
  { id: 'pass-plain', label: 'pass-through, no transactions (our client)', job: false },
];
const chosen = (settings.BENCH_CONTENDERS ?? CONTENDERS.map((c) => c.id).join(',')).split(',');
const contenders = CONTENDERS.filter((c) => chosen.includes(c.id));
const unknownContenders = chosen.filter((id) => !CONTENDERS.some((c) => c.id === id));
if (unknownContenders.length > 0) {
  say(`error: BENCH_CONTENDERS: no contender ${unknownContenders.join(', ')} (the ids: ${CONTENDERS.map((c) => c.id).join(', ')})`);
  process.exit(2);
}

interface Run {
  readonly contender: ContenderId;
  readonly repeat: number;
  readonly seconds: number;
  readonly leadsPerSecond: number;
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  /** The embedded broker's CPU seconds over the run (undefined with an external broker). */
  readonly brokerCpuSeconds: number | undefined;
}

/** A contender's topics, its app id, and where it is done. */
interface Setup {
  readonly appId: string;
  readonly topics: TopicNames;
  /** The Kafka Streams reference keeps its store's changelog itself: its customers topic. */
  readonly customersTopic: string;
  readonly passOut: string;
}

const { context, env, stop: stopStack, brokerGroup } = await benchContext();
const brokerCpu = (): number | undefined => (brokerGroup === undefined ? undefined : processGroupCpuSeconds(brokerGroup));
const admin = await context.kafka.admin();

async function setUp(contender: ContenderId, raw: string): Promise<Setup> {
  const suffix = `${contender}-${randomBytes(4).toString('hex')}`;
  const appId = `bench-${suffix}`;
  const topics: TopicNames = { ...suffixedTopics(suffix), raw };
  const passOut = `leads.copy.v1.${suffix}`;
  if (contender.startsWith('leadstream') || contender.startsWith('kstreams')) await admin.applyTopics(suffixedDefinitions(suffix).filter((t) => !t.name.startsWith('leads.raw.v1')));
  if (contender.startsWith('pass')) await admin.applyTopics([{ ...leadsRaw, name: passOut }]);
  return { appId, topics, customersTopic: contender.startsWith('kstreams') ? `${appId}-customers-changelog` : topics.customers, passOut };
}

/** A contender's processes: one, or one per stage. */
function launch(contender: ContenderId, setup: Setup, stateDir: string): ChildProcess[] {
  const { appId, topics } = setup;
  const childEnv = { ...process.env, ...env };
  if (contender.startsWith('kstreams')) {
    const store = contender === 'kstreams-rocksdb' ? 'rocksdb' : 'memory';
    const threads = contender === 'kstreams-memory-2t' ? ['--threads', '2'] : [];
    const args = ['-jar', referenceJar, '--bootstrap', env.KAFKA_BROKERS, '--app-id', appId, '--raw', topics.raw, '--keyed', topics.keyed, '--progression', topics.progression, '--dlq', topics.dlq, '--store', store, '--state-dir', stateDir, ...threads];
    return [spawn(java, args, { env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] })];
  }
  // BENCH_NODE_FLAGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, go to our contenders' node (profiles, heap flags).
  const nodeFlags = (settings.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
  const node = (args: readonly string[]) => spawn(process.execPath, [...nodeFlags, contenderScript, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  const suffix = topics.keyed.slice('leads.keyed.v1.'.length);
  if (contender === 'leadstream') return [node(['leadstream', appId, topics.raw, suffix])];
  if (contender === 'leadstream-stages') return (['ingest', 'aggregate'] as const).map((stage) => node(['leadstream', appId, topics.raw, suffix, stage]));
  return [node([contender, appId, topics.raw, setup.passOut])];
}

/** CPU seconds and peak RSS of a contender: the sums over its processes. */
function statsOf(children: readonly ChildProcess[]): ProcessStats {
  const each = children.map((c) => processStats(c.pid!));
  return { cpuSeconds: each.reduce((a, s) => a + s.cpuSeconds, 0), peakRssBytes: each.reduce((a, s) => a + s.peakRssBytes, 0) };
}

/** Resolves at the child's READY (`STATE RUNNING` for Kafka Streams); rejects when it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line === 'READY' || line === 'STATE RUNNING') resolve();
      else if (line.startsWith('STATE ERROR')) reject(new Error(line));
    });
    child.once('exit', (code) => reject(new Error(`the contender exited with code ${code} before it was ready`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  await exited;
  clearTimeout(killer);
}

/** Whether the contender has done everything with the loaded leads (committed, not only read). */
async function done(contender: ContenderId, setup: Setup): Promise<boolean> {
  const { appId, topics } = setup;
  const finished = async (group: string, topic: string, transactional: boolean) => {
    const p = await groupProgress(admin, group, topic);
    return p.committed > 0n && (transactional ? p.recordLag : p.lag) === 0n;
  };
  switch (contender) {
    case 'leadstream':
    case 'leadstream-stages':
      return (await finished(`${appId}-ingest`, topics.raw, false)) && (await finished(`${appId}-aggregate`, topics.keyed, true));
    case 'kstreams-memory':
    case 'kstreams-memory-2t':
    case 'kstreams-rocksdb':
      return (await finished(appId, topics.raw, false)) && (await finished(appId, topics.keyed, true));
    case 'pass-eos':
      return finished(`${appId}-copy`, topics.raw, false);
    case 'pass-plain': {
      let copied = 0n;
      for (const end of (await admin.endOffsets(setup.passOut)).values()) copied += end;
      return copied >= BigInt(LEADS);
    }
  }
}

async function throughputRun(contender: ContenderId, raw: string, repeat: number): Promise<{ run: Run; setup: Setup }> {
  const setup = await setUp(contender, raw);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-stream-'));
  const started = performance.now();
  const brokerBefore = brokerCpu();
  const children = launch(contender, setup, stateDir);
  const failed = new Promise<never>((_, reject) => {
    for (const child of children) child.once('exit', (code) => reject(new Error(`${contender} exited with code ${code} before it was done`)));
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([Promise.all(children.map(ready)), failed]);
    for (;;) {
      if (await Promise.race([done(contender, setup), failed])) break;
      await delay(250);
    }
    const seconds = (performance.now() - started) / 1000;
    const brokerAfter = brokerCpu();
    const brokerCpuSeconds = brokerBefore === undefined || brokerAfter === undefined ? undefined : brokerAfter - brokerBefore;
    const run: Run = { contender, repeat, seconds, leadsPerSecond: LEADS / seconds, ...statsOf(children), brokerCpuSeconds };
    say(`  ${contender} #${repeat}: ${Math.round(run.leadsPerSecond).toLocaleString('en-US')} leads/s, ${run.cpuSeconds.toFixed(0)} CPU s (broker ${brokerCpuSeconds?.toFixed(0) ?? '—'}), peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
    return { run, setup };
  } finally {
    await Promise.all(children.map(stopChild));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

// ---- agreement: the same customers, progressions and rejects from both ----

const viewKey = (view: CustomerView): string => JSON.stringify(withoutAlertMarks(toCustomerView(view)));
const progressionKey = (e: Pick<FunnelProgressed, 'customerId' | 'offer' | 'fromStage' | 'toStage' | 'action' | 'occurredAt' | 'followUpBy'>): string =>
  `${e.customerId}|${e.offer}|${e.fromStage}|${e.toStage}|${e.action}|${e.occurredAt}|${e.followUpBy}`;

/** The reference's JSON customer state as our view (absent profile fields are null in ours). */
function viewFromJson(json: CustomerView): CustomerView {
  const nullable = <T extends object>(o: T): T => Object.fromEntries(Object.keys(o).map((k) => [k, (o as Record<string, unknown>)[k] ?? null])) as T;
  return { ...json, profile: nullable(json.profile), profileUpdatedAt: nullable(json.profileUpdatedAt) };
}

interface Outputs {
  readonly customers: Map<string, string>;
  readonly progressions: string[];
  readonly rejects: number;
}

async function outputsOf(contender: ContenderId, setup: Setup): Promise<Outputs> {
  const json = contender.startsWith('kstreams');
  const customers = new Map<string, string>();
  const progressions: string[] = [];
  let rejects = 0;
  await context.kafka.readToEnd({
    topic: setup.customersTopic,
    onBatch: async (_p, records) => {
      for (const r of records) {
        const id = r.key!.toString();
        if (r.value === null) customers.delete(id);
        else customers.set(id, viewKey(json ? viewFromJson(JSON.parse(r.value.toString()) as CustomerView) : customerViewFromAvro((await context.registry.decode(r.value)) as CustomerViewRecord)));
      }
    },
  });
  await context.kafka.readToEnd({
    topic: setup.topics.progression,
    onBatch: async (_p, records) => {
      for (const r of records) {
        const event = json ? (JSON.parse(r.value!.toString()) as FunnelProgressed) : progressionTopicFromAvro((await context.registry.decode(r.value!)) as FunnelProgressedRecord | CustomerForgottenRecord);
        if (event.type === 'FunnelProgressed') progressions.push(progressionKey(event));
      }
    },
  });
  await context.kafka.readToEnd({ topic: setup.topics.dlq, onBatch: async (_p, records) => void (rejects += records.length) });
  return { customers, progressions: progressions.sort(), rejects };
}

function disagreement(ours: Outputs, theirs: Outputs): string | undefined {
  if (ours.rejects !== theirs.rejects) return `rejects ${ours.rejects} vs ${theirs.rejects}`;
  if (ours.customers.size !== theirs.customers.size) return `customers ${ours.customers.size} vs ${theirs.customers.size}`;
  for (const [id, view] of ours.customers) if (theirs.customers.get(id) !== view) return `customer ${id}: ours ${view} — theirs ${theirs.customers.get(id) ?? 'missing'}`;
  if (ours.progressions.length !== theirs.progressions.length) return `progressions ${ours.progressions.length} vs ${theirs.progressions.length}`;
  const differs = ours.progressions.findIndex((p, i) => p !== theirs.progressions[i]);
  return differs >= 0 ? `progression ${ours.progressions[differs]} vs ${theirs.progressions[differs]}` : undefined;
}

// ---- latency at a fixed offered load ----

async function latencyRun(contender: ContenderId): Promise<Latency> {
  const raw = `leads.raw.v1.lat-${randomBytes(4).toString('hex')}`;
  await admin.applyTopics([{ ...leadsRaw, name: raw }]);
  const setup = await setUp(contender, raw);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-stream-'));
  const children = launch(contender, setup, stateDir);
  const seenAt = new Map<string, number>();
  const follower = await context.kafka.follow({
    topics: [setup.topics.progression],
    fromBeginning: true,
    maxWaitTimeMs: 50,
    onBatch: async (_t, _p, records) => {
      const now = performance.now();
      for (const r of records) seenAt.set(r.key!.toString(), now);
    },
  });
  const producer = await context.kafka.producer();
  try {
    await Promise.all(children.map(ready));
    return await offeredLoad(producer, raw, seenAt, RATE, SECONDS);
  } finally {
    await producer.close();
    await follower.stop();
    await Promise.all(children.map(stopChild));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

// ---- the run ----

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** `java -version` writes to stderr: its first line. */
const javaVersion = (): string => {
  const { stderr, error } = spawnSync(java, ['-version'], { encoding: 'utf8' });
  return error ? `unknown (${error.message})` : (stderr.split('\n')[0] ?? 'unknown').trim();
};

try {
  if (contenders.some((c) => c.id.startsWith('kstreams'))) {
    say('building the Kafka Streams reference (mvn package)...');
    execFileSync('mvn', ['-q', '-f', join(referenceDir, 'pom.xml'), 'package', '-DskipTests'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const raw = `leads.raw.v1.stream-${randomBytes(4).toString('hex')}`;
  await admin.applyTopics([{ ...leadsRaw, name: raw, partitions: PARTITIONS }]);
  say(`loading ${LEADS.toLocaleString('en-US')} simulated leads (${Math.round(LEADS / 5).toLocaleString('en-US')} customers) to ${raw}, ${PARTITIONS} partitions...`);
  const producer = await context.kafka.producer();
  let batch: ProducedRecord[] = [];
  for (const e of generateEnvelopes({ leads: LEADS, customers: Math.round(LEADS / 5), seed: 13, ...lastDay(LEADS) })) {
    // Keyed by customer, so that both contenders see each customer's leads in one order: the progressions depend on
    // it (the customer views do not). A lead without an identity goes anywhere.
    const value = envelopeValueBytes(e);
    const lead = parseLead(value, e.timestamp);
    batch.push({ topic: raw, key: lead.kind === 'Lead' ? Buffer.from(lead.customerId) : null, value, timestamp: e.timestamp });
    if (batch.length === 5_000) {
      await producer.send(batch);
      batch = [];
    }
  }
  await producer.send(batch);
  await producer.close();

  const runs: Run[] = [];
  const agreement: { contender: ContenderId; agrees: boolean; detail: string }[] = [];
  for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
    say(`repeat ${repeat} of ${REPEATS}`);
    const firstOutputs = new Map<ContenderId, Setup>();
    for (const { id } of contenders) {
      const { run, setup } = await throughputRun(id, raw, repeat);
      runs.push(run);
      if (repeat === 1) firstOutputs.set(id, setup);
    }
    if (repeat !== 1) continue;
    const oursSetup = firstOutputs.get('leadstream');
    if (!oursSetup) continue;
    say('checking that leadstream and Kafka Streams agree...');
    const ours = await outputsOf('leadstream', oursSetup);
    for (const id of ['kstreams-memory', 'kstreams-rocksdb', 'kstreams-memory-2t', 'leadstream-stages'] as const) {
      const setup = firstOutputs.get(id);
      if (!setup) continue;
      const why = disagreement(ours, await outputsOf(id, setup));
      agreement.push({ contender: id, agrees: why === undefined, detail: why ?? `${ours.customers.size} customers, ${ours.progressions.length} progressions, ${ours.rejects} rejects: equal` });
    }
  }
  const latency = new Map<ContenderId, Latency>();
  for (const { id, job } of contenders) {
    if (!job || SECONDS <= 0) continue;
    say(`latency: ${id}, ${RATE} new-customer leads/s for ${SECONDS} s...`);
    latency.set(id, await latencyRun(id));
  }
  let restore: { seconds: number; bytesPerCustomer: number | undefined } | undefined;
  if (RESTORE > 0 && contenders.some((c) => c.id === 'leadstream')) {
    say(`restore: ${RESTORE.toLocaleString('en-US')} customers...`);
    const suffix = `restore-${randomBytes(4).toString('hex')}`;
    await admin.applyTopics(suffixedDefinitions(suffix));
    restore = await restoreBench(context, suffixedTopics(suffix), RESTORE);
  }

  const summary = contenders.map(({ id, label }) => {
    const mine = runs.filter((r) => r.contender === id);
    return { id, label, leadsPerSecond: median(mine.map((r) => r.leadsPerSecond)), cpuSeconds: median(mine.map((r) => r.cpuSeconds)), brokerCpuSeconds: mine.every((r) => r.brokerCpuSeconds !== undefined) ? median(mine.map((r) => r.brokerCpuSeconds!)) : undefined, peakRssBytes: median(mine.map((r) => r.peakRssBytes)), latency: latency.get(id) };
  });
  const rateOf = (id: ContenderId) => summary.find((s) => s.id === id)?.leadsPerSecond;
  const ratio = (rate: number, id: ContenderId) => {
    const base = rateOf(id);
    return base ? `${(rate / base).toFixed(2)}×` : '—';
  };
  const table = [
    ['contender', 'leads/s (median)', 'vs KS in-memory', 'vs KS RocksDB', 'vs KS 2 threads', 'vs pass-through tx', 'CPU s', 'broker CPU s', 'peak RSS', 'p50 / p99 latency'],
    ...summary.map((s) => [
      s.label,
      Math.round(s.leadsPerSecond).toLocaleString('en-US'),
      ratio(s.leadsPerSecond, 'kstreams-memory'),
      ratio(s.leadsPerSecond, 'kstreams-rocksdb'),
      ratio(s.leadsPerSecond, 'kstreams-memory-2t'),
      ratio(s.leadsPerSecond, 'pass-eos'),
      s.cpuSeconds.toFixed(0),
      s.brokerCpuSeconds === undefined ? '—' : s.brokerCpuSeconds.toFixed(0),
      `${(s.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
      s.latency ? `${s.latency.p50.toFixed(0)} / ${s.latency.p99.toFixed(0)} ms${s.latency.missing ? ` (${s.latency.missing} not seen)` : ''}` : '—',
    ]),
  ];
  console.log(`\nbench:stream — ${LEADS.toLocaleString('en-US')} leads, ${PARTITIONS} partitions, median of ${REPEATS}; latency at ${RATE} leads/s for ${SECONDS} s\n`);
  printTable(table);
  if (restore) console.log(`\nrestore of ${RESTORE.toLocaleString('en-US')} customers (leadstream, 6 partitions): ${restore.seconds.toFixed(1)} s${restore.bytesPerCustomer === undefined ? '' : `, heap ${Math.round(restore.bytesPerCustomer)} B/customer`}`);
  for (const a of agreement) console.log(`agreement with ${a.contender}: ${a.agrees ? 'yes' : 'NO'} (${a.detail})`);

  const date = new Date().toISOString();
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stem = join(resultsDir, `stream-${date.slice(0, 19).replace(/:/g, '-')}`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, java: javaVersion(), kafka: '4.3.1', kafkaStreams: '4.3.1' };
  writeFileSync(`${stem}.json`, `${JSON.stringify({ date, machine, config: { leads: LEADS, partitions: PARTITIONS, repeats: REPEATS, rate: RATE, seconds: SECONDS, restore: RESTORE }, summary, runs, agreement, restore }, null, 2)}\n`);
  const chart: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `bench:stream, ${date.slice(0, 10)}: ${LEADS.toLocaleString('en-US')} leads, median of ${REPEATS}`,
    hconcat: [
      { width: 360, data: { values: summary.map((s) => ({ contender: s.label, value: Math.round(s.leadsPerSecond) })) }, mark: 'bar', encoding: { y: { field: 'contender', type: 'nominal', sort: null, title: null }, x: { field: 'value', type: 'quantitative', title: 'leads/s' } } },
      { width: 240, data: { values: summary.flatMap((s) => (s.latency ? [{ contender: s.label, percentile: 'p50', ms: Math.round(s.latency.p50) }, { contender: s.label, percentile: 'p99', ms: Math.round(s.latency.p99) }] : [])) }, mark: 'bar', encoding: { y: { field: 'contender', type: 'nominal', sort: null, title: null }, yOffset: { field: 'percentile' }, x: { field: 'ms', type: 'quantitative', title: `latency at ${RATE} leads/s (ms)` }, color: { field: 'percentile', type: 'nominal' } } },
    ],
  };
  writeFileSync(`${stem}.svg`, await renderSvg(chart));
  console.log(`\nwrote ${stem}.json and ${stem}.svg`);
  if (agreement.some((a) => !a.agrees)) process.exitCode = 1;
} finally {
  await admin.close();
  await stopStack();
}
