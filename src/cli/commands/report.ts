import { existsSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildReport } from '../../report/buildReport.js';
import { readReportFiles, ReportInputError, type ReportFiles } from '../../report/readReportFiles.js';
import { readReportTopics } from '../../report/readReportTopics.js';
import { ConfigError } from '../configError.js';
import type { CommandRuntime } from '../runtime.js';

interface ReportOptions {
  in?: string;
  topic?: string;
  alerts?: boolean;
  out: string;
  title: string;
}

export function registerReportCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('report')
    .description('write the funnel report: one self-contained HTML file (charts as inline SVG, nothing fetched when it opens) from customers.jsonl or the customers topic')
    .option('--in <file>', "a customers.jsonl (process's output; progression.jsonl and alerts.jsonl beside it are used when there)")
    .option('--topic <topic>', 'the customers topic (customers.v1, or a side topic customers.v1.<name>); progressions and alerts from the topics beside it')
    .option('--alerts', 'add the alerts chart (alerts.jsonl, or funnel.alerts.v1)')
    .option('--title <text>', 'the page title', 'Marketplace lead funnel')
    .requiredOption('--out <file>', 'the HTML file to write (replaced)')
    .addHelpText('after', '\nExamples:\n  leadstream process --in leads.jsonl --out out/ && leadstream report --in out/customers.jsonl --alerts --out report.html\n  leadstream report --topic customers.v1 --alerts --out report.html')
    .action(async (options: ReportOptions) => {
      if ((options.in === undefined) === (options.topic === undefined)) throw new ConfigError('--in', 'give exactly one of --in and --topic');
      let input: ReportFiles;
      if (options.in !== undefined) {
        if (!existsSync(options.in) || !statSync(options.in).isFile()) throw new ConfigError('--in', `${options.in}: no such file`);
        try {
          input = readReportFiles(options.in, options.alerts === true);
        } catch (error) {
          if (error instanceof ReportInputError) throw new ConfigError('--in', error.message);
          throw error;
        }
      } else {
        const context = runtime.external();
        input = await readReportTopics(context.kafka, context.registry, options.topic!, options.alerts === true);
      }
      const { html, charts } = await buildReport(input, { asOf: Date.now(), source: options.in ?? options.topic!, withAlerts: options.alerts === true, title: options.title });
      writeFileSync(options.out, html);
      for (const note of input.missing) process.stderr.write(`${note}\n`);
      process.stderr.write(`wrote ${options.out}: ${charts} charts, ${input.customers.length} customers\n`);
    });
}
