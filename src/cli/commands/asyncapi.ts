import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { asyncApiDocument } from '../../codecs/asyncapi.js';
import { schemaText } from '../../codecs/schemaFiles.js';
import { ALL_TOPICS } from '../../../topics/index.js';
import { packageRoot } from '../../packageRoot.js';
import type { CommandRuntime } from '../runtime.js';

/** The document itself, for the command and its test. */
export function leadstreamAsyncApi(): Record<string, unknown> {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return asyncApiDocument({ version, topics: ALL_TOPICS, avroSchema: schemaText });
}

export function registerAsyncApiCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('asyncapi')
    .description('write an AsyncAPI 3 document (JSON) of every topic and of POST /leads, made from topics/ and schemas/')
    .option('--out <file>', 'write it to FILE instead of stdout')
    .action((options: { out?: string }) => {
      const text = `${JSON.stringify(leadstreamAsyncApi(), null, 2)}\n`;
      if (options.out) writeFileSync(options.out, text);
      else runtime.out(text.trimEnd());
    });
}
