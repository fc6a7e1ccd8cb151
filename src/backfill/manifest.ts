import type { KafkaClient } from '../kafka/types.js';
import { backfills } from '../../topics/index.js';

/** What a backfill was started with: a rerun resumes within the same bounds, whatever arrived since. */
export interface BackfillManifest {
  readonly name: string;
  readonly rawTopic: string;
  /** As given: "earliest" or an ISO time. */
  readonly from: string;
  /** As given: "now" or an ISO time. */
  readonly to: string;
  /** Per raw partition, the first offset and the offset to stop before (decimal strings). */
  readonly startOffsets: Readonly<Record<string, string>>;
  readonly endOffsets: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly completedAt?: string;
}

export const offsetMap = (offsets: Readonly<Record<string, string>>): Map<number, bigint> =>
  new Map(Object.entries(offsets).map(([p, o]) => [Number(p), BigInt(o)]));
export const offsetRecord = (offsets: ReadonlyMap<number, bigint>): Record<string, string> =>
  Object.fromEntries([...offsets].map(([p, o]) => [String(p), String(o)]));

/** Raw records between the manifest's start and end offsets: the whole work of the backfill. */
export function manifestRecords(manifest: BackfillManifest): bigint {
  const start = offsetMap(manifest.startOffsets);
  return [...offsetMap(manifest.endOffsets)].reduce((n, [p, e]) => n + e - (start.get(p) ?? 0n), 0n);
}

export async function readManifest(kafka: KafkaClient, name: string): Promise<BackfillManifest | undefined> {
  const admin = await kafka.admin();
  const exists = await admin
    .listTopics()
    .then((topics) => topics.includes(backfills.name))
    .finally(() => admin.close());
  if (!exists) return undefined;
  let manifest: BackfillManifest | undefined;
  await kafka.readToEnd({
    topic: backfills.name,
    onBatch: async (_p, messages) => {
      for (const m of messages) {
        if (m.key?.toString('utf8') !== name) continue;
        manifest = m.value ? (JSON.parse(m.value.toString('utf8')) as BackfillManifest) : undefined;
      }
    },
  });
  return manifest;
}

/** Writes (or, with null, deletes) a manifest; creates the compacted manifest topic on first use. */
export async function writeManifest(kafka: KafkaClient, name: string, manifest: BackfillManifest | null): Promise<void> {
  const admin = await kafka.admin();
  await admin.applyTopics([backfills]).finally(() => admin.close());
  const producer = await kafka.producer();
  try {
    await producer.send([{ topic: backfills.name, key: name, value: manifest ? Buffer.from(JSON.stringify(manifest)) : null }]);
  } finally {
    await producer.close();
  }
}
