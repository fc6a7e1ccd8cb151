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
 * A record's partition, chosen once. kafkajs regroups a send on every retry, and its partitioner hands
 * key-less records out round-robin: a retry after a partly written request (a fresh topic's partition not
 * ready yet) put other records under the same sequence numbers, and the broker refused them as
 * OUT_OF_ORDER_SEQUENCE_NUMBER. The Java producer fixes a record's partition when it is appended; so do we.
 */
const chosenPartition = new WeakMap<object, number>();

/**
 * kafkajs groups a send's messages per partition by copying each partition's array for every message
 * (`[...current, message]`): quadratic in the batch, so the larger a transaction the slower each record. Linear here.
 */
function groupMessagesPerPartition<M extends object>({ topic, partitionMetadata, messages, partitioner }: GroupArgs<M>): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    let partition = chosenPartition.get(message);
    if (partition === undefined) {
      partition = partitioner({ topic, partitionMetadata, message });
      chosenPartition.set(message, partition);
    }
    (result[partition] ??= []).push(message);
  }
  return result;
}

const path = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
require(path);
require.cache[path]!.exports = groupMessagesPerPartition;

/** The patched grouping, for the test that it is the one kafkajs uses. */
export const patchedGroupMessagesPerPartition = groupMessagesPerPartition;
