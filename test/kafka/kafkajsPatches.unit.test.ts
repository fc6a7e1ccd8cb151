import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import '../../src/kafka/kafkajs.js';
import fc from 'fast-check';
import { installedFindReadReplicas, kafkajsRecordDecoder, patchedRecordDecoder, kafkajsCrc32c, kafkajsEncoder, kafkajsProduceV3, patchedEncoder, patchedProduceV3, kafkajsMurmur2, patchedCrc32c, patchedFilterAbortedMessages, patchedGroupMessagesPerPartition, patchedMurmur2 } from '../../src/kafka/kafkajsPatches.js';

const require = createRequire(import.meta.url);

describe('kafkajs, patched', () => {
  it('groups a send per partition as kafkajs does (without copying per message), and kafkajs uses that grouping', () => {
    const messages = Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, partition: i % 3 }));
    const args = { topic: 't', partitionMetadata: [{}, {}, {}], messages, partitioner: ({ message }: { message: { partition: number } }) => message.partition };
    expect(patchedGroupMessagesPerPartition(args)).toEqual({ 0: [messages[0], messages[3], messages[6]], 1: [messages[1], messages[4]], 2: [messages[2], messages[5]] });
    expect(patchedGroupMessagesPerPartition({ ...args, partitionMetadata: [] })).toEqual({});
    expect(require('kafkajs/src/producer/groupMessagesPerPartition.js')).toBe(patchedGroupMessagesPerPartition);
  });

  it('keeps a record in the partition it was first given when kafkajs regroups the send for a retry', () => {
    // kafkajs' own partitioner for key-less records: round-robin, so a second call moves every record.
    const roundRobin = require('kafkajs/src/producer/partitioners/default/index.js')();
    const messages = Array.from({ length: 6 }, (_, i) => ({ key: null, value: `v${i}` }));
    const args = { topic: 't', partitionMetadata: [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0 })), messages, partitioner: roundRobin };
    const first = patchedGroupMessagesPerPartition(args);
    expect(Object.values(first).flat()).toHaveLength(6);
    expect(patchedGroupMessagesPerPartition({ ...args, messages: [...messages].reverse() })).toEqual(
      Object.fromEntries(Object.entries(first).map(([p, ms]) => [p, [...ms].reverse()])),
    );
    // New records still go round-robin.
    const others = Array.from({ length: 3 }, () => ({ key: null, value: 'x' }));
    expect(Object.keys(patchedGroupMessagesPerPartition({ ...args, messages: others })).sort()).toEqual(['0', '1', '2']);
    // A frozen message keeps its partition too.
    const frozen = Array.from({ length: 3 }, (_, i) => Object.freeze({ key: null, value: `f${i}` }));
    const once = patchedGroupMessagesPerPartition({ ...args, messages: frozen });
    expect(patchedGroupMessagesPerPartition({ ...args, messages: frozen })).toEqual(once);
  });
});

describe('murmur2 without Long objects', () => {
  it('equals kafkajs\'s (the Java client\'s) for any key, bytes or text, and kafkajs\'s partitioner uses it', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => patchedMurmur2(Buffer.from(bytes)) === kafkajsMurmur2(Buffer.from(bytes))), { numRuns: 2_000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => patchedMurmur2(text) === kafkajsMurmur2(text)));
    // A customerId, as the keyed topic's keys are.
    expect(patchedMurmur2('0f2c8e5a9b7d4c3e1a2b3c4d5e6f7a8b')).toBe(kafkajsMurmur2('0f2c8e5a9b7d4c3e1a2b3c4d5e6f7a8b'));
    expect(require('kafkajs/src/producer/partitioners/default/murmur2.js')).toBe(patchedMurmur2);
  });
});

describe('CRC32-C, eight bytes at a time', () => {
  it('equals kafkajs\'s checksum for any buffer, and kafkajs\'s record batches use it', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => patchedCrc32c(Buffer.from(bytes)) === kafkajsCrc32c(Buffer.from(bytes))), { numRuns: 2_000 });
    // The standard check value: CRC-32C of "123456789".
    expect(patchedCrc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(require('kafkajs/src/protocol/recordBatch/crc32C/index.js')).toBe(patchedCrc32c);
  });
});

