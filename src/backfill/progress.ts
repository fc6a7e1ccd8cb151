import { groupProgress } from '../kafka/groupProgress.js';
import type { ClusterAdmin } from '../kafka/types.js';
import { offsetMap, type BackfillManifest } from './manifest.js';
import { backfillAppId, backfillTopics, type BackfillTarget } from './target.js';

export interface BackfillProgress {
  /** Raw records ingested so far, and in all (between the start and end offsets). */
  readonly done: bigint;
  readonly total: bigint;
  /** Per raw partition, records still to ingest. */
  readonly ingestLag: ReadonlyMap<number, bigint>;
  /** Keyed records the aggregate stage has not committed yet. */
  readonly aggregateLag: bigint;
}

/** Where a backfill stands, from its groups' committed offsets (what is done is what is committed). */
export async function backfillProgress(admin: ClusterAdmin, target: BackfillTarget, manifest: BackfillManifest): Promise<BackfillProgress> {
  const appId = backfillAppId(target.appId, target.name);
  const topics = backfillTopics(target.name, manifest.rawTopic);
  const start = offsetMap(manifest.startOffsets);
  const end = offsetMap(manifest.endOffsets);
  const committed = await admin.committedOffsets(`${appId}-ingest`, manifest.rawTopic);
  let done = 0n;
  let total = 0n;
  const ingestLag = new Map<number, bigint>();
  for (const [p, e] of end) {
    const s = start.get(p) ?? 0n;
    const offset = committed.get(p)?.offset ?? s;
    const at = offset < s ? s : offset > e ? e : offset;
    done += at - s;
    total += e - s;
    ingestLag.set(p, e - at);
  }
  const aggregate = await groupProgress(admin, `${appId}-aggregate`, topics.keyed);
  return { done, total, ingestLag, aggregateLag: aggregate.recordLag };
}
