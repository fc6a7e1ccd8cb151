/**
 * The topology in one declaration: stages (Kafka Streams' sub-topologies, one consumer group each), their
 * sources, processors, sinks and state stores with changelog topics. What it implies, the runtime checks at
 * start: every topic exists, and a stage's sources and changelogs are co-partitioned.
 */
import type { ProcessorSupplier } from './api.js';
import type { Deserializer, Serde, Serializer } from './serde.js';

export interface SourceNode {
  readonly kind: 'source';
  readonly name: string;
  readonly topic: string;
  readonly key: Deserializer<unknown>;
  readonly value: Deserializer<unknown>;
  /** A sink (of DeadLetter values) for records whose bytes cannot be deserialized; it needs no parents. */
  readonly deadLetters?: string;
}

export interface ProcessorNode {
  readonly kind: 'processor';
  readonly name: string;
  readonly supplier: ProcessorSupplier;
  readonly parents: readonly string[];
  readonly stores: readonly string[];
}

export interface SinkNode {
  readonly kind: 'sink';
  readonly name: string;
  readonly topic: string;
  readonly key: Serializer<unknown>;
  readonly value: Serializer<unknown>;
  readonly parents: readonly string[];
}

export interface StoreDeclaration {
  readonly name: string;
  /** Compacted topic, co-partitioned with the stage's sources: partition p holds task p's state. */
  readonly changelog: string;
  readonly key: Serde<unknown>;
  readonly value: Serde<unknown>;
}

export type Node = SourceNode | ProcessorNode | SinkNode;

export interface Stage {
  readonly name: string;
  readonly sources: readonly SourceNode[];
  readonly processors: readonly ProcessorNode[];
  readonly sinks: readonly SinkNode[];
  readonly stores: readonly StoreDeclaration[];
  /** Children of each node, in declaration order. */
  readonly children: ReadonlyMap<string, readonly string[]>;
}

export interface Topology {
  readonly stages: readonly Stage[];
}

export class TopologyError extends Error {
  override readonly name = 'TopologyError';
  constructor(
    readonly code: 'NOT_CO_PARTITIONED' | 'MISSING_TOPIC' | 'INVALID_TOPOLOGY',
    message: string,
  ) {
    super(message);
  }
}

/** Every topic a stage reads or writes. */
export const stageTopics = (stage: Stage): string[] => [...new Set([...stage.sources.map((s) => s.topic), ...stage.sinks.map((s) => s.topic), ...stage.stores.map((s) => s.changelog)])];

/** The topics that must share a partition count: the stage's inputs and its changelogs. */
export const copartitionedTopics = (stage: Stage): string[] => [...new Set([...stage.sources.map((s) => s.topic), ...stage.stores.map((s) => s.changelog)])];

export class StageBuilder {
  private readonly nodes: Node[] = [];
  private readonly stores: StoreDeclaration[] = [];

  constructor(private readonly name: string) {}

  source<K, V>(name: string, options: { topic: string; key: Deserializer<K>; value: Deserializer<V>; deadLetters?: string }): this {
    this.nodes.push({ kind: 'source', name, ...options });
    return this;
  }

  processor(name: string, supplier: ProcessorSupplier, options: { parents: readonly string[]; stores?: readonly string[] }): this {
    this.nodes.push({ kind: 'processor', name, supplier, parents: options.parents, stores: options.stores ?? [] });
    return this;
  }

  sink<K, V>(name: string, options: { topic: string; key: Serializer<K>; value: Serializer<V>; parents: readonly string[] }): this {
    this.nodes.push({ kind: 'sink', name, ...(options as { topic: string; key: Serializer<unknown>; value: Serializer<unknown>; parents: readonly string[] }) });
    return this;
  }

  store<K, V>(name: string, options: { changelog: string; key: Serde<K>; value: Serde<V> }): this {
    this.stores.push({ name, ...(options as { changelog: string; key: Serde<unknown>; value: Serde<unknown> }) });
    return this;
  }

  build(): Stage {
    const invalid = (message: string) => new TopologyError('INVALID_TOPOLOGY', `stage ${this.name}: ${message}`);
    const byName = new Map<string, Node>();
    for (const node of this.nodes) {
      if (byName.has(node.name)) throw invalid(`two nodes named ${node.name}`);
      byName.set(node.name, node);
    }
    const children = new Map<string, string[]>(this.nodes.map((n) => [n.name, []]));
    const deadLetterSinks = new Set(this.nodes.flatMap((n) => (n.kind === 'source' && n.deadLetters !== undefined ? [n.deadLetters] : [])));
    for (const node of this.nodes) {
      if (node.kind === 'source') continue;
      if (node.parents.length === 0 && !deadLetterSinks.has(node.name)) throw invalid(`${node.name} has no parent`);
      for (const parent of node.parents) {
        const p = byName.get(parent);
        if (!p || p.kind === 'sink') throw invalid(`${node.name}'s parent ${parent} is not a source or processor of this stage`);
        children.get(parent)!.push(node.name);
      }
    }
    const storeNames = new Set(this.stores.map((s) => s.name));
    const sources = this.nodes.filter((n): n is SourceNode => n.kind === 'source');
    if (sources.length === 0) throw invalid('no source');
    for (const node of this.nodes) {
      if (node.kind === 'processor') for (const s of node.stores) if (!storeNames.has(s)) throw invalid(`${node.name} uses store ${s}, which is not declared`);
      if (node.kind === 'source' && node.deadLetters !== undefined) {
        if (byName.get(node.deadLetters)?.kind !== 'sink') throw invalid(`${node.name}'s dead letters go to ${node.deadLetters}, which is not a sink`);
      }
    }
    return {
      name: this.name,
      sources,
      processors: this.nodes.filter((n): n is ProcessorNode => n.kind === 'processor'),
      sinks: this.nodes.filter((n): n is SinkNode => n.kind === 'sink'),
      stores: [...this.stores],
      children,
    };
  }
}

/** `topology().stage('ingest', (s) => s.source(...).processor(...).sink(...)).stage(...).build()` */
export function topology(): { stage(name: string, define: (stage: StageBuilder) => StageBuilder): ReturnType<typeof topology>; build(): Topology } {
  const stages: Stage[] = [];
  const builder = {
    stage(name: string, define: (stage: StageBuilder) => StageBuilder) {
      if (stages.some((s) => s.name === name)) throw new TopologyError('INVALID_TOPOLOGY', `two stages named ${name}`);
      stages.push(define(new StageBuilder(name)).build());
      return builder;
    },
    build: (): Topology => ({ stages: [...stages] }),
  };
  return builder;
}
