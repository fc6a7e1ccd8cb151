import { describe, expect, it } from 'vitest';
import { localSchemas } from '../../src/codecs/avroSchemas.js';
import type { ClusterAdmin } from '../../src/kafka/types.js';
import { leadSerdes } from '../../src/pipeline/serdes.js';
import { leadTopology } from '../../src/pipeline/leadTopology.js';
import { LIVE_TOPICS as topics } from '../../src/pipeline/topicNames.js';
import { writtenPartitions } from '../../src/runtime/settleLeftovers.js';

// Only partitionCounts is asked for.
const admin = (counts: Record<string, number>) => ({ partitionCounts: async (names: readonly string[]) => new Map(names.map((n) => [n, counts[n] ?? 0])) }) as unknown as ClusterAdmin;

describe('the partitions a task settles its predecessor\'s leftovers on', () => {
  it('are every partition of every sink and the task\'s own partition of each changelog', async () => {
    const topology = leadTopology(topics, await leadSerdes(localSchemas(), topics));
    const aggregate = topology.stages.find((s) => s.name === 'aggregate')!;
    const partitions = await writtenPartitions(admin({ [topics.progression]: 3, [topics.alerts]: 3, [topics.dlq]: 1 }), aggregate, 2);
    expect(partitions.map((p) => `${p.topic}:${p.partition}`).sort()).toEqual(
      [`${topics.progression}:0`, `${topics.progression}:1`, `${topics.progression}:2`, `${topics.alerts}:0`, `${topics.alerts}:1`, `${topics.alerts}:2`, `${topics.dlq}:0`, `${topics.customers}:2`, `${topics.pendingFollowUps}:2`, `${topics.erased}:2`].sort(),
    );
    const ingest = topology.stages.find((s) => s.name === 'ingest')!;
    expect(await writtenPartitions(admin({ [topics.keyed]: 6, [topics.dlq]: 1 }), ingest, 0)).toHaveLength(7);
    // A sink the metadata lists without partitions (a broker restarting): retriable, not "nothing to settle there".
    await expect(writtenPartitions(admin({ [topics.keyed]: 6 }), ingest, 0)).rejects.toMatchObject({ code: 'METADATA_INCOMPLETE', retriable: true });
  });
});
