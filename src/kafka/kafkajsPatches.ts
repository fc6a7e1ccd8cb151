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

interface FetchedMessage {
  readonly offset: string;
  readonly key?: Buffer | null;
  readonly isControlRecord?: boolean;
  readonly batchContext: { readonly producerId: string; readonly inTransaction: boolean };
}
interface AbortedTransaction {
  readonly producerId: string;
  readonly firstOffset: string;
}

// A control record's key: version 0, type 0 (ABORT).
const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);

/**
 * read_committed: drops the records of aborted transactions from a fetch. kafkajs took the fetch's aborted
 * transactions as sorted by first offset and looked only at the head, but the broker lists them in the order
 * their ABORT markers were written; with transactions of several producers interleaved (a rebalance fencing a
 * dozen tasks at once) an aborted record passed as committed, and the next stage processed it (found: duplicated
 * keyed leads and progressions in the rebalance-storm and broker-restart tests). As the Java consumer does: every
 * aborted transaction whose first offset has been reached is open until its producer's ABORT marker.
 */
function filterAbortedMessages<M extends FetchedMessage>({ messages, abortedTransactions }: { messages: M[]; abortedTransactions?: readonly AbortedTransaction[] }): M[] {
  if (!abortedTransactions || abortedTransactions.length === 0) return messages;
  const pending = [...abortedTransactions].sort((a, b) => (BigInt(a.firstOffset) < BigInt(b.firstOffset) ? -1 : BigInt(a.firstOffset) > BigInt(b.firstOffset) ? 1 : 0));
  const open = new Set<string>();
  let next = 0;
  return messages.filter((message) => {
    const offset = BigInt(message.offset);
    while (next < pending.length && BigInt(pending[next]!.firstOffset) <= offset) open.add(String(pending[next++]!.producerId));
    const producerId = String(message.batchContext.producerId);
    // Only a control record ends a transaction (kafkajs also took a user record keyed 00 00 00 00 for one).
    if (message.isControlRecord && message.key && Buffer.from(message.key).equals(ABORT_MARKER_KEY)) {
      open.delete(producerId);
      return true;
    }
    return !(message.batchContext.inTransaction && open.has(producerId));
  });
}

const filterPath = require.resolve('kafkajs/src/consumer/filterAbortedMessages.js');
require(filterPath);
require.cache[filterPath]!.exports = filterAbortedMessages;

/** The patched read_committed filter, for its tests. */
export const patchedFilterAbortedMessages = filterAbortedMessages;

interface EosManager {
  addPartitionsToTransaction(topicData: readonly { topic: string; partitions: readonly { partition: number }[] }[]): Promise<void>;
}
type CreateEosManager = (options: { transactional?: boolean; transactionalId?: string }) => EosManager;

/**
 * kafkajs adds a partition to a transaction only by producing to it, and keeps the transaction manager to itself;
 * committing what a predecessor left open on a partition without writing anything there needs AddPartitionsToTxn
 * alone. The latest manager per transactional id, for `addPartitionsToTransaction`.
 */
const eosManagers = new Map<string, EosManager>();
const eosPath = require.resolve('kafkajs/src/producer/eosManager/index.js');
require(eosPath);
const createEosManager = require.cache[eosPath]!.exports as CreateEosManager;
require.cache[eosPath]!.exports = ((options) => {
  const manager = createEosManager(options);
  if (options.transactional && options.transactionalId !== undefined) eosManagers.set(options.transactionalId, manager);
  return manager;
}) satisfies CreateEosManager;

/** The transaction manager kafkajs made last for this transactional id (after the producer's first transaction()). */
export function eosManagerOf(transactionalId: string): EosManager | undefined {
  return eosManagers.get(transactionalId);
}

interface ConsumerGroupInternals {
  readonly cluster: { readonly brokerPool: { metadataExpireAt: number | null } };
}
type FindReadReplicas = (this: ConsumerGroupInternals, topic: string, partitions: readonly number[]) => Record<string, readonly number[]>;

/**
 * A partition whose cached metadata names no leader (-1 while a restarted broker re-registers) is fetched from no
 * broker, and kafkajs refreshes metadata only when it is `metadataMaxAge` old (5 min): the partition stalled that
 * long, silently (found by the soak: one instance's share of the raw partitions idle after a stack restart). As
 * the Java consumer does when a leader is unknown: ask for fresh metadata before the next fetch.
 */
const groupPath = require.resolve('kafkajs/src/consumer/consumerGroup.js');
const ConsumerGroup = require(groupPath) as { prototype: { findReadReplicaForPartitions: FindReadReplicas } };
const findReadReplicas = ConsumerGroup.prototype.findReadReplicaForPartitions;
function findReadReplicasOrRefresh(this: ConsumerGroupInternals, topic: string, partitions: readonly number[]): Record<string, readonly number[]> {
  const byNode = findReadReplicas.call(this, topic, partitions);
  let led = 0;
  for (const [node, ids] of Object.entries(byNode)) if (Number(node) >= 0) led += ids.length;
  if (led < partitions.length) this.cluster.brokerPool.metadataExpireAt = 0;
  return byNode;
}
ConsumerGroup.prototype.findReadReplicaForPartitions = findReadReplicasOrRefresh;

/** The per-node split kafkajs's consumer group uses now (the patched one), for its test. */
export const installedFindReadReplicas = (): FindReadReplicas => ConsumerGroup.prototype.findReadReplicaForPartitions;
