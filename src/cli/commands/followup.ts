import type { Command } from 'commander';
import { followUpOf } from '../../domain/followUp.js';
import { followUpRecords } from '../../pipeline/followUpRecords.js';
import { LIVE_TOPICS, isValidTopicSuffix, suffixedTopics } from '../../pipeline/topicNames.js';
import { ConfigError } from '../configError.js';
import type { CommandRuntime } from '../runtime.js';

interface FollowUpOptions {
  id?: string;
  email?: string;
  phone?: string;
  offer: string;
  at?: string;
  by?: string;
  topicsSuffix?: string;
}

export function registerFollowUpCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('followup')
    .description('record that sales followed up on a customer\'s offer (to leads.followups.v1): it closes the follow-up deadline, so no FollowUpOverdue alert fires')
    .option('--id <customerId>', 'the customerId (32 hex characters)')
    .option('--email <address>', 'the customer\'s email (normalized and hashed as the pipeline does)')
    .option('--phone <number>', 'the customer\'s phone (digits kept, hashed as the pipeline does)')
    .requiredOption('--offer <publisherid.offerid>', 'the offer followed up on')
    .option('--at <time>', 'when (ISO-8601 UTC, default now)')
    .option('--by <text>', 'who followed up')
    .option('--topics-suffix <name>', 'the pipeline runs on <topic>.<name>')
    .addHelpText('after', '\nExample:\n  leadstream followup --email zoe.chen@contoso.example --offer northwind.nw-erp --by "Dana (sales)"')
    .action(async (options: FollowUpOptions) => {
      if (options.topicsSuffix !== undefined && !isValidTopicSuffix(options.topicsSuffix)) throw new ConfigError('--topics-suffix', `"${options.topicsSuffix}" would not make a valid topic name`);
      const result = followUpOf({ id: options.id, email: options.email, phone: options.phone, offer: options.offer, at: options.at ?? new Date().toISOString(), by: options.by });
      if (!result.ok) throw new ConfigError(`--${result.field}`, result.reason);
      const topic = (options.topicsSuffix ? suffixedTopics(options.topicsSuffix) : LIVE_TOPICS).followUps;
      const context = runtime.external();
      const toRecord = await followUpRecords(context.registry, topic);
      const producer = await context.kafka.producer();
      try {
        await producer.send([toRecord(result.followUp)]);
      } finally {
        await producer.close();
      }
      runtime.out(JSON.stringify({ topic, customerId: result.followUp.customerId, offer: result.followUp.offer, at: new Date(result.followUp.at).toISOString() }));
    });
}
