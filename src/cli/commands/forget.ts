import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { erasureOf } from '../../domain/erasure.js';
import { erasureRecords } from '../../pipeline/erasureRecords.js';
import { ConfigError } from '../configError.js';
import { addCustomerRefOptions, topicsOf } from '../customerOptions.js';
import type { CommandRuntime } from '../runtime.js';

interface ForgetOptions {
  id?: string;
  email?: string;
  phone?: string;
  yes?: boolean;
  topicsSuffix?: string;
}

/** Forgetting cannot be undone: ask at a terminal, refuse elsewhere unless --yes says so. */
async function confirmed(customerId: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`forget customer ${customerId} for good (state deleted, later leads dropped)? [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

export function registerForgetCommand(program: Command, runtime: CommandRuntime): void {
  addCustomerRefOptions(program.command('forget'))
    .description('forget a customer (to customers.erasures.v1): the aggregate deletes their state (a tombstone on customers.v1) and emits CustomerForgotten; later leads of theirs go to the DLQ as ERASED, without payload')
    .option('--yes', 'do not ask for confirmation (required when not at a terminal)')
    .addHelpText('after', '\nA customer known by both an email and a phone has one id per identity: forget each.\n\nExample:\n  leadstream forget --email zoe.chen@contoso.example --yes')
    .action(async (options: ForgetOptions) => {
      const { erasures: topic } = topicsOf(options.topicsSuffix);
      const result = erasureOf({ id: options.id, email: options.email, phone: options.phone }, Date.now());
      if (!result.ok) throw new ConfigError(`--${result.field}`, result.reason);
      const { request } = result;
      if (!options.yes && !(await confirmed(request.customerId))) throw new ConfigError('--yes', 'forgetting cannot be undone: confirm at a terminal, or pass --yes');
      const context = runtime.external();
      const toRecord = await erasureRecords(context.registry, topic);
      const producer = await context.kafka.producer();
      try {
        await producer.send([toRecord(request)]);
      } finally {
        await producer.close();
      }
      runtime.out(JSON.stringify({ topic, customerId: request.customerId, requestedAt: new Date(request.requestedAt).toISOString() }));
    });
}
