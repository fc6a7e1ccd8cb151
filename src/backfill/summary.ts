import type { DlqRecord } from '../codecs/dlqRecord.js';
import { manifestRecords, type BackfillManifest } from './manifest.js';
import { backfillTopics, type BackfillTarget } from './target.js';

export interface BackfillSummary {
  readonly manifest: BackfillManifest;
  readonly read: bigint;
  readonly accepted: bigint;
  readonly rejected: ReadonlyMap<string, number>;
  readonly customers: number;
  readonly progressions: number;
}

/** Counts for the final summary, read back from the side topics (what a consumer of them will see). */
export async function summarizeBackfill(target: BackfillTarget, manifest: BackfillManifest): Promise<BackfillSummary> {
  const topics = backfillTopics(target.name, manifest.rawTopic);
  const read = manifestRecords(manifest);
  const rejected = new Map<string, number>();
  await target.kafka.readToEnd({
    topic: topics.dlq,
    onBatch: async (_p, records) => {
      for (const m of records) {
        const code = (JSON.parse(m.value!.toString('utf8')) as DlqRecord).code;
        rejected.set(code, (rejected.get(code) ?? 0) + 1);
      }
    },
  });
  let progressions = 0;
  await target.kafka.readToEnd({ topic: topics.progression, onBatch: async (_p, records) => void (progressions += records.length) });
  const live = new Set<string>();
  await target.kafka.readToEnd({
    topic: topics.customers,
    onBatch: async (_p, records) => {
      for (const m of records) {
        const key = m.key?.toString('utf8');
        if (key === undefined) continue;
        if (m.value) live.add(key);
        else live.delete(key);
      }
    },
  });
  const rejectedTotal = [...rejected.values()].reduce((a, b) => a + b, 0);
  return { manifest, read, accepted: read - BigInt(rejectedTotal), rejected, customers: live.size, progressions };
}
