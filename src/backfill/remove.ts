import { readManifest, writeManifest } from './manifest.js';
import { backfillAppId, backfillTopics, type BackfillTarget } from './target.js';

/** Removes a backfill: its side topics, their schema subjects, its consumer groups and its manifest. */
export async function deleteBackfill(target: BackfillTarget): Promise<string[]> {
  const topics = backfillTopics(target.name);
  const appId = backfillAppId(target.appId, target.name);
  const removed: string[] = [];
  const admin = await target.kafka.admin();
  try {
    const existing = new Set(await admin.listTopics());
    const side = [topics.keyed, topics.progression, topics.customers, topics.dlq].filter((t) => existing.has(t));
    if (side.length > 0) await admin.deleteTopics(side);
    removed.push(...side.map((t) => `topic ${t}`));
    const subjects = new Set(await target.registry.subjects());
    for (const topic of [topics.keyed, topics.progression, topics.customers]) {
      if (!subjects.has(`${topic}-value`)) continue;
      await target.registry.deleteSubject(`${topic}-value`);
      removed.push(`subject ${topic}-value`);
    }
    const groups = new Set(await admin.listGroups());
    const ours = [`${appId}-ingest`, `${appId}-aggregate`].filter((g) => groups.has(g));
    if (ours.length > 0) await admin.deleteGroups(ours);
    removed.push(...ours.map((g) => `group ${g}`));
  } finally {
    await admin.close();
  }
  if (await readManifest(target.kafka, target.name)) {
    await writeManifest(target.kafka, target.name, null);
    removed.push(`manifest ${target.name}`);
  }
  return removed;
}