describe('encoders on pooled memory', () => {
  interface Writer {
    writeInt32(v: number): Writer;
    writeVarInt(v: number): Writer;
    writeString(v: string | null): Writer;
    writeVarIntBytes(v: Buffer | null): Writer;
    writeEncoder(v: Writer): Writer;
    readonly buffer: Buffer;
  }
  const make = (E: unknown, size?: number) => new (E as new (n?: number) => Writer)(size);
  it('write the bytes kafkajs\'s encoders write, across growth, and kafkajs\'s protocol uses them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 700 }), fc.uint8Array({ maxLength: 2_000 })), { maxLength: 30 }), fc.integer({ min: 0, max: 2_000 }), (parts, size) => {
        const write = (E: unknown) => {
          const inner = make(E);
          const outer = make(E, size);
          for (const part of parts) {
            if (typeof part === 'number') outer.writeInt32(part).writeVarInt(part);
            else if (typeof part === 'string') outer.writeString(part);
            else inner.writeVarIntBytes(Buffer.from(part));
          }
          return outer.writeEncoder(inner).buffer;
        };
        return write(patchedEncoder).equals(write(kafkajsEncoder));
      }),
      { numRuns: 300 },
    );
    expect(require('kafkajs/src/protocol/encoder.js')).toBe(patchedEncoder);
  });
});

describe('produce requests written once', () => {
  it('encode the bytes kafkajs\'s produce v3 request encodes (text or bytes, headers, with and without timestamps), and kafkajs uses ours', async () => {
    // Text (any unicode) or bytes, as a key, a value or a header value; headers with array values too.
    const bytes = fc.oneof(fc.string({ maxLength: 300, unit: 'grapheme' }), fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)));
    const message = fc.record({
      key: fc.option(bytes, { nil: null }),
      value: fc.option(bytes, { nil: null }),
      timestamp: fc.option(fc.oneof(fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }).map(String), fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 })), { nil: undefined }),
      headers: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.oneof(bytes, fc.array(bytes, { maxLength: 3 })), { maxKeys: 3 }),
    });
    // A record without a timestamp takes the clock's: one clock for both.
    vi.spyOn(Date, 'now').mockReturnValue(1_750_000_000_000);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ partition: fc.nat(11), messages: fc.array(message, { minLength: 1, maxLength: 20 }) }), { minLength: 1, maxLength: 4 }), async (partitions) => {
        const data = partitions.map((p) => ({ ...p, firstSequence: 3 }));
        const args = { acks: -1, timeout: 30_000, transactionalId: partitions.length % 2 === 0 ? 'tx' : null, producerEpoch: 2, topicData: [{ topic: 't', partitions: data }] };
        const [ours, theirs] = await Promise.all([patchedProduceV3(args).encode(), kafkajsProduceV3(args).encode()]);
        return (ours as unknown as { buffer: Buffer }).buffer.equals((theirs as unknown as { buffer: Buffer }).buffer);
      }),
      { numRuns: 200 },
    );
    vi.restoreAllMocks();
    expect(require('kafkajs/src/protocol/requests/produce/v3/request.js')).toBe(patchedProduceV3);
  });
});

describe('fetched records decoded in numbers', () => {
  it("decode to what kafkajs's record decoder gives (offsets, times, keys, values, headers), past 2^53 too, and kafkajs uses ours", () => {
    const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => { offset: number; readVarInt(): number };
    const RecordV0 = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (a: object) => { buffer: Buffer };
    const bytes = fc.option(fc.oneof(fc.string({ maxLength: 60, unit: 'grapheme' }), fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a))), { nil: null });
    const long = fc.oneof(fc.integer({ min: -1, max: 1_900_000_000_000 }), fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }));
    const record = fc.record({
      offsetDelta: fc.nat(100_000),
      timestampDelta: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map(String)),
      key: bytes,
      value: bytes,
      headers: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })), { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), long, long, fc.boolean(), fc.boolean(), (records, firstOffset, firstTimestamp, logAppendTime, control) => {
        const batchContext = { firstOffset: String(firstOffset), firstTimestamp: String(firstTimestamp), maxTimestamp: '1800000000000', magicByte: 2, isControlBatch: control, timestampType: logAppendTime ? 1 : 0 };
        const buffer = Buffer.concat(records.map((r) => RecordV0(r).buffer));
        const ours = new Decoder(buffer);
        const theirs = new Decoder(buffer);
        for (let i = 0; i < records.length; i += 1) {
          // Each record is its length varint, then the record: both decoders read from just past it.
          ours.readVarInt();
          theirs.readVarInt();
          expect(patchedRecordDecoder(ours as never, batchContext)).toEqual(kafkajsRecordDecoder(theirs as never, batchContext));
          expect(ours.offset).toBe(theirs.offset);
        }
      }),
      { numRuns: 300 },
    );
    expect(require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js')).toBe(patchedRecordDecoder);
  });
});

