import { startGlobalStores, type RunningGlobalStores } from './globalStores.js';
import { DEFAULT_TASK_TIMEOUT_MS, startStage, type RunningStage, type StageRunnerOptions } from './stageRunner.js';
import { copartitionedTopics, stageTopics, TopologyError, type Topology } from './topology.js';

export interface RunTopologyOptions extends Omit<StageRunnerOptions, 'stage' | 'globals'> {
  readonly topology: Topology;
  /** Stage names to run in this process (default: all); scale by starting more processes. */
  readonly stages?: readonly string[];
}

export interface RunningTopology {
  readonly stages: readonly RunningStage[];
  /** Rejects when any stage fails. */
  readonly failed: Promise<never>;
  stop(): Promise<void>;
}

/**
 * Checks what the topology implies (every topic exists; each stage's sources and changelogs are co-partitioned,
 * so task p's state lives in partition p of its changelogs), then starts the stages. A failed start stops the
 * stages already started.
 */
export async function runTopology(options: RunTopologyOptions): Promise<RunningTopology> {
  const wanted = options.stages ?? options.topology.stages.map((s) => s.name);
  const stages = options.topology.stages.filter((s) => wanted.includes(s.name));
  const unknown = wanted.filter((name) => !stages.some((s) => s.name === name));
  if (unknown.length > 0) throw new TopologyError('INVALID_TOPOLOGY', `no stage named ${unknown.join(', ')}`);
  const admin = await options.client.admin();
  const limits = new Map<string, number>();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(stages.flatMap(stageTopics))].filter((t) => !existing.has(t));
    if (missing.length > 0) throw new TopologyError('MISSING_TOPIC', `topic ${missing.join(', ')} does not exist: create it with \`leadstream topics apply\``);
    for (const stage of stages) {
      const topics = copartitionedTopics(stage);
      const counts = await admin.partitionCounts(topics);
      const [first, ...rest] = topics;
      const other = rest.find((t) => counts.get(t) !== counts.get(first!));
      if (other !== undefined) {
        throw new TopologyError('NOT_CO_PARTITIONED', `${first} has ${counts.get(first!)} partitions but ${other} has ${counts.get(other)}: they must be co-partitioned (same count)`);
      }
      for (const sink of stage.sinks) if (!limits.has(sink.topic)) limits.set(sink.topic, await admin.maxMessageBytes(sink.topic));
    }
  } finally {
    await admin.close();
  }
  const running: RunningStage[] = [];
  // The global stores the stages to run read are bootstrapped first, as Kafka Streams' global thread does.
  const declarations = options.topology.globalStores.filter((g) => stages.some((s) => s.globalStores.includes(g)));
  let globals: RunningGlobalStores | undefined;
  try {
    globals = await startGlobalStores(options.client, declarations, options.logger, options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS);
    for (const stage of stages) running.push(await startStage({ ...options, stage, limits, globals: globals.views }));
  } catch (error) {
    for (const s of running) await s.stop().catch(() => undefined);
    await globals?.stop();
    throw error;
  }
  const failed = Promise.race(running.map((s) => s.failed));
  failed.catch(() => undefined);
  return {
    stages: running,
    failed,
    async stop() {
      // The stages at once: each stop is bounded, and one after another they could outlast a supervisor's patience.
      await Promise.all(running.map((s) => s.stop()));
      await globals?.stop();
    },
  };
}
