import type { Admin } from './kafkajs.js';

/** Per partition, the offset reading stops before. READ_COMMITTED: the last stable offset, as read_committed readers see it. */
export type EndOffsets = ReadonlyMap<number, bigint>;

export async function captureEndOffsets(admin: Admin, topic: string): Promise<EndOffsets> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
}

/** Per partition, the first offset still in the log (the low watermark: retention and deletions move it). */
export async function captureStartOffsets(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, BigInt(o.low)]));
}

/** Offsets of the first record at or after `timestamp` per partition (the end offset where there is none). */
export async function offsetsForTime(admin: Admin, topic: string, timestamp: number): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
  const ends = await captureEndOffsets(admin, topic);
  return new Map(offsets.map((o) => [o.partition, o.offset === '-1' ? (ends.get(o.partition) ?? 0n) : BigInt(o.offset)]));
}
