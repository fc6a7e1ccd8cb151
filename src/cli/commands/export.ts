import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { customerViewFromAvro } from '../../codecs/avroMappers.js';
import type { CustomerViewRecord } from '../../codecs/avroRecords.js';
import { CUSTOMER_CSV_COLUMNS, customerCsvRows } from '../../codecs/customerRows.js';
import { customerViewToJson } from '../../codecs/jsonForms.js';
import { JsonlWriter } from '../../offline/jsonlWriter.js';
import { LIVE_TOPICS } from '../../pipeline/topicNames.js';
import { ConfigError } from '../configError.js';
import type { Context } from '../context.js';
import { createProgress } from '../progress.js';
import type { CommandRuntime } from '../runtime.js';
import { writeStdoutLine } from '../stdoutLines.js';

export type ExportFormat = 'jsonl' | 'csv';

export interface ExportOptions {
  readonly topic: string;
  readonly format: ExportFormat;
  /** Called with each output line (without newline), in customerId order. */
  readonly writeLine: (line: string) => Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * The latest view per customer in a compacted customers topic, as of the end offsets captured at start.
 * Keeps only the latest raw value per key (decoding ~10× fewer records than were read) and drops tombstoned keys.
 */
export async function exportCustomers(context: Context, options: ExportOptions): Promise<{ records: number; customers: number; rows: number }> {
  const admin = await context.kafka.admin();
  const ends = await (async () => {
    if (!(await admin.listTopics()).includes(options.topic)) throw new ConfigError('--topic', `topic ${options.topic} does not exist`);
    return admin.endOffsets(options.topic);
  })().finally(() => admin.close());
  const total = [...ends.values()].reduce((a, b) => a + Number(b), 0);
  const latest = new Map<string, Buffer>();
  let records = 0;
  const progress = createProgress('reading', total, (done) => `${done} records, ${latest.size} customers`);
  try {
    await context.kafka.readToEnd({
      topic: options.topic,
      endOffsets: ends,
      ...(options.signal ? { signal: options.signal } : {}),
      onBatch: async (_p, messages) => {
        for (const m of messages) {
          records += 1;
          const id = m.key?.toString('utf8');
          if (id === undefined) continue;
          if (m.value === null) latest.delete(id);
          else latest.set(id, m.value);
        }
        progress.update(records);
      },
    });
  } finally {
    progress.stop();
  }

  let rows = 0;
  if (options.format === 'csv') await options.writeLine(stringify([CUSTOMER_CSV_COLUMNS]).trimEnd());
  for (const id of [...latest.keys()].sort()) {
    const view = customerViewToJson(customerViewFromAvro((await context.registry.decode(latest.get(id)!)) as CustomerViewRecord));
    if (options.format === 'jsonl') {
      await options.writeLine(JSON.stringify(view));
      rows += 1;
    } else {
      const lines = customerCsvRows(view);
      // csv-stringify quotes what needs quoting (commas, quotes, newlines in names); one call per customer.
      await options.writeLine(stringify(lines, { cast: { boolean: (b) => String(b) } }).trimEnd());
      rows += lines.length;
    }
  }
  return { records, customers: latest.size, rows };
}

export function registerExportCommand(program: Command, runtime: CommandRuntime): void {
  const exportCommand = program.command('export').description('write the current state of a topic as a file, for CRM import or comparison');
  exportCommand
    .command('customers')
    .description('the latest view per customer from customers.v1, sorted by customerId (jsonl: the lines of `process`’s customers.jsonl; csv: one row per customer and offer)')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--topic <topic>', 'customers topic to read (e.g. a backfill side topic customers.v1.<name>)', LIVE_TOPICS.customers)
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText('after', '\nExamples:\n  leadstream export customers --format csv --out customers.csv\n  leadstream export customers --topic customers.v1.fix-42 > fix-42.jsonl')
    .action(async (options: { format: string; topic: string; out?: string }) => {
      if (options.format !== 'jsonl' && options.format !== 'csv') throw new ConfigError('--format', `"${options.format}" is not one of jsonl, csv`);
      const context = runtime.external();
      const file = options.out !== undefined ? new JsonlWriter(options.out) : undefined;
      try {
        const started = Date.now();
        const summary = await exportCustomers(context, { topic: options.topic, format: options.format, writeLine: file ? (line) => file.writeLine(line) : writeStdoutLine, signal: runtime.shutdown });
        process.stderr.write(`exported ${summary.customers} customers (${summary.rows} ${options.format} rows) from ${summary.records} records of ${options.topic} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      } finally {
        await file?.close();
      }
    });
}
