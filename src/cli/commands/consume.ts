import type { Command } from 'commander';
import { valueToJson } from '../../codecs/topicValues.js';
import type { ConsumedRecord } from '../../kafka/types.js';
import { ConfigError } from '../configError.js';
import type { Context } from '../context.js';
import { untilShutdown, type CommandRuntime } from '../runtime.js';
import { writeStdoutLine } from '../stdoutLines.js';

export interface ConsumeOptions {
  readonly topic: string;
  readonly fromBeginning: boolean;
  readonly untilEnd: boolean;
}

/** One JSON line per record: the offline envelope ({timestamp, key, value}) plus where it came from. */
async function toLine(context: Context, record: ConsumedRecord): Promise<string> {
  return JSON.stringify({
    timestamp: record.timestamp,
    key: record.key?.toString('utf8') ?? null,
    value: await valueToJson(record.topic, record.value, context.registry),
    topic: record.topic,
    partition: record.partition,
    offset: Number(record.offset),
  });
}

export async function consumeTopic(context: Context, options: ConsumeOptions, shutdown: AbortSignal): Promise<number> {
  let count = 0;
  const emit = async (records: readonly ConsumedRecord[]) => {
    for (const record of records) {
      await writeStdoutLine(await toLine(context, record));
      count += 1;
    }
  };
  if (options.untilEnd) {
    if (!options.fromBeginning) throw new ConfigError('--until-end', 'reads what is there now, so it needs --from-beginning');
    await context.kafka.readToEnd({ topic: options.topic, onBatch: (_p, records) => emit(records), signal: shutdown });
    return count;
  }
  // Follow until Ctrl-C, as a throwaway group member: reading never moves a real consumer group.
  const follower = await context.kafka.follow({ topics: [options.topic], fromBeginning: options.fromBeginning, maxWaitTimeMs: 500, onBatch: (_t, _p, records) => emit(records) });
  try {
    await untilShutdown(shutdown);
  } finally {
    await follower.stop();
  }
  return count;
}

export function registerConsumeCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('consume')
    .description('print a topic as JSON lines (Avro decoded through the registry; raw leads as their exact text)')
    .requiredOption('--topic <topic>', 'topic to read, e.g. funnel.progression.v1')
    .option('--from-beginning', 'start at the earliest offset instead of the end')
    .option('--until-end', 'stop at the end offsets captured at start (with --from-beginning): a snapshot, e.g. to export raw history')
    .option('--format <format>', 'output format: jsonl', 'jsonl')
    .addHelpText('after', '\nExample (export raw history for `leadstream process`):\n  leadstream consume --topic leads.raw.v1 --from-beginning --until-end > raw.jsonl')
    .action(async (options: { topic: string; fromBeginning?: boolean; untilEnd?: boolean; format: string }) => {
      if (options.format !== 'jsonl') throw new ConfigError('--format', `"${options.format}" is not supported (jsonl)`);
      const context = runtime.external();
      const count = await consumeTopic(context, { topic: options.topic, fromBeginning: !!options.fromBeginning, untilEnd: !!options.untilEnd }, runtime.shutdown);
      process.stderr.write(`consumed ${count} records from ${options.topic}\n`);
    });
}
