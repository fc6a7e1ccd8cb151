import type { Command } from 'commander';
import { ALL_TOPICS, valueSubject, type TopicDefinition } from '../../../topics/index.js';
import type { Context } from '../context.js';
import type { CommandRuntime } from '../runtime.js';

export interface RegisteredSchema {
  readonly subject: string;
  readonly schema: string;
  readonly id: number;
}

/** Registers every topic's value schema under `<topic>-value` with BACKWARD compatibility (idempotent). */
export async function applyAllSchemas(context: Context, definitions: readonly TopicDefinition[] = ALL_TOPICS): Promise<RegisteredSchema[]> {
  const registered: RegisteredSchema[] = [];
  for (const topic of definitions) {
    if (!topic.valueSchema) continue;
    const subject = valueSubject(topic);
    registered.push({ subject, schema: topic.valueSchema, id: await context.registry.register(subject, topic.valueSchema) });
  }
  return registered;
}

export function registerSchemasCommand(program: Command, runtime: CommandRuntime): void {
  const schemas = program.command('schemas').description('manage the Avro schemas in schemas/');
  schemas
    .command('apply')
    .description('register each topic value schema under <topic>-value with BACKWARD compatibility')
    .action(async () => {
      for (const s of await applyAllSchemas(runtime.external())) runtime.out(`registered ${s.subject} = ${s.schema} (id ${s.id})`);
    });
}
