import { describe, expect, it } from 'vitest';
import { sendChunks } from '../../src/runtime/sendChunks.js';

describe("a commit's sends", () => {
  it("keep each topic's batch under its max.message.bytes, in order, losing nothing", () => {
    const r = (topic: string, bytes: number) => ({ topic, key: null, value: Buffer.alloc(bytes) });
    const records = [r('a', 300), r('b', 300), r('a', 300), r('a', 300), r('b', 5_000)];
    const chunks = sendChunks(records, new Map([['a', 1_600], ['b', 100_000]]));
    expect(chunks.flat()).toEqual(records);
    // a: 428 + 428 = 856 ≤ 1,088 (1,600 less the batch header); a third 428 would pass it.
    expect(chunks.map((c) => c.length)).toEqual([3, 2]);
    expect(sendChunks(records, undefined)).toEqual([records]);
    expect(sendChunks([], new Map())).toEqual([]);
  });
});
