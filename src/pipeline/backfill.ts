import type { Logger } from 'pino';
import type { Registry } from '../codecs/registry.js';
import type { DlqRecord } from '../codecs/dlqRecord.js';
import type { OfferMap } from '../domain/offerMap.js';
import { captureEndOffsets, captureStartOffsets, offsetsForTime, type EndOffsets } from '../kafka/endOffsets.js';
import { committedOffset, groupProgress } from '../kafka/groupProgress.js';
import type { Admin, Kafka } from '../kafka/kafkajs.js';
import { readToEnd } from '../kafka/readToEnd.js';
import { applyTopics } from '../kafka/topicAdmin.js';
import { ALL_TOPICS, leadsRaw, suffixedDefinitions } from '../../topics/index.js';
import { manifestRecords, offsetMap, offsetRecord, readManifest, writeManifest, type BackfillManifest } from './backfillManifest.js';
import type { RunningStage } from './stageRunner.js';
import { startTopology } from './topology.js';
import { suffixedTopics, type TopicNames } from './topicNames.js';

export type BackfillErrorCode = 'SIDE_TOPIC_MISMATCH' | 'RETENTION' | 'BOUNDS_CHANGED' | 'BAD_BOUNDS' | 'MISSING_TOPIC';

export class BackfillError extends Error {
  override readonly name = 'BackfillError';
  constructor(
    readonly code: BackfillErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type Bound = { readonly kind: 'edge' } | { readonly kind: 'time'; readonly at: number };

export interface BackfillTarget {
  readonly kafka: Kafka;
  readonly registry: Registry;
  readonly logger: Logger;
  /** The live app id: the backfill runs as `<appId>-backfill-<name>`. */
  readonly appId: string;
  readonly name: string;
  readonly rawTopic?: string;
}

/** The topology of a backfill: the live raw topic in, side topics `<name>.<suffix>` out. Never a live output. */
export const backfillTopics = (name: string, rawTopic = leadsRaw.name): TopicNames => ({ ...suffixedTopics(name), raw: rawTopic });
export const backfillAppId = (appId: string, name: string): string => `${appId}-backfill-${name}`;

export interface BackfillProgress {
  /** Raw records ingested so far, and in all (between the start and end offsets). */
  readonly done: bigint;
  readonly total: bigint;
  /** Per raw partition, records still to ingest. */
  readonly ingestLag: ReadonlyMap<number, bigint>;
  /** Keyed records the aggregate stage has not committed yet. */
  readonly aggregateLag: bigint;
}

export interface BackfillSummary {
  readonly manifest: BackfillManifest;
  readonly read: bigint;
  readonly accepted: bigint;
  readonly rejected: ReadonlyMap<string, number>;
  readonly customers: number;
  readonly progressions: number;
}

/**
 * Creates the side topics and the manifest on the first run (bounds fixed then: start offsets for `from`, end
 * offsets for `to` captured now), or returns the stored manifest when resuming. Refuses side topics that do not
 * match their definitions and a `from` the raw topic's retention no longer holds.
 */
export async function prepareBackfill(target: BackfillTarget, bounds: { from: Bound; to: Bound; fromText: string; toText: string }): Promise<{ manifest: BackfillManifest; resumed: boolean }> {
  const rawTopic = target.rawTopic ?? leadsRaw.name;
  const admin = target.kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(rawTopic)) throw new BackfillError('MISSING_TOPIC', `raw topic ${rawTopic} does not exist`);
    const side = suffixedDefinitions(target.name, ALL_TOPICS.filter((d) => d !== leadsRaw));
    const report = await applyTopics(admin, side);
    if (report.drifted.length > 0) {
      const first = report.drifted[0]!;
      throw new BackfillError('SIDE_TOPIC_MISMATCH', `${first.topic} exists but ${first.differences.join('; ')}: delete it (\`leadstream backfill --suffix ${target.name} --delete\`) or choose another suffix`);
    }
    const existing = await readManifest(target.kafka, target.name);
    if (existing) {
      if (existing.rawTopic !== rawTopic || existing.from !== bounds.fromText || (bounds.to.kind === 'time' && existing.to !== bounds.toText)) {
        throw new BackfillError('BOUNDS_CHANGED', `backfill ${target.name} was started with --from ${existing.from} --to ${existing.to} on ${existing.rawTopic}: rerun with those, or delete it first`);
      }
      return { manifest: existing, resumed: true };
    }
    const low = await captureStartOffsets(admin, rawTopic);
    const start = bounds.from.kind === 'edge' ? low : await offsetsForTime(admin, rawTopic, bounds.from.at);
    if (bounds.from.kind === 'time') {
      // Records before the low watermark are gone; if `from` reaches back to it, some of them may have been wanted.
      const high = await captureEndOffsets(admin, rawTopic);
      // (A partition retention emptied entirely says nothing about when its records were: not refused.)
      const lost = [...start].filter(([p, offset]) => (low.get(p) ?? 0n) > 0n && offset === low.get(p) && offset < (high.get(p) ?? 0n));
      if (lost.length > 0) {
        throw new BackfillError('RETENTION', `${rawTopic} no longer holds everything since ${bounds.fromText}: partition ${lost.map(([p]) => p).join(', ')} starts at offset ${lost.map(([, o]) => String(o)).join(', ')} after retention deleted older records; choose a later --from or --from earliest`);
      }
    }
    const end: EndOffsets = bounds.to.kind === 'edge' ? await captureEndOffsets(admin, rawTopic) : await offsetsForTime(admin, rawTopic, bounds.to.at);
    for (const [p, s] of start) if ((end.get(p) ?? 0n) < s) throw new BackfillError('BAD_BOUNDS', `--to ${bounds.toText} is before --from ${bounds.fromText}`);
    // The ingest group starts at `from`: offsets set before any member joins.
    await admin.setOffsets({ groupId: `${backfillAppId(target.appId, target.name)}-ingest`, topic: rawTopic, partitions: [...start].map(([partition, offset]) => ({ partition, offset: String(offset) })) });
    const manifest: BackfillManifest = { name: target.name, rawTopic, from: bounds.fromText, to: bounds.toText, startOffsets: offsetRecord(start), endOffsets: offsetRecord(end), createdAt: new Date().toISOString() };
    await writeManifest(target.kafka, target.name, manifest);
    return { manifest, resumed: false };
  } finally {
    await admin.disconnect();
  }
}

