/**
 * Fixes to kafkajs internals that must be in place before kafkajs loads (kafkajs.ts imports this first).
 * kafkajs is pinned (package.json) and tests fail if a patched behaviour changes.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Murmur2 = (key: Buffer | string) => number;

/**
 * kafkajs's murmur2 (the Java client's, so keys land where Kafka Streams puts them) does its 32-bit arithmetic in
 * 64-bit Long objects: 8% of `leadstream run`'s CPU in a profile. The same function with Math.imul, allocation-free.
 */
function murmur2(key: Buffer | string): number {
  const data = typeof key === 'string' ? Buffer.from(key) : key;
  const length = data.length;
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= data[whole + 2]! << 16;
  if (rest >= 2) h ^= data[whole + 1]! << 8;
  if (rest >= 1) h = Math.imul(h ^ data[whole]!, m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

const murmurPath = require.resolve('kafkajs/src/producer/partitioners/default/murmur2.js');
/** kafkajs's own, for the test that ours equals it. */
export const kafkajsMurmur2 = require(murmurPath) as Murmur2;
require.cache[murmurPath]!.exports = murmur2;
export const patchedMurmur2: Murmur2 = murmur2;

type Crc32c = (buffer: Buffer) => number;

/** CRC32-C (Castagnoli) tables for slice-by-8: eight bytes per step instead of one. */
const CRC_TABLES = ((): Int32Array[] => {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    tables[0]![n] = c;
  }
  for (let n = 0; n < 256; n += 1) {
    let c = tables[0]![n]!;
    for (let k = 1; k < 8; k += 1) {
      c = tables[0]![c & 0xff]! ^ (c >>> 8);
      tables[k]![n] = c;
    }
  }
  return tables;
})();

/**
 * The record batch checksum kafkajs computes for every produce request, a byte at a time (3% of `leadstream run`'s
 * CPU in a profile); the same CRC32-C, slice-by-8.
 */
function crc32c(buffer: Buffer): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  const n = buffer.length;
  let crc = -1;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    crc ^= buffer[i]! | (buffer[i + 1]! << 8) | (buffer[i + 2]! << 16) | (buffer[i + 3]! << 24);
    crc = t7[crc & 0xff]! ^ t6[(crc >>> 8) & 0xff]! ^ t5[(crc >>> 16) & 0xff]! ^ t4[crc >>> 24]! ^ t3[buffer[i + 4]!]! ^ t2[buffer[i + 5]!]! ^ t1[buffer[i + 6]!]! ^ t0[buffer[i + 7]!]!;
  }
  for (; i < n; i += 1) crc = t0[(crc ^ buffer[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const crcPath = require.resolve('kafkajs/src/protocol/recordBatch/crc32C/index.js');
/** kafkajs's own, for the test that ours equals it. */
export const kafkajsCrc32c = require(crcPath) as Crc32c;
require.cache[crcPath]!.exports = crc32c;
export const patchedCrc32c: Crc32c = crc32c;

interface EncoderInternals {
  buf: Buffer;
  offset: number;
}
type EncoderClass = (new (initialSize?: number) => EncoderInternals) & { nextPowerOfTwo(value: number): number };

/**
 * kafkajs makes an Encoder per record (and per request part) over a zero-filled Buffer.alloc(512), and grows it with
 * Buffer.alloc too: 6% of `leadstream run`'s CPU in a profile, plus the garbage. An encoder only ever exposes the
 * bytes it wrote (`buffer` is the written prefix), so unfilled, pooled memory (Buffer.allocUnsafe) is as safe.
 */
const encoderPath = require.resolve('kafkajs/src/protocol/encoder.js');
const KafkajsEncoder = require(encoderPath) as EncoderClass;
class PooledEncoder extends KafkajsEncoder {
  constructor(initialSize = 511) {
    super(0);
    this.buf = Buffer.allocUnsafe(KafkajsEncoder.nextPowerOfTwo(initialSize));
  }

  ensureAvailable(length: number): void {
    if (this.offset + length <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(KafkajsEncoder.nextPowerOfTwo(this.offset + length));
    this.buf.copy(grown, 0, 0, this.offset);
    this.buf = grown;
  }
}
require.cache[encoderPath]!.exports = PooledEncoder;
/** The encoder kafkajs's protocol modules get, and kafkajs's own, for the test that they write the same bytes. */
export const patchedEncoder: unknown = PooledEncoder;
export const kafkajsEncoder: unknown = KafkajsEncoder;

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

interface ProduceMessage {
  readonly timestamp?: string | number | null;
  readonly [field: string]: unknown;
}
interface PartitionData {
  readonly partition: number;
  readonly messages: readonly ProduceMessage[];
  readonly firstSequence?: number;
}
interface ProduceArgs {
  readonly acks: number;
  readonly timeout: number;
  readonly transactionalId?: string | null;
  readonly producerId?: unknown;
  readonly producerEpoch?: number;
  readonly compression?: number;
  readonly topicData: readonly { readonly topic: string; readonly partitions: readonly PartitionData[] }[];
}
interface RequestEncoder {
  writeInt16(v: number): RequestEncoder;
  writeInt32(v: number): RequestEncoder;
  writeString(v: string | null): RequestEncoder;
  writeArray(v: readonly RequestEncoder[]): RequestEncoder;
  writeEncoder(v: RequestEncoder): RequestEncoder;
  size(): number;
}

/**
 * Produce v3 (v4 to v7 reuse it), as kafkajs writes it, but for the batch's first and largest timestamp: kafkajs
 * sorts every partition's timestamps to take both ends (6% of `leadstream run`'s CPU in a profile); one pass here.
 */
const produceV3Path = require.resolve('kafkajs/src/protocol/requests/produce/v3/request.js');
const Long = require('kafkajs/src/utils/long.js') as { fromInt(v: number): unknown };
const { Produce: produceApiKey } = require('kafkajs/src/protocol/requests/apiKeys.js') as { Produce: number };
const { Types: compressionTypes } = require('kafkajs/src/protocol/message/compression/index.js') as { Types: { None: number } };
const RecordV0 = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (args: object) => unknown;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (args: object) => Promise<RequestEncoder> };
const newEncoder = () => new PooledEncoder() as unknown as RequestEncoder;

async function encodePartition(compression: number, transactionalId: string | null, producerId: unknown, producerEpoch: number, { partition, messages, firstSequence }: PartitionData): Promise<RequestEncoder> {
  const now = Date.now();
  let first = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const m of messages) {
    if (m.timestamp === null || m.timestamp === undefined) continue;
    const t = Number(m.timestamp);
    if (t < first) first = t;
    if (t > max) max = t;
  }
  if (first === Number.POSITIVE_INFINITY) first = max = now;
  const records = messages.map((message, i) => RecordV0({ ...message, offsetDelta: i, timestampDelta: (message.timestamp ? Number(message.timestamp) : now) - first }));
  const batch = await RecordBatch({ compression, records, firstTimestamp: first, maxTimestamp: max, producerId, producerEpoch, firstSequence, transactional: !!transactionalId, lastOffsetDelta: records.length - 1 });
  return newEncoder().writeInt32(partition).writeInt32(batch.size()).writeEncoder(batch);
}

function produceV3({ acks, timeout, transactionalId = null, producerId = Long.fromInt(-1), producerEpoch = 0, compression = compressionTypes.None, topicData }: ProduceArgs) {
  return {
    apiKey: produceApiKey,
    apiVersion: 3,
    apiName: 'Produce',
    expectResponse: () => acks !== 0,
    encode: async () => {
      const topics: RequestEncoder[] = [];
      for (const { topic, partitions } of topicData) {
        const encoded: RequestEncoder[] = [];
        for (const data of partitions) encoded.push(await encodePartition(compression, transactionalId, producerId, producerEpoch, data));
        topics.push(newEncoder().writeString(topic).writeArray(encoded));
      }
      return newEncoder().writeString(transactionalId).writeInt16(acks).writeInt32(timeout).writeArray(topics);
    },
  };
}
/** kafkajs's own produce v3 request, for the test that ours encodes the same bytes. */
export const kafkajsProduceV3 = require(produceV3Path) as typeof produceV3;
require.cache[produceV3Path]!.exports = produceV3;
export const patchedProduceV3 = produceV3;
