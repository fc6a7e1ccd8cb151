import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { customerViewToJson } from '../../codecs/jsonForms.js';
import { toCustomerView } from '../../domain/customerView.js';
import type { FollowUpRecorded } from '../../domain/events.js';
import { FollowUpFileError, readFollowUpFile } from '../../offline/followUpFile.js';
import { JsonlWriter } from '../../offline/jsonlWriter.js';
import { processLeads, type OfflineCounts, type OfflineResult } from '../../offline/processLeads.js';
import { alertOptions } from '../alertOptions.js';
import { ConfigError } from '../configError.js';
import { loadOfferMap } from '../offerMapFile.js';
import { createProgress } from '../progress.js';
import type { CommandRuntime } from '../runtime.js';

export interface ProcessSummary extends OfflineCounts {
  customers: number;
  elapsedMs: number;
}

export function formatSummary(summary: ProcessSummary): string[] {
  const rate = summary.elapsedMs > 0 ? Math.round(summary.leads / (summary.elapsedMs / 1000)) : summary.leads;
  const rejected = Object.entries(summary.rejected).sort(([a], [b]) => a.localeCompare(b));
  const rejectedTotal = rejected.reduce((n, [, c]) => n + (c ?? 0), 0);
  return [
    `leads        ${summary.leads}`,
    `accepted     ${summary.accepted}`,
    `rejected     ${rejectedTotal}${rejected.length ? ` (${rejected.map(([code, n]) => `${code} ${n}`).join(', ')})` : ''}`,
    `customers    ${summary.customers}`,
    `progressions ${summary.progressions}`,
    ...(summary.followUps > 0 || summary.alerts > 0 ? [`follow-ups   ${summary.followUps}`, `alerts       ${summary.alerts}`] : []),
    `elapsed      ${(summary.elapsedMs / 1000).toFixed(1)} s (${rate} leads/s)`,
  ];
}

/** `leadstream process`: the pipeline over a JSONL file, no Kafka. Streams the input; state is the only growth. */
export async function processFile(input: string, outDir: string, runtime: CommandRuntime, followUpFile?: string): Promise<ProcessSummary> {
  if (!existsSync(input) || !statSync(input).isFile()) throw new ConfigError('--in', `${input}: no such file`);
  if (followUpFile !== undefined && (!existsSync(followUpFile) || !statSync(followUpFile).isFile())) throw new ConfigError('--followups', `${followUpFile}: no such file`);
  let followUps: FollowUpRecorded[] = [];
  try {
    if (followUpFile !== undefined) followUps = readFollowUpFile(followUpFile);
  } catch (error) {
    if (error instanceof FollowUpFileError) throw new ConfigError('--followups', error.message);
    throw error;
  }
  const config = runtime.config();
  const offerMap = loadOfferMap(config);
  mkdirSync(outDir, { recursive: true });
  const started = performance.now();
  const total = statSync(input).size;
  let bytesRead = 0;
  const stream = createReadStream(input, { encoding: 'utf8', highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => (bytesRead += Buffer.byteLength(chunk)));
  const progress = createProgress('process', total, () => `${(bytesRead / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB`);
  const ticker = setInterval(() => progress.update(bytesRead), 200);
  const progression = new JsonlWriter(join(outDir, 'progression.jsonl'));
  const dlq = new JsonlWriter(join(outDir, 'dlq.jsonl'));
  const alerts = new JsonlWriter(join(outDir, 'alerts.jsonl'));
  let result: OfflineResult;
  try {
    result = await processLeads(
      createInterface({ input: stream, crlfDelay: Infinity }),
      { progression: (j) => progression.write(j), dlq: (j) => dlq.write(j), alert: (j) => alerts.write(j) },
      { ...(offerMap ? { offerMap } : {}), alerts: alertOptions(config, false), followUps },
    );
  } finally {
    clearInterval(ticker);
    progress.update(total);
    progress.stop();
    await Promise.all([progression.close(), dlq.close(), alerts.close()]);
  }
  const customers = new JsonlWriter(join(outDir, 'customers.jsonl'));
  for (const state of result.customers) await customers.write(customerViewToJson(toCustomerView(state)));
  await customers.close();
  return { ...result.counts, customers: result.customers.length, elapsedMs: performance.now() - started };
}

export function registerProcessCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('process')
    .description('run the pipeline over a JSONL file of raw leads, no Kafka: writes progression.jsonl, customers.jsonl, alerts.jsonl and dlq.jsonl')
    .requiredOption('--in <file>', 'input: one {"timestamp", "key", "value"} envelope per line (what `simulate` and `consume --format jsonl` write)')
    .requiredOption('--out <dir>', 'output folder (created if missing; its four files are replaced)')
    .option('--followups <file>', 'recorded follow-ups, one {"email"|"phone"|"customerId", "offer", "at", "by"} per line, merged in by time')
    .option('--json', 'print the summary as one JSON object instead of a table')
    .addHelpText('after', '\nExample:\n  leadstream simulate --leads 10000 --customers 2000 --seed 7 --out leads.jsonl\n  leadstream process --in leads.jsonl --out out/')
    .action(async (options: { in: string; out: string; followups?: string; json?: boolean }) => {
      const summary = await processFile(options.in, options.out, runtime, options.followups);
      if (options.json) runtime.out(JSON.stringify(summary));
      else for (const line of formatSummary(summary)) runtime.out(line);
    });
}
