import type { Command } from 'commander';
import { isValidTopicSuffix, LIVE_TOPICS, suffixedTopics, type TopicNames } from '../pipeline/topicNames.js';
import { ConfigError } from './configError.js';

/** --id, --email, --phone: one customer, named as a person would (hashed as the pipeline hashes a lead's identity). */
export const addCustomerRefOptions = (command: Command): Command =>
  command
    .option('--id <customerId>', 'the customerId (32 hex characters)')
    .option('--email <address>', 'the customer\'s email (normalized and hashed as the pipeline does)')
    .option('--phone <number>', 'the customer\'s phone (digits kept, hashed as the pipeline does)')
    .option('--topics-suffix <name>', 'the pipeline runs on <topic>.<name>');

/** The topics a command writes or asks: the live ones, or `<topic>.<suffix>` (a ConfigError for a suffix no topic name takes). */
export function topicsOf(suffix: string | undefined): TopicNames {
  if (suffix === undefined) return LIVE_TOPICS;
  if (!isValidTopicSuffix(suffix)) throw new ConfigError('--topics-suffix', `"${suffix}" would not make a valid topic name`);
  return suffixedTopics(suffix);
}