/** Where a backfill stands, from its groups' committed offsets (what is done is what is committed). */
export async function backfillProgress(admin: Admin, target: BackfillTarget, manifest: BackfillManifest): Promise<BackfillProgress> {
  const appId = backfillAppId(target.appId, target.name);
  const topics = backfillTopics(target.name, manifest.rawTopic);
  const start = offsetMap(manifest.startOffsets);
  const end = offsetMap(manifest.endOffsets);
  const [committed] = await admin.fetchOffsets({ groupId: `${appId}-ingest`, topics: [manifest.rawTopic] });
  let done = 0n;
  let total = 0n;
  const ingestLag = new Map<number, bigint>();
  for (const [p, e] of end) {
    const s = start.get(p) ?? 0n;
    const offset = committedOffset(committed?.partitions, p) ?? s;
    const at = offset < s ? s : offset > e ? e : offset;
    done += at - s;
    total += e - s;
    ingestLag.set(p, e - at);
  }
  const aggregate = await groupProgress(admin, `${appId}-aggregate`, topics.keyed);
  return { done, total, ingestLag, aggregateLag: aggregate.recordLag };
}

export interface RunBackfillOptions {
  readonly offerMap?: OfferMap;
  readonly maxBatch?: number;
  readonly sessionTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/**
 * Runs the topology until the ingest stage has committed every raw record up to the end offsets and the aggregate
 * stage everything ingest wrote; returns false if stopped (signal) before. Exactly once as the live pipeline, so
 * an interrupted run resumes where it stopped.
 */
export async function runBackfill(target: BackfillTarget, manifest: BackfillManifest, options: RunBackfillOptions = {}): Promise<boolean> {
  if (manifest.completedAt) return true;
  const appId = backfillAppId(target.appId, target.name);
  const topics = backfillTopics(target.name, manifest.rawTopic);
  const common = { kafka: target.kafka, registry: target.registry, logger: target.logger, appId, topics, ...(options.offerMap ? { offerMap: options.offerMap } : {}), ...(options.maxBatch ? { maxBatch: options.maxBatch } : {}), ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}) };
  const admin = target.kafka.admin();
  let aggregate: RunningStage[] = [];
  let ingest: RunningStage[] = [];
  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  try {
    // Everything started inside the try: a failure to start one stage still stops the others.
    await admin.connect();
    aggregate = await startTopology({ ...common, stages: ['aggregate'] });
    ingest = await startTopology({ ...common, stages: ['ingest'], rawEndOffsets: offsetMap(manifest.endOffsets) });
    const failed = Promise.race([...ingest, ...aggregate].map((s) => s.failed));
    failed.catch(() => undefined); // awaited in the loop below; never unhandled in between
    let stableEnds = '';
    let stableSince = 0;
    for (;;) {
      if (options.signal?.aborted) return false;
      const progress = await Promise.race([backfillProgress(admin, target, manifest), failed]);
      options.onProgress?.(progress);
      if (ingest.length > 0 && progress.done === progress.total) {
        // Nothing more goes to the keyed side topic: stop ingest so its last commit markers settle.
        for (const s of ingest) await s.stop();
        ingest = [];
      }
      if (ingest.length === 0) {
        // Commit markers are written just after a commit returns: the keyed end is final once it holds still.
        const ends = JSON.stringify([...(await captureEndOffsets(admin, topics.keyed))].map(([p, o]) => [p, String(o)]));
        if (ends !== stableEnds) [stableEnds, stableSince] = [ends, Date.now()];
        else if (Date.now() - stableSince >= 1_000 && progress.aggregateLag === 0n) break;
      }
      await Promise.race([pause(250), failed]);
    }
  } finally {
    for (const s of [...ingest, ...aggregate]) await s.stop();
    await admin.disconnect();
  }
  await writeManifest(target.kafka, target.name, { ...manifest, completedAt: new Date().toISOString() });
  return true;
}

