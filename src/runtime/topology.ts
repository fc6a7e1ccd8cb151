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

/** A store of a whole topic on every instance (Kafka Streams' global store): the topic is its changelog. */
export interface GlobalStoreDeclaration {
  readonly name: string;
  readonly topic: string;
  readonly key: Deserializer<unknown>;
  readonly value: Deserializer<unknown>;
}

export type Node = SourceNode | ProcessorNode | SinkNode;

export interface Stage {
  readonly name: string;
  readonly sources: readonly SourceNode[];
  readonly processors: readonly ProcessorNode[];
  readonly sinks: readonly SinkNode[];
  readonly stores: readonly StoreDeclaration[];
  /** The global stores the stage's processors read. */
  readonly globalStores: readonly GlobalStoreDeclaration[];
  /** Children of each node, in declaration order. */
  readonly children: ReadonlyMap<string, readonly string[]>;
}

export interface Topology {
  readonly stages: readonly Stage[];
  readonly globalStores: readonly GlobalStoreDeclaration[];
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
export const stageTopics = (stage: Stage): string[] => [
  ...new Set([...stage.sources.map((s) => s.topic), ...stage.sinks.map((s) => s.topic), ...stage.stores.map((s) => s.changelog), ...stage.globalStores.map((g) => g.topic)]),
];

/** The topics that must share a partition count: the stage's inputs and its changelogs. */
export const copartitionedTopics = (stage: Stage): string[] => [...new Set([...stage.sources.map((s) => s.topic), ...stage.stores.map((s) => s.changelog)])];

export class StageBuilder {
  private readonly nodes: Node[] = [];
  private readonly stores: StoreDeclaration[] = [];

  constructor(
    private readonly name: string,
    /** The topology's global stores declared so far: a processor may read any of them. */
    private readonly globals: readonly GlobalStoreDeclaration[] = [],
  ) {}

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
    for (const g of this.globals) if (storeNames.has(g.name)) throw invalid(`store ${g.name} is declared both here and as a global store`);
    const globalNames = new Set(this.globals.map((g) => g.name));
    const sources = this.nodes.filter((n): n is SourceNode => n.kind === 'source');
    if (sources.length === 0) throw invalid('no source');
    for (const node of this.nodes) {
      if (node.kind === 'processor') for (const s of node.stores) if (!storeNames.has(s) && !globalNames.has(s)) throw invalid(`${node.name} uses store ${s}, which is not declared`);
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
      globalStores: this.globals.filter((g) => this.nodes.some((n) => n.kind === 'processor' && n.stores.includes(g.name))),
      children,
    };
  }
}

export interface TopologyBuilder {
  /** A global store of `topic`, for the stages declared after it (Kafka Streams' addGlobalStore / GlobalKTable). */
  globalStore<K, V>(name: string, options: { topic: string; key: Deserializer<K>; value: Deserializer<V> }): TopologyBuilder;
  stage(name: string, define: (stage: StageBuilder) => StageBuilder): TopologyBuilder;
  build(): Topology;
}

/** `topology().globalStore(...).stage('ingest', (s) => s.source(...).processor(...).sink(...)).stage(...).build()` */
export function topology(): TopologyBuilder {
  const stages: Stage[] = [];
  const globals: GlobalStoreDeclaration[] = [];
  const builder: TopologyBuilder = {
    globalStore(name, options) {
      if (globals.some((g) => g.name === name)) throw new TopologyError('INVALID_TOPOLOGY', `two global stores named ${name}`);
      globals.push({ name, ...(options as { topic: string; key: Deserializer<unknown>; value: Deserializer<unknown> }) });
      return builder;
    },
    stage(name, define) {
      if (stages.some((s) => s.name === name)) throw new TopologyError('INVALID_TOPOLOGY', `two stages named ${name}`);
      stages.push(define(new StageBuilder(name, [...globals])).build());
      return builder;
    },
    build: (): Topology => ({ stages: [...stages], globalStores: globals.filter((g) => stages.some((s) => s.globalStores.includes(g))) }),
  };
  return builder;
}
