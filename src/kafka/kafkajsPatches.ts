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
// A property on the message, not a WeakMap entry: a WeakMap per produced record cost 2.6% of `leadstream run`'s
// CPU in a profile (ephemerons are dear to insert and to collect); the messages are the runtime's own objects.
const CHOSEN_PARTITION = Symbol('leadstream.partition');
type Pinned = { [CHOSEN_PARTITION]?: number };
/** For a message that takes no property (frozen by a caller). */
const chosenPartition = new WeakMap<object, number>();

/**
 * kafkajs groups a send's messages per partition by copying each partition's array for every message
 * (`[...current, message]`): quadratic in the batch, so the larger a transaction the slower each record. Linear here.
 */
function groupMessagesPerPartition<M extends object>({ topic, partitionMetadata, messages, partitioner }: GroupArgs<M>): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    let partition = (message as Pinned)[CHOSEN_PARTITION] ?? chosenPartition.get(message);
    if (partition === undefined) {
      partition = partitioner({ topic, partitionMetadata, message });
      if (Object.isExtensible(message)) (message as Pinned)[CHOSEN_PARTITION] = partition;
      else chosenPartition.set(message, partition);
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
 * Produce v3 (v4 to v7 reuse it), as kafkajs writes it, with two changes. kafkajs sorts every partition's timestamps
 * to take the batch's first and largest (6% of `leadstream run`'s CPU in a profile): one pass here. And kafkajs
 * builds an Encoder per record (with 64-bit Long arithmetic for each timestamp delta), then copies the batch four
 * times on the way into the request (another 12% in a later profile): an uncompressed batch here is sized first
 * and written once, into one buffer. Anything else (compression, a value that is neither bytes nor text, a timestamp
 * delta past 2^52) takes kafkajs's own record and batch encoders.
 */
const produceV3Path = require.resolve('kafkajs/src/protocol/requests/produce/v3/request.js');
interface LongValue {
  getHighBits(): number;
  getLowBits(): number;
}
const Long = require('kafkajs/src/utils/long.js') as { fromInt(v: number): unknown; fromValue(v: unknown): LongValue };
const { Produce: produceApiKey } = require('kafkajs/src/protocol/requests/apiKeys.js') as { Produce: number };
const { Types: compressionTypes } = require('kafkajs/src/protocol/message/compression/index.js') as { Types: { None: number } };
const RecordV0 = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (args: object) => unknown;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (args: object) => Promise<RequestEncoder> };
const newEncoder = () => new PooledEncoder() as unknown as RequestEncoder;

type Bytes = Buffer | string | null | undefined;
const MAGIC_V2 = 2;
const TRANSACTIONAL = 16;
/** Partition, batch size, first offset, batch length, leader epoch, magic, CRC: before the checksummed body. */
const BATCH_PREFIX = 4 + 4 + 8 + 4 + 4 + 1 + 4;
/** Attributes, last offset delta, first and max timestamp, producer id and epoch, first sequence, record count. */
const BATCH_BODY_HEADER = 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4;

