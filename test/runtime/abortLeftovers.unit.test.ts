import { describe, expect, it } from 'vitest';
import type { ClusterAdmin } from '../../src/kafka/types.js';
import { LEFTOVER_ABORT_KEY, leftoverTargets } from '../../src/runtime/abortLeftovers.js';
import { leadSerdes } from '../../src/pipeline/serdes.js';
import { leadTopology } from '../../src/pipeline/leadTopology.js';
import { LIVE_TOPICS as topics } from '../../src/pipeline/topicNames.js';
import { localSchemas } from '../../src/codecs/avroSchemas.js';

// Only partitionCounts is asked for; the rest of the admin is not reached.
const admin = (counts: Record<string, number>) => ({ partitionCounts: async (names: readonly string[]) => new Map(names.map((n) => [n, counts[n] ?? 0])) }) as unknown as ClusterAdmin;

describe('the abort that closes a predecessor\'s leftovers', () => {
  it('reaches every partition of every sink and the task\'s own partition of each changelog, with no record readable as data', async () => {
    const topology = leadTopology(topics, await leadSerdes(localSchemas(), topics));
    const aggregate = topology.stages.find((s) => s.name === 'aggregate')!;
    const records = await leftoverTargets(admin({ [topics.progression]: 3, [topics.alerts]: 3, [topics.dlq]: 1 }), aggregate, 2);
    expect(records.map((r) => `${r.topic}:${r.partition}`).sort()).toEqual(
      [`${topics.progression}:0`, `${topics.progression}:1`, `${topics.progression}:2`, `${topics.alerts}:0`, `${topics.alerts}:1`, `${topics.alerts}:2`, `${topics.dlq}:0`, `${topics.customers}:2`, `${topics.pendingFollowUps}:2`].sort(),
    );
    for (const r of records) expect(r).toMatchObject({ key: LEFTOVER_ABORT_KEY, value: null });
    const ingest = topology.stages.find((s) => s.name === 'ingest')!;
    expect((await leftoverTargets(admin({ [topics.keyed]: 6, [topics.dlq]: 1 }), ingest, 0)).length).toBe(7);
  });
});
