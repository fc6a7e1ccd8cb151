/**
 * `npm run bench`: the offline core on one core, side by side in one run (machines are noisy: read the ratios).
 * Targets (issue 4): ≥ 300,000 leads/s for parse+identify+decide; ≤ 512 bytes of heap per customer at 1 M customers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envelopeValueBytes, formatEnvelope, parseEnvelope, type Envelope } from '../src/codecs/envelope.js';
import { applyLead, createOfferMap, customerIdOf, parseLead, type CustomerState, type Lead, type OfferMap } from '../src/domain/index.js';
import { JsonlWriter } from '../src/offline/jsonlWriter.js';
import { benchCommand, whole } from './benchCli.js';
import { offerMapFor } from '../src/simulate/catalog.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'bench', 'out');
// BENCH_CUSTOMERS is read by heapPerCustomer.ts, in its own process: declared here, it is checked before anything runs.
const { BENCH_LEADS: LEADS } = benchCommand('bench', 'the offline core on one core, side by side (parse, identify, decide, `process`, the Node floor, heap per customer)', {
  BENCH_LEADS: whole(1_000_000, 'generated leads (bench/out/ keeps the file for the next run)'),
  BENCH_CUSTOMERS: whole(1_000_000, 'customers held for the heap measure'),
});
const SAMPLE = Math.min(LEADS, 200_000);
const offerMap = createOfferMap(offerMapFor()) as OfferMap;
const rows: { step: string; leads: number; seconds: number; rate: number; note: string }[] = [];

function time(step: string, leads: number, run: () => void, note = ''): number {
  run(); // warm-up: JIT and caches, so the timed run measures steady state
  const started = performance.now();
  run();
  const seconds = (performance.now() - started) / 1000;
  rows.push({ step, leads, seconds, rate: leads / seconds, note });
  return seconds;
}

async function inputFile(): Promise<string> {
  mkdirSync(out, { recursive: true });
  const file = join(out, `leads-${LEADS}-seed1.jsonl`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file}...\n`);
    const writer = new JsonlWriter(file);
    for (const e of generateEnvelopes({ leads: LEADS, customers: Math.round(LEADS / 5), seed: 1 })) await writer.writeLine(formatEnvelope(e));
    await writer.close();
  }
  return file;
}

const file = await inputFile();
const envelopes: Envelope[] = readFileSync(file, 'utf8').split('\n', SAMPLE).map((l) => (parseEnvelope(l) as { envelope: Envelope }).envelope);
const bytes = envelopes.map(envelopeValueBytes);
const decoder = new TextDecoder();

time('decode + JSON.parse only', SAMPLE, () => {
  for (const b of bytes) {
    try {
      JSON.parse(decoder.decode(b));
    } catch {
      // NOT_JSON records: the parse cost is what counts
    }
  }
});
// What parse + identify cannot go below in Node: the JSON parse and the SHA-256 of an identity, per lead.
const identities = bytes.map((_, i) => `email:lead${i}@example.com`);
time('decode + JSON.parse + SHA-256 only', SAMPLE, () => {
  for (let i = 0; i < bytes.length; i += 1) {
    try {
      JSON.parse(decoder.decode(bytes[i]!));
    } catch {
      // as above
    }
    customerIdOf(identities[i]!);
  }
}, 'the floor under parse + identify');
time('parse + identify (parseLead)', SAMPLE, () => {
  for (let i = 0; i < bytes.length; i += 1) parseLead(bytes[i]!, envelopes[i]!.timestamp, { offerMap });
});
const leads = bytes.map((b, i) => parseLead(b, envelopes[i]!.timestamp, { offerMap })).filter((l): l is Lead => l.kind === 'Lead');
time('decide + evolve (applyLead)', leads.length, () => {
  const store = new Map<string, CustomerState>();
  for (const lead of leads) store.set(lead.customerId, applyLead(store.get(lead.customerId), lead).state);
});
time('parse + identify + decide', SAMPLE, () => {
  const store = new Map<string, CustomerState>();
  for (let i = 0; i < bytes.length; i += 1) {
    const lead = parseLead(bytes[i]!, envelopes[i]!.timestamp, { offerMap });
    if (lead.kind === 'Lead') store.set(lead.customerId, applyLead(store.get(lead.customerId), lead).state);
  }
}, 'target ≥ 300,000/s');

// The whole command as a user runs it (file in, three files out), in its own process.
const cli = join(root, 'bin', 'leadstream.js');
const summary = JSON.parse(
  execFileSync(process.execPath, [cli, 'process', '--in', file, '--out', join(out, 'process'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }),
) as { leads: number; elapsedMs: number; customers: number };
// Node's own floor on the same file (read + JSON.parse + SHA-256 + JSON.stringify per line), also in its own process.
const floor = JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL('./nodeFloor.js', import.meta.url)), file], { encoding: 'utf8' })) as { leads: number; elapsedMs: number };
const floorRate = floor.leads / (floor.elapsedMs / 1000);
const processRate = summary.leads / (summary.elapsedMs / 1000);
rows.push({ step: '`leadstream process` (whole file)', leads: summary.leads, seconds: summary.elapsedMs / 1000, rate: processRate, note: `${summary.customers} customers; ${(processRate / floorRate).toFixed(2)}× the Node floor (target ≥ 0.5×)` });
rows.push({ step: 'Node floor: read + JSON.parse + SHA-256 + JSON.stringify', leads: floor.leads, seconds: floor.elapsedMs / 1000, rate: floorRate, note: 'the same file, nothing of ours' });

// Heap per customer: a fresh process holding 1 M customers' state after a full GC.
const heap = JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./heapPerCustomer.js', import.meta.url))], { encoding: 'utf8' })) as { customers: number; bytesPerCustomer: number };

console.log(`\nleadstream offline benchmark — node ${process.version}, ${LEADS} generated leads, timed samples of ${SAMPLE}\n`);
console.log('| step | leads | seconds | leads/s | vs parseLead | note |');
console.log('|---|---:|---:|---:|---:|---|');
const base = rows.find((r) => r.step.startsWith('parse + identify ('))!.rate;
for (const r of rows) console.log(`| ${r.step} | ${r.leads} | ${r.seconds.toFixed(2)} | ${Math.round(r.rate).toLocaleString('en-US')} | ${(r.rate / base).toFixed(2)}× | ${r.note} |`);
console.log(`| heap per customer | ${heap.customers} customers | | ${Math.round(heap.bytesPerCustomer)} B | | target ≤ 512 B |`);
