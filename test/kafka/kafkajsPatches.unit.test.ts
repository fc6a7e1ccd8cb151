import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import '../../src/kafka/kafkajs.js';
import { patchedGroupMessagesPerPartition } from '../../src/kafka/kafkajsPatches.js';

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
