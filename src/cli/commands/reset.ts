import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import type { StageName } from '../../pipeline/leadTopology.js';
import { resetStage, stageInput, type ResetTarget } from '../../pipeline/resetStage.js';
import { LIVE_TOPICS, isValidTopicSuffix, suffixedTopics } from '../../pipeline/topicNames.js';
import { ConfigError } from '../configError.js';
import type { CommandRuntime } from '../runtime.js';

function target(text: string): ResetTarget {
  if (text === 'earliest' || text === 'latest') return { kind: text };
  const at = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at)) throw new ConfigError('--to', `"${text}" is not earliest, latest or an ISO-8601 time`);
  return { kind: 'time', at };
}

export function registerResetCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('reset')
    .description("move a stage's consumer group on its input topic (after the topic was recreated or truncated, or to reprocess): every partition to earliest, latest or the first record at a time; refuses while the stage runs")
    .requiredOption('--stage <stage>', 'ingest (reads leads.raw.v1) or aggregate (reads leads.keyed.v1)')
    .requiredOption('--to <where>', 'earliest, latest, or an ISO-8601 time')
    .option('--topics-suffix <name>', 'the stage of a `run --topics-suffix <name>` copy')
    .option('--yes', 'do not ask')
    .addHelpText('after', '\nThe aggregate keeps its state (customers.v1): records read again are decided on it, so duplicates stay duplicates.\nExample:\n  leadstream reset --stage ingest --to earliest --yes')
    .action(async (options: { stage: string; to: string; topicsSuffix?: string; yes?: boolean }) => {
      if (options.stage !== 'ingest' && options.stage !== 'aggregate') throw new ConfigError('--stage', `"${options.stage}" is not one of ingest, aggregate`);
      const stage: StageName = options.stage;
      const to = target(options.to);
      if (options.topicsSuffix !== undefined && !isValidTopicSuffix(options.topicsSuffix)) throw new ConfigError('--topics-suffix', `"${options.topicsSuffix}" would not make a valid topic name (letters, digits, . _ -)`);
      const topic = stageInput(stage, options.topicsSuffix ? suffixedTopics(options.topicsSuffix) : LIVE_TOPICS);
      const groupId = `${runtime.config().appId}-${stage}`;
      const context = runtime.external();
      if (!options.yes) {
        if (!process.stdin.isTTY) throw new ConfigError('--yes', 'is needed to reset without a terminal to confirm on');
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        const answer = await rl.question(`move group ${groupId} on ${topic} to ${options.to}? [y/N] `);
        rl.close();
        if (!/^y(es)?$/i.test(answer.trim())) {
          process.stderr.write('nothing changed\n');
          return;
        }
      }
      const moved = await resetStage(context.kafka, groupId, topic, to);
      for (const [partition, { from, to: offset }] of [...moved].sort(([a], [b]) => a - b)) runtime.out(`${topic} partition ${partition}: ${from ?? 'none'} → ${offset}`);
      process.stderr.write(`group ${groupId} reset on ${topic}\n`);
    });
}
