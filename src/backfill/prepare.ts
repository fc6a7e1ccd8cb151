import { ALL_TOPICS, leadsRaw, suffixedDefinitions } from '../../topics/index.js';
import { offsetRecord, readManifest, writeManifest, type BackfillManifest } from './manifest.js';
import { backfillAppId, BackfillError, type BackfillTarget } from './target.js';

export type Bound = { readonly kind: 'edge' } | { readonly kind: 'time'; readonly at: number };

/**
 * Creates the side topics and the manifest on the first run (bounds fixed then: start offsets for `from`, end
 * offsets for `to` captured now), or returns the stored manifest when resuming. Refuses side topics that do not
 * match their definitions and a `from` the raw topic's retention no longer holds.
 */
export async function prepareBackfill(target: BackfillTarget, bounds: { from: Bound; to: Bound; fromText: string; toText: string }): Promise<{ manifest: BackfillManifest; resumed: boolean }> {
  const rawTopic = target.rawTopic ?? leadsRaw.name;
  const admin = await target.kafka.admin();
  try {
    if (!(await admin.listTopics()).includes(rawTopic)) throw new BackfillError('MISSING_TOPIC', `raw topic ${rawTopic} does not exist`);
    const side = suffixedDefinitions(target.name, ALL_TOPICS.filter((d) => d !== leadsRaw));
    const report = await admin.applyTopics(side);
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
    const low = await admin.startOffsets(rawTopic);
    const start = bounds.from.kind === 'edge' ? low : await admin.offsetsForTime(rawTopic, bounds.from.at);
    if (bounds.from.kind === 'time') {
      // Records before the low watermark are gone; if `from` reaches back to it, some of them may have been wanted.
      const high = await admin.endOffsets(rawTopic);
      // (A partition retention emptied entirely says nothing about when its records were: not refused.)
      const lost = [...start].filter(([p, offset]) => (low.get(p) ?? 0n) > 0n && offset === low.get(p) && offset < (high.get(p) ?? 0n));
      if (lost.length > 0) {
        throw new BackfillError('RETENTION', `${rawTopic} no longer holds everything since ${bounds.fromText}: partition ${lost.map(([p]) => p).join(', ')} starts at offset ${lost.map(([, o]) => String(o)).join(', ')} after retention deleted older records; choose a later --from or --from earliest`);
      }
    }
    const end = bounds.to.kind === 'edge' ? await admin.endOffsets(rawTopic) : await admin.offsetsForTime(rawTopic, bounds.to.at);
    for (const [p, s] of start) if ((end.get(p) ?? 0n) < s) throw new BackfillError('BAD_BOUNDS', `--to ${bounds.toText} is before --from ${bounds.fromText}`);
    // The ingest group starts at `from`: offsets set before any member joins.
    await admin.setOffsets(`${backfillAppId(target.appId, target.name)}-ingest`, rawTopic, start);
    const manifest: BackfillManifest = { name: target.name, rawTopic, from: bounds.fromText, to: bounds.toText, startOffsets: offsetRecord(start), endOffsets: offsetRecord(end), createdAt: new Date().toISOString() };
    await writeManifest(target.kafka, target.name, manifest);
    return { manifest, resumed: false };
  } finally {
    await admin.close();
  }
}
