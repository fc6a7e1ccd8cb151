/**
 * `npm run bench:backfill`: a backfill of BENCH_LEADS (1,000,000) raw leads on 6 partitions, on the embedded broker
 * (or KAFKA_BROKERS): the time from start to the stop at the captured end offsets, both stages exactly once.
 */
import { randomBytes } from 'node:crypto';
import { prepareBackfill } from '../src/backfill/prepare.js';
import { runBackfill } from '../src/backfill/run.js';
import { summarizeBackfill } from '../src/backfill/summary.js';
import { formatEnvelope } from '../src/codecs/envelope.js';
import { produceEnvelopes } from '../src/load/produceEnvelopes.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';
import { leadsRaw } from '../topics/index.js';
import { benchCommand, whole } from './benchCli.js';
import { benchContext, lastDay, benchLogger, printTable, say } from './benchStack.js';

const { BENCH_LEADS: LEADS } = benchCommand('bench:backfill', 'a backfill of preloaded raw leads on 6 partitions, start to the stop at the captured end offsets', {
  BENCH_LEADS: whole(1_000_000, 'raw leads to backfill'),
});
const { context, stop } = await benchContext();
const rows: string[][] = [['measure', 'result', 'how']];
try {
  const raw = `${leadsRaw.name}.bench-${randomBytes(4).toString('hex')}`;
  const admin = await context.kafka.admin();
  await admin.applyTopics([{ ...leadsRaw, name: raw }]);
  await admin.close();
  say(`producing ${LEADS} simulated leads to ${raw} (6 partitions)...`);
  async function* lines() {
    for (const e of generateEnvelopes({ leads: LEADS, customers: Math.round(LEADS / 5), seed: 11, ...lastDay(LEADS) })) yield formatEnvelope({ ...e, key: null });
  }
  await produceEnvelopes(context.kafka, { topic: raw, lines: lines() });

  const name = `bench-${randomBytes(4).toString('hex')}`;
  const target = { kafka: context.kafka, registry: context.registry, logger: benchLogger, appId: 'bench', name, rawTopic: raw };
  const started = performance.now();
  const { manifest } = await prepareBackfill(target, { from: { kind: 'edge' }, to: { kind: 'edge' }, fromText: 'earliest', toText: 'now' });
  let last = 0;
  await runBackfill(target, manifest, {
    onProgress: (p) => {
      if (performance.now() - last < 10_000) return;
      last = performance.now();
      say(`  ${p.done}/${p.total} ingested, aggregate lag ${p.aggregateLag}`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const summary = await summarizeBackfill(target, manifest);
  rows.push(['backfill, both stages exactly once, 6 partitions', `${Math.round(Number(summary.read) / seconds).toLocaleString('en-US')} leads/s`, `${summary.read} raw leads in ${seconds.toFixed(1)} s → ${summary.customers} customers, ${summary.progressions} progressions`]);
} finally {
  await stop();
}
printTable(rows);
