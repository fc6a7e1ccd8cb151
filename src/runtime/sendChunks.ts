import { BATCH_OVERHEAD, recordSize } from '../kafka/recordSize.js';
import type { ProducedRecord } from '../kafka/types.js';

const size = (r: ProducedRecord): number => recordSize(r.key, r.value);

/**
 * A commit's records in sends (in order, all in the one transaction) whose batch for each topic stays under that
 * topic's max.message.bytes: a broker refuses a partition's batch over it, even when every record fits alone.
 */
export function sendChunks(records: readonly ProducedRecord[], limits: ReadonlyMap<string, number> | undefined): ProducedRecord[][] {
  if (!limits || limits.size === 0) return records.length > 0 ? [records.slice()] : [];
  const chunks: ProducedRecord[][] = [];
  let current: ProducedRecord[] = [];
  let bytes = new Map<string, number>();
  for (const r of records) {
    const limit = limits.get(r.topic);
    const after = (bytes.get(r.topic) ?? 0) + size(r);
    if (limit !== undefined && current.length > 0 && after > limit - BATCH_OVERHEAD) {
      chunks.push(current);
      current = [];
      bytes = new Map();
    }
    current.push(r);
    bytes.set(r.topic, (bytes.get(r.topic) ?? 0) + size(r));
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
