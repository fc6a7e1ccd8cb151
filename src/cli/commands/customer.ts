import type { Command } from 'commander';
import { customerIdOfRef } from '../../domain/identity.js';
import { partitionOf } from '../../kafka/partitioner.js';
import { ownerOf } from '../../ops/customerQuery.js';
import { ConfigError } from '../configError.js';
import { topicsOf } from '../customerOptions.js';
import type { CommandRuntime } from '../runtime.js';

/** A live query that found nothing to answer, or nobody to ask. */
export class CustomerQueryError extends Error {
  override readonly name = 'CustomerQueryError';
  constructor(
    readonly code: 'NOT_FOUND' | 'NO_OWNER' | 'QUERY_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export function registerCustomerCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('customer')
    .description('print one customer\'s live view (JSON) from the `run --http-port` instance that owns it, found through the aggregate group')
    .option('--id <customerId>', 'the customerId (32 hex characters)')
    .option('--email <address>', 'the customer\'s email (normalized as the pipeline does, then hashed to the customerId)')
    .option('--topics-suffix <name>', 'the pipeline runs on <topic>.<name>')
    .action(async (options: { id?: string; email?: string; topicsSuffix?: string }) => {
      if ((options.id === undefined) === (options.email === undefined)) throw new ConfigError('--id', 'give exactly one of --id and --email');
      const { keyed } = topicsOf(options.topicsSuffix);
      const ref = customerIdOfRef({ id: options.id, email: options.email });
      if (!ref.ok) throw new ConfigError(`--${ref.field}`, ref.reason);
      const customerId = ref.customerId;
      const config = runtime.config();
      const context = runtime.external();
      const admin = await context.kafka.admin();
      let url: string | undefined;
      let partition: number;
      try {
        partition = partitionOf(customerId, (await admin.partitionCounts([keyed])).get(keyed) ?? 1);
        url = await ownerOf(admin, `${config.appId}-aggregate`, keyed, partition);
      } finally {
        await admin.close();
      }
      if (!url) throw new CustomerQueryError('NO_OWNER', `no instance of ${config.appId} with --http-port owns partition ${partition} of ${keyed} right now`);
      // A rebalance since: the old owner redirects to the new one, and fetch follows.
      const response = await fetch(`${url}/customers/${customerId}`).catch((error: unknown) => {
        throw new CustomerQueryError('QUERY_FAILED', `asking ${url}: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (response.status === 404) throw new CustomerQueryError('NOT_FOUND', `no customer ${customerId}`);
      if (!response.ok) throw new CustomerQueryError('QUERY_FAILED', `${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      runtime.out(JSON.stringify(await response.json()));
    });
}