describe('requests of bounded size', () => {
  it('cuts records into requests under the byte bound, in order, never leaving a record out (one over the bound goes alone)', async () => {
    const { sizeBounded } = await import('../../src/kafka/kafkajsTransactions.js');
    const record = (bytes: number, i: number) => ({ topic: 't', key: null, value: Buffer.alloc(bytes, i) });
    const records = [100, 200, 300, 2_000, 50, 50].map(record);
    const requests = sizeBounded(records, 500);
    expect(requests.flat()).toEqual(records);
    expect(requests.map((r) => r.length)).toEqual([2, 1, 1, 2]);
    expect(sizeBounded([], 500)).toEqual([]);
  });
});

describe('read_committed, patched', () => {
  // Partition 3 of a keyed topic in the rebalance-storm test, as the broker logged it (DumpLogSegments): four
  // tasks' transactions interleaved, fenced together, their ABORT markers written in another order than they began.
  const record = (offset: number, producerId: number, inTransaction = true) => ({ offset: String(offset), key: Buffer.from(`customer-${offset}`), batchContext: { producerId: String(producerId), inTransaction } });
  const marker = (offset: number, producerId: number, type: 'ABORT' | 'COMMIT') => ({
    offset: String(offset),
    key: Buffer.from([0, 0, 0, type === 'ABORT' ? 0 : 1]),
    isControlRecord: true,
    batchContext: { producerId: String(producerId), inTransaction: true },
  });
  const messages = [
    record(1005, 505), record(1006, 510), record(1007, 510), record(1008, 510), record(1009, 510), record(1010, 507), record(1011, 511),
    record(1012, 509), record(1013, 503),
    marker(1014, 507, 'ABORT'), marker(1015, 505, 'ABORT'), marker(1016, 510, 'ABORT'), marker(1017, 511, 'ABORT'), marker(1018, 509, 'COMMIT'), marker(1019, 503, 'COMMIT'),
    record(1020, 503), record(1021, 507), record(1022, 510), record(1023, 900, false),
  ];
  // The fetch response's list, in the broker's order (by ABORT marker), not by first offset.
  const abortedTransactions = [
    { producerId: '507', firstOffset: '1010' },
    { producerId: '505', firstOffset: '1005' },
    { producerId: '510', firstOffset: '1006' },
    { producerId: '511', firstOffset: '1011' },
  ];
  const kept = (filtered: { offset: string; isControlRecord?: boolean }[]) => filtered.filter((m) => !m.isControlRecord).map((m) => Number(m.offset));

  it('drops every aborted record, whatever order the broker lists the aborted transactions in', () => {
    expect(kept(patchedFilterAbortedMessages({ messages, abortedTransactions }))).toEqual([1012, 1013, 1020, 1021, 1022, 1023]);
    expect(kept(patchedFilterAbortedMessages({ messages, abortedTransactions: [...abortedTransactions].reverse() }))).toEqual([1012, 1013, 1020, 1021, 1022, 1023]);
    expect(kept(patchedFilterAbortedMessages({ messages, abortedTransactions: [] }))).toHaveLength(13);
    expect(require('kafkajs/src/consumer/filterAbortedMessages.js')).toBe(patchedFilterAbortedMessages);
  });

  it('ends a transaction only at a control record: a user record keyed 00 00 00 00 is data', () => {
    const lookalike = { offset: '11', key: Buffer.from([0, 0, 0, 0]), batchContext: { producerId: '7', inTransaction: true } };
    const filtered = patchedFilterAbortedMessages({ messages: [record(10, 7), lookalike, record(12, 7), marker(13, 7, 'ABORT'), record(14, 7)], abortedTransactions: [{ producerId: '7', firstOffset: '10' }] });
    expect(kept(filtered)).toEqual([14]);
  });

  it('asks for fresh metadata before the next fetch when a partition has no leader (else it idles until metadataMaxAge)', () => {
    const group = (leaders: Record<number, number>) => ({
      cluster: { brokerPool: { metadataExpireAt: 1_000 as number | null }, findTopicPartitionMetadata: () => Object.entries(leaders).map(([p, leader]) => ({ partitionId: Number(p), leader })) },
      preferredReadReplicasPerTopicPartition: {},
      logger: { debug: () => {} },
    });
    const split = installedFindReadReplicas();
    const restarting = group({ 0: 1, 1: -1, 2: 1 });
    expect(split.call(restarting, 't', [0, 1, 2])).toEqual({ 1: [0, 2], '-1': [1] });
    expect(restarting.cluster.brokerPool.metadataExpireAt).toBe(0);
    const missing = group({ 0: 1 });
    split.call(missing, 't', [0, 1]);
    expect(missing.cluster.brokerPool.metadataExpireAt).toBe(0);
    const healthy = group({ 0: 1, 1: 2 });
    expect(split.call(healthy, 't', [0, 1])).toEqual({ 1: [0], 2: [1] });
    expect(healthy.cluster.brokerPool.metadataExpireAt).toBe(1_000);
  });
});
