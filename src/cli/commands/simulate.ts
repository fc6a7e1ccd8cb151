import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatEnvelope } from '../../codecs/envelope.js';
import { JsonlWriter } from '../../offline/jsonlWriter.js';
import { offerMapFor } from '../../simulate/catalog.js';
import { generateEnvelopes } from '../../simulate/generateLeads.js';
import { ConfigError } from '../configError.js';
import { wholeNumber } from '../optionParsers.js';
import { createProgress } from '../progress.js';
import type { CommandRuntime } from '../runtime.js';

export function registerSimulateCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('simulate')
    .description('write realistic synthetic leads as JSONL envelopes (deterministic for a seed), for `process`, `produce` and demos')
    .requiredOption('--leads <n>', 'how many records', wholeNumber('--leads', 0))
    .option('--customers <n>', 'how many distinct customers', wholeNumber('--customers', 1), 1000)
    .option('--seed <n>', 'random seed: the same seed writes the same file', wholeNumber('--seed', 0), 1)
    .option('--bad-share <p>', 'share of bad records, spread over every rejection code', (v) => {
      const p = Number(v);
      if (!(p >= 0 && p <= 1)) throw new ConfigError('--bad-share', `"${v}" is not between 0 and 1`);
      return p;
    }, 0.02)
    .option('--days <n>', 'spread the leads over this many days (default: ~2,000 leads a simulated day)', (v) => {
      const d = Number(v);
      if (!(d > 0)) throw new ConfigError('--days', `"${v}" is not a positive number`);
      return d;
    })
    .option('--end <when>', 'time of the last lead: an ISO-8601 time, or now (for files to produce to a topic: raw topics keep 7 days and the broker deletes older records)', '2026-10-01T00:00:00Z')
    .requiredOption('--out <file>', 'output JSONL file')
    .option('--offer-map <file>', 'also write the matching LEADSTREAM_OFFER_MAP file (one title deliberately left out)')
    .addHelpText('after', '\nExamples:\n  leadstream simulate --leads 100000 --customers 20000 --seed 7 --out leads.jsonl --offer-map offers.json\n  LEADSTREAM_OFFER_MAP=offers.json leadstream process --in leads.jsonl --out out/\n  leadstream simulate --leads 100000 --days 2 --end now --out recent.jsonl && leadstream produce --topic leads.raw.v1 --file recent.jsonl')
    .action(async (options: { leads: number; customers: number; seed: number; badShare: number; days?: number; end: string; out: string; offerMap?: string }) => {
      const end = options.end === 'now' ? Date.now() : Date.parse(options.end);
      if (Number.isNaN(end)) throw new ConfigError('--end', `"${options.end}" is neither now nor an ISO-8601 time`);
      // The generator's gaps average half the largest: the span is about leads × maxGap / 2.
      const maxGapMs = options.days !== undefined ? Math.max(1, Math.floor((2 * options.days * 86_400_000) / Math.max(1, options.leads))) : 90_000;
      const timeline = { maxGapMs, start: end - Math.round((options.leads * maxGapMs) / 2) };
      const out = new JsonlWriter(options.out);
      const progress = createProgress('simulate', options.leads, (n) => `${n} / ${options.leads} leads`);
      let n = 0;
      for (const envelope of generateEnvelopes({ ...options, ...timeline })) {
        await out.writeLine(formatEnvelope(envelope));
        if (++n % 10_000 === 0) progress.update(n);
      }
      await out.close();
      progress.update(options.leads);
      progress.stop();
      if (options.offerMap) writeFileSync(options.offerMap, `${JSON.stringify(offerMapFor(), null, 2)}\n`);
      runtime.out(`wrote ${n} leads for ${options.customers} customers to ${options.out}${options.offerMap ? ` and the offer map to ${options.offerMap}` : ''}`);
    });
}