/** Counts for the final summary, read back from the side topics (what a consumer of them will see). */
export async function summarizeBackfill(target: BackfillTarget, manifest: BackfillManifest): Promise<BackfillSummary> {
  const topics = backfillTopics(target.name, manifest.rawTopic);
  const read = manifestRecords(manifest);
  const rejected = new Map<string, number>();
  await readToEnd(target.kafka, {
    topic: topics.dlq,
    onBatch: async (_p, messages) => {
      for (const m of messages) {
        const code = (JSON.parse(m.value!.toString('utf8')) as DlqRecord).code;
        rejected.set(code, (rejected.get(code) ?? 0) + 1);
      }
    },
  });
  let progressions = 0;
  await readToEnd(target.kafka, { topic: topics.progression, onBatch: async (_p, messages) => void (progressions += messages.length) });
  const live = new Set<string>();
  await readToEnd(target.kafka, {
    topic: topics.customers,
    onBatch: async (_p, messages) => {
      for (const m of messages) {
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

/** Removes a backfill: its side topics, their schema subjects, its consumer groups and its manifest. */
export async function deleteBackfill(target: BackfillTarget): Promise<string[]> {
  const topics = backfillTopics(target.name);
  const appId = backfillAppId(target.appId, target.name);
  const removed: string[] = [];
  const admin = target.kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const side = [topics.keyed, topics.progression, topics.customers, topics.dlq].filter((t) => existing.has(t));
    if (side.length > 0) await admin.deleteTopics({ topics: side });
    removed.push(...side.map((t) => `topic ${t}`));
    const subjects = new Set(await target.registry.subjects());
    for (const topic of [topics.keyed, topics.progression, topics.customers]) {
      if (!subjects.has(`${topic}-value`)) continue;
      await target.registry.deleteSubject(`${topic}-value`);
      removed.push(`subject ${topic}-value`);
    }
    const groups = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const ours = [`${appId}-ingest`, `${appId}-aggregate`].filter((g) => groups.has(g));
    if (ours.length > 0) await admin.deleteGroups(ours);
    removed.push(...ours.map((g) => `group ${g}`));
  } finally {
    await admin.disconnect();
  }
  if (await readManifest(target.kafka, target.name)) {
    await writeManifest(target.kafka, target.name, null);
    removed.push(`manifest ${target.name}`);
  }
  return removed;
}
