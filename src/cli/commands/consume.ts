import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { valueToJson } from '../../codecs/topicValues.js';
import type { KafkaMessage } from '../../kafka/kafkajs.js';
import { readToEnd } from '../../kafka/readToEnd.js';
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
async function toLine(context: Context, topic: string, partition: number, message: KafkaMessage): Promise<string> {
  return JSON.stringify({
    timestamp: Number(message.timestamp),
    key: message.key?.toString('utf8') ?? null,
    value: await valueToJson(topic, message.value, context.registry),
    topic,
    partition,
    offset: Number(message.offset),
  });
}

export async function consumeTopic(context: Context, options: ConsumeOptions, shutdown: AbortSignal): Promise<number> {
  let count = 0;
  const emit = async (partition: number, messages: readonly KafkaMessage[]) => {
    for (const message of messages) {
      await writeStdoutLine(await toLine(context, options.topic, partition, message));
      count += 1;
    }
  };
  if (options.untilEnd) {
    if (!options.fromBeginning) throw new ConfigError('--until-end', 'reads what is there now, so it needs --from-beginning');
    await readToEnd(context.kafka, { topic: options.topic, onBatch: emit, signal: shutdown });
    return count;
  }
  // Follow until Ctrl-C, as a throwaway group member: reading never moves a real consumer group.
  const groupId = `leadstream-consume-${randomUUID()}`;
  const consumer = context.kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [options.topic], fromBeginning: options.fromBeginning });
    await consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => emit(batch.partition, batch.messages) });
    await untilShutdown(shutdown);
  } finally {
    await consumer.disconnect();
    const admin = context.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
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
