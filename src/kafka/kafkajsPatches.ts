/**
 * Fixes to kafkajs internals that must be in place before kafkajs loads (kafkajs.ts imports this first).
 * kafkajs is pinned (package.json) and tests fail if a patched behaviour changes.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface GroupArgs<M> {
  readonly topic: string;
  readonly partitionMetadata: readonly unknown[];
  readonly messages: readonly M[];
  readonly partitioner: (args: { topic: string; partitionMetadata: readonly unknown[]; message: M }) => number;
}

/**
 * kafkajs groups a send's messages per partition by copying each partition's array for every message
 * (`[...current, message]`): quadratic in the batch, so the larger a transaction the slower each record. Linear here.
 */
function groupMessagesPerPartition<M>({ topic, partitionMetadata, messages, partitioner }: GroupArgs<M>): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) (result[partitioner({ topic, partitionMetadata, message })] ??= []).push(message);
  return result;
}

const path = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
require(path);
require.cache[path]!.exports = groupMessagesPerPartition;

/** The patched grouping, for the test that it is the one kafkajs uses. */
export const patchedGroupMessagesPerPartition = groupMessagesPerPartition;
