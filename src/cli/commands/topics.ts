import type { Command } from 'commander';
import { ALL_TOPICS, type TopicDefinition } from '../../../topics/index.js';
import type { TopicReport } from '../../kafka/types.js';
import type { Context } from '../context.js';
import type { CommandRuntime } from '../runtime.js';

export class TopicDriftError extends Error {
  override readonly name = 'TopicDriftError';
  readonly code = 'TOPIC_DRIFT';
}

export async function applyAllTopics(context: Context, definitions: readonly TopicDefinition[] = ALL_TOPICS): Promise<TopicReport> {
  const admin = await context.kafka.admin();
  try {
    return await admin.applyTopics(definitions);
  } finally {
    await admin.close();
  }
}

export function describeTopicReport(report: TopicReport): string[] {
  const lines = [
    ...report.created.map((t) => `created   ${t}`),
    ...report.unchanged.map((t) => `ok        ${t}`),
    ...report.drifted.map((d) => `DRIFT     ${d.topic}: ${d.differences.join('; ')}`),
  ];
  if (report.replicationCapped) lines.push(`note: replication factor ${report.replicationCapped.wanted} capped to ${report.replicationCapped.used} (the cluster's broker count)`);
  return lines;
}

export function registerTopicsCommand(program: Command, runtime: CommandRuntime): void {
  const topics = program.command('topics').description('manage the Kafka topics defined in topics/');
  topics
    .command('apply')
    .description('create missing topics; report drift (partitions, replication, configs) of existing ones without altering them')
    .option('--strict', 'exit with status 2 when any topic drifted')
    .action(async (options: { strict?: boolean }) => {
      const context = runtime.external();
      const report = await applyAllTopics(context);
      for (const line of describeTopicReport(report)) runtime.out(line);
      if (options.strict && report.drifted.length > 0) {
        throw new TopicDriftError(`${report.drifted.length} topic(s) drifted from topics/: ${report.drifted.map((d) => d.topic).join(', ')}`);
      }
    });
}