const zigZag32 = (n: number): number => ((n << 1) ^ (n >> 31)) >>> 0;
/** Zig-zag of a safe integer, as a non-negative safe integer (kafkajs does it in Long). */
const zigZag64 = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
function sizeOfUnsigned(n: number): number {
  let bytes = 1;
  for (let v = n; v >= 128; v = Math.floor(v / 128)) bytes += 1;
  return bytes;
}
function writeUnsigned(buf: Buffer, at: number, n: number): number {
  let v = n;
  let i = at;
  while (v >= 128) {
    buf[i++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[i++] = v;
  return i;
}
const byteLengthOf = (value: Bytes): number => (value === null || value === undefined ? -1 : typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length);
const sizeOfBytes = (length: number): number => sizeOfUnsigned(zigZag32(length)) + Math.max(length, 0);
function writeBytes(buf: Buffer, at: number, value: Bytes, length: number): number {
  const i = writeUnsigned(buf, at, zigZag32(length));
  if (length <= 0) return i;
  return i + (typeof value === 'string' ? buf.write(value, i, length, 'utf8') : (value as Buffer).copy(buf, i));
}
const isBytes = (value: unknown): value is Bytes => value === null || value === undefined || typeof value === 'string' || Buffer.isBuffer(value);
function writeInt64(buf: Buffer, at: number, value: unknown): void {
  const long = Long.fromValue(value);
  buf.writeInt32BE(long.getHighBits(), at);
  buf.writeUInt32BE(long.getLowBits() >>> 0, at + 4);
}

interface Header {
  readonly key: string;
  readonly value: Bytes;
}
/** kafkajs's header order: per key, an array value gives one header per element. */
function headersOf(headers: unknown): Header[] | undefined {
  if (headers === undefined || headers === null) return [];
  if (typeof headers !== 'object') return undefined;
  const all: Header[] = [];
  for (const key of Object.keys(headers)) {
    const value = (headers as Record<string, unknown>)[key];
    for (const each of Array.isArray(value) ? value : [value]) {
      if (!isBytes(each)) return undefined;
      all.push({ key, value: each });
    }
  }
  return all;
}

/** One uncompressed partition entry (partition, size, record batch v2), sized first and written into one buffer. */
function encodeBatchOnce(transactionalId: string | null, producerId: unknown, producerEpoch: number, firstSequence: number, partition: number, messages: readonly ProduceMessage[], first: number, max: number, now: number): { buf: Buffer; buffer: Buffer } | undefined {
  const n = messages.length;
  const keys = new Array<number>(n);
  const values = new Array<number>(n);
  const deltas = new Array<number>(n);
  const bodies = new Array<number>(n);
  const headerLists = new Array<Header[]>(n);
  let recordsSize = 0;
  for (let i = 0; i < n; i += 1) {
    const m = messages[i]!;
    if (!isBytes(m['key']) || !isBytes(m['value'])) return undefined;
    const headers = headersOf(m['headers']);
    if (headers === undefined) return undefined;
    const delta = (m.timestamp ? Number(m.timestamp) : now) - first;
    if (!Number.isSafeInteger(delta) || Math.abs(delta) > Number.MAX_SAFE_INTEGER / 2) return undefined;
    const key = byteLengthOf(m['key'] as Bytes);
    const value = byteLengthOf(m['value'] as Bytes);
    let body = 1 + sizeOfUnsigned(zigZag64(delta)) + sizeOfUnsigned(zigZag32(i)) + sizeOfBytes(key) + sizeOfBytes(value) + sizeOfUnsigned(zigZag32(headers.length));
    for (const h of headers) body += sizeOfBytes(Buffer.byteLength(h.key, 'utf8')) + sizeOfBytes(byteLengthOf(h.value));
    keys[i] = key;
    values[i] = value;
    deltas[i] = delta;
    bodies[i] = body;
    headerLists[i] = headers;
    recordsSize += sizeOfUnsigned(zigZag32(body)) + body;
  }
  const bodySize = BATCH_BODY_HEADER + recordsSize;
  // The batch's length field counts from the leader epoch on; the partition entry's size adds first offset and length.
  const batchLength = 4 + 1 + 4 + bodySize;
  const buf = Buffer.allocUnsafe(BATCH_PREFIX + bodySize);
  buf.writeInt32BE(partition, 0);
  buf.writeInt32BE(8 + 4 + batchLength, 4);
  buf.writeInt32BE(0, 8); // first offset 0: the broker assigns offsets
  buf.writeInt32BE(0, 12);
  buf.writeInt32BE(batchLength, 16);
  buf.writeInt32BE(0, 20); // partition leader epoch
  buf.writeInt8(MAGIC_V2, 24);
  const bodyAt = BATCH_PREFIX;
  let at = bodyAt;
  buf.writeInt16BE(transactionalId ? TRANSACTIONAL : 0, at);
  buf.writeInt32BE(n - 1, at + 2);
  writeInt64(buf, at + 6, first);
  writeInt64(buf, at + 14, max);
  writeInt64(buf, at + 22, producerId);
  buf.writeInt16BE(producerEpoch, at + 30);
  buf.writeInt32BE(firstSequence, at + 32);
  buf.writeInt32BE(n, at + 36);
  at += BATCH_BODY_HEADER;
  for (let i = 0; i < n; i += 1) {
    const m = messages[i]!;
    at = writeUnsigned(buf, at, zigZag32(bodies[i]!));
    buf[at++] = 0; // record attributes: none
    at = writeUnsigned(buf, at, zigZag64(deltas[i]!));
    at = writeUnsigned(buf, at, zigZag32(i));
    at = writeBytes(buf, at, m['key'] as Bytes, keys[i]!);
    at = writeBytes(buf, at, m['value'] as Bytes, values[i]!);
    const headers = headerLists[i]!;
    at = writeUnsigned(buf, at, zigZag32(headers.length));
    for (const h of headers) {
      at = writeBytes(buf, at, h.key, Buffer.byteLength(h.key, 'utf8'));
      at = writeBytes(buf, at, h.value, byteLengthOf(h.value));
    }
  }
  buf.writeUInt32BE(crc32c(buf.subarray(bodyAt)), 25);
  // What kafkajs's Encoder.writeEncoder reads of an encoder: its buffer.
  return { buf, buffer: buf };
}

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
  if (compression === compressionTypes.None && messages.length > 0) {
    const once = encodeBatchOnce(transactionalId, producerId, producerEpoch, firstSequence ?? 0, partition, messages, first, max, now);
    if (once !== undefined) return once as unknown as RequestEncoder;
  }
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

interface RecordDecoderInput {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntArray<T>(reader: (d: RecordDecoderInput) => T): T[];
}
interface BatchContext {
  readonly firstOffset?: string;
  readonly firstTimestamp?: string;
  readonly maxTimestamp?: string;
  readonly magicByte?: number;
  readonly isControlBatch?: boolean;
  readonly timestampType?: number;
}
type RecordDecoder = (decoder: RecordDecoderInput, batchContext?: BatchContext) => unknown;

const recordDecoderPath = require.resolve('kafkajs/src/protocol/recordBatch/record/v0/decoder.js');
const kafkajsRecordDecoderFn = require(recordDecoderPath) as RecordDecoder;
const HeaderDecoder = require('kafkajs/src/protocol/recordBatch/header/v0/decoder.js') as (d: RecordDecoderInput) => { key: string; value: Buffer | null };
const { LOG_APPEND_TIME } = require('kafkajs/src/protocol/timestampTypes.js') as { LOG_APPEND_TIME: number };

/** A zig-zag varlong as a number, or undefined past 2^49 (the caller then lets kafkajs read it in Long). */
function readVarLongNumber(decoder: RecordDecoderInput): number | undefined {
  const buf = decoder.buffer;
  let result = 0;
  let scale = 1;
  let i = decoder.offset;
  for (;;) {
    const byte = buf[i++];
    if (byte === undefined || scale > 2 ** 42) return undefined;
    result += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) break;
  }
  decoder.offset = i;
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

// The batch every record of a fetch is decoded against in turn: its first offset and timestamp as numbers, once.
let lastBatch: BatchContext | undefined;
let batchOffset = 0;
let batchTimestamp = 0;
let batchExact = false;
const exactNumber = (text: string | undefined): number => (text !== undefined && Number.isSafeInteger(Number(text)) && String(Number(text)) === text ? Number(text) : Number.NaN);

/**
 * kafkajs decodes every fetched record's offset and timestamp in 64-bit Long objects, from the batch's base parsed
 * out of a string per record (4% of `leadstream run`'s CPU and the restore's, in profiles). The same record object
 * with plain numbers wherever they are exact (every offset and time Kafka has handed out so far); kafkajs's own
 * decoder for anything else.
 */
function decodeRecord(decoder: RecordDecoderInput, batchContext: BatchContext = {}): unknown {
  if (batchContext !== lastBatch) {
    lastBatch = batchContext;
    batchOffset = exactNumber(batchContext.firstOffset);
    batchTimestamp = exactNumber(batchContext.firstTimestamp);
    batchExact = !Number.isNaN(batchOffset) && !Number.isNaN(batchTimestamp);
  }
  if (!batchExact) return kafkajsRecordDecoderFn(decoder, batchContext);
  const start = decoder.offset;
  const attributes = decoder.readInt8();
  const timestampDelta = readVarLongNumber(decoder);
  if (timestampDelta === undefined || !Number.isSafeInteger(batchTimestamp + timestampDelta)) {
    decoder.offset = start;
    return kafkajsRecordDecoderFn(decoder, batchContext);
  }
  const { magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
  const timestamp = timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : String(batchTimestamp + timestampDelta);
  const offset = String(batchOffset + decoder.readVarInt());
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  let headers: Record<string, Buffer | null | (Buffer | null)[]> = {};
  // No headers (one zero byte): the common case skips kafkajs's array and reduce.
  if (decoder.buffer[decoder.offset] === 0) decoder.offset += 1;
  else {
    for (const { key: name, value: header } of decoder.readVarIntArray(HeaderDecoder)) {
      const seen = headers[name];
      headers = { ...headers, [name]: seen === undefined ? header : Array.isArray(seen) ? seen.concat([header]) : [seen, header] };
    }
  }
  return { magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: isControlBatch, batchContext };
}

/** kafkajs's own record decoder, for the test that ours decodes the same. */
export const kafkajsRecordDecoder = kafkajsRecordDecoderFn;
require.cache[recordDecoderPath]!.exports = decodeRecord;
export const patchedRecordDecoder: RecordDecoder = decodeRecord;
