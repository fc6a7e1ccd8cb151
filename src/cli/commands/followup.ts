import type { Command } from 'commander';
import { followUpOf } from '../../domain/followUp.js';
import { followUpRecords } from '../../pipeline/followUpRecords.js';
import { ConfigError } from '../configError.js';
import { addCustomerRefOptions, topicsOf } from '../customerOptions.js';
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
  addCustomerRefOptions(program.command('followup'))
    .description('record that sales followed up on a customer\'s offer (to leads.followups.v1): it closes the follow-up deadline, so no FollowUpOverdue alert fires')
    .requiredOption('--offer <publisherid.offerid>', 'the offer followed up on')
    .option('--at <time>', 'when (ISO-8601 UTC, default now)')
    .option('--by <text>', 'who followed up')
    .addHelpText('after', '\nExample:\n  leadstream followup --email zoe.chen@contoso.example --offer northwind.nw-erp --by "Dana (sales)"')
    .action(async (options: FollowUpOptions) => {
      const { followUps: topic } = topicsOf(options.topicsSuffix);
      const result = followUpOf({ id: options.id, email: options.email, phone: options.phone, offer: options.offer, at: options.at ?? new Date().toISOString(), by: options.by });
      if (!result.ok) throw new ConfigError(`--${result.field}`, result.reason);
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
