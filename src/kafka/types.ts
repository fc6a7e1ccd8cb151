/**
 * The narrow Kafka client interface everything outside src/kafka/ speaks to. kafkajs implements it today
 * (kafkajsClient.ts); a second client can be measured behind it without touching the runtime or the commands.
 * Offsets are bigint (Kafka's int64), timestamps epoch milliseconds.
 */
import type { TopicDefinition } from '../../topics/index.js';

/** A record as fetched (read_committed unless a reader says otherwise). */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** A record to write; without `partition` the client's default partitioner (murmur2 of the key) picks it. */
export interface ProducedRecord {
  readonly topic: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly partition?: number;
  readonly timestamp?: number;
}

/** One fetch of one partition, handed to a group member's handler. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  /** The offset this fetch started at (the client's position), which must never be ahead of the processed one. */
  readonly fetchedOffset: bigint;
  readonly records: readonly ConsumedRecord[];
  /** Offset of the fetch's last entry, transaction markers included: the next position is lastOffset + 1. */
  readonly lastOffset: bigint;
  /** Keeps the membership alive during long work (a restore); never throws. */
  heartbeat(): Promise<void>;
}

/** Partitions per topic: what a member was assigned. */
export type Assignment = ReadonlyMap<string, readonly number[]>;

export interface GroupConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Batches processed at once; every assigned partition still progresses (the client never waits on one). */
  readonly partitionsConsumedConcurrently: number;
  /**
   * 'resolved': the position moves past the batch (processed; committing is the caller's business, in its
   * transactions). 'rewound': the caller moved the position itself. Rejecting keeps the position.
   */
  readonly onBatch: (batch: PartitionBatch) => Promise<'resolved' | 'rewound'>;
  readonly onAssignment: (assignment: Assignment) => void;
  /** A fetch of only commit markers and aborted records, which the client steps over without a batch: its offsets. */
  readonly onSkip?: (topic: string, partition: number, firstOffset: bigint, lastOffset: bigint) => void;
  /** After each fetch that returned a partition's records (or only its markers): how many offsets lie past them. */
  readonly onLag?: (topic: string, partition: number, lag: bigint) => void;
  /** The client gave up on the membership (it will fetch nothing more): the caller should fail loudly. */
  readonly onGiveUp?: (error: unknown) => void;
  /** Published to the group with the membership (e.g. the host:port this instance answers queries on). */
  readonly userData?: Buffer;
}

/** A consumer-group member that never commits offsets itself: only transactions do. */
export interface GroupConsumer {
  seek(topic: string, partition: number, offset: bigint): void;
  pause(topic: string, partition: number): void;
  stop(): Promise<void>;
}

export interface CommittedOffset {
  readonly offset: bigint;
  readonly metadata: string | null;
}

export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Kept with the offset (the runtime stores the task's stream time there, as Kafka Streams does). */
  readonly metadata?: string;
}

export interface Transaction {
  send(records: readonly ProducedRecord[]): Promise<void>;
  /** Puts partitions in the transaction without writing to them: its commit or abort marker reaches them all the same. */
  addPartitions(partitions: readonly { topic: string; partition: number }[]): Promise<void>;
  sendOffsets(groupId: string, offsets: readonly OffsetToCommit[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface TransactionalProducer {
  /** The first call fences any earlier producer of the same transactional id. */
  begin(): Promise<Transaction>;
  close(): Promise<void>;
}

export interface RecordProducer {
  /** Idempotent, acks=all. */
  send(records: readonly ProducedRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface ReadToEndOptions {
  readonly topic: string;
  /** Partitions to read (default: all). */
  readonly partitions?: readonly number[];
  /** Stop before these offsets (default: the last stable offsets captured now). */
  readonly endOffsets?: ReadonlyMap<number, bigint>;
  /** Called in offset order per partition; awaited (backpressure). */
  readonly onBatch: (partition: number, records: readonly ConsumedRecord[]) => Promise<void>;
  readonly signal?: AbortSignal;
}

export interface FollowOptions {
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  readonly readUncommitted?: boolean;
  readonly maxWaitTimeMs?: number;
  readonly onBatch: (topic: string, partition: number, records: readonly ConsumedRecord[]) => Promise<void>;
  /** Every fetch's end, marker-only fetches included: the next offset to see per partition. */
  readonly onPosition?: (topic: string, partition: number, next: bigint) => void;
}

/** A reader that follows topics as a throwaway group (deleted on stop): watching never moves a real group. */
export interface Follower {
  stop(): Promise<void>;
}

export interface GroupMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** Partitions per topic. */
  readonly assignment: Assignment;
  readonly userData: Buffer;
}

export interface GroupDescription {
  readonly groupId: string;
  readonly state: string;
  readonly members: readonly GroupMember[];
}

export interface TopicDrift {
  readonly topic: string;
  /** e.g. `partitions: want 6, have 3` or `retention.ms: want 604800000, have 86400000`. */
  readonly differences: readonly string[];
}

export interface TopicReport {
  readonly created: readonly string[];
  readonly unchanged: readonly string[];
  readonly drifted: readonly TopicDrift[];
  /** Replication factor actually used, when capped to the broker count. */
  readonly replicationCapped?: { readonly wanted: number; readonly used: number };
}

/** Cluster administration, in plain types. A connected admin; `close` when done. */
export interface ClusterAdmin {
  listTopics(): Promise<string[]>;
  /** Creates missing topics and reports drift of existing ones; never alters an existing topic. */
  applyTopics(definitions: readonly TopicDefinition[]): Promise<TopicReport>;
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>>;
  /** A topic's time retention in ms; undefined when records are kept forever or the topic sets none. */
  retentionMs(topic: string): Promise<number | undefined>;
  /** The largest record batch the topic takes (max.message.bytes, the broker's default when the topic sets none). */
  maxMessageBytes(topic: string): Promise<number>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  /** Per partition, the last stable offset (what read_committed readers reach). */
  endOffsets(topic: string): Promise<Map<number, bigint>>;
  /** Per partition, the high watermark: past every record written, open transactions' included. */
  highWatermarks(topic: string): Promise<Map<number, bigint>>;
  /** Per partition, the first offset still in the log (retention and deletions move it). */
  startOffsets(topic: string): Promise<Map<number, bigint>>;
  /** Offsets of the first record at or after `timestamp` per partition (the end offset where there is none). */
  offsetsForTime(topic: string, timestamp: number): Promise<Map<number, bigint>>;
  /** A group's committed offsets on a topic; partitions without one are absent. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, CommittedOffset>>;
  /** One partition's committed offset (undefined: none); a retriable METADATA_INCOMPLETE if the answer left it out. */
  committedOffsetOf(groupId: string, topic: string, partition: number): Promise<CommittedOffset | undefined>;
  setOffsets(groupId: string, topic: string, offsets: ReadonlyMap<number, bigint>): Promise<void>;
  listGroups(): Promise<string[]>;
  describeGroup(groupId: string): Promise<GroupDescription>;
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** What leadstream needs of a Kafka client. Factories take every tunable, named and defaulted. */
export interface KafkaClient {
  admin(): Promise<ClusterAdmin>;
  producer(): Promise<RecordProducer>;
  transactionalProducer(options: { readonly transactionalId: string }): Promise<TransactionalProducer>;
  groupConsumer(options: GroupConsumerOptions & GroupTuning): Promise<GroupConsumer>;
  readToEnd(options: ReadToEndOptions): Promise<ReadonlyMap<number, bigint>>;
  follow(options: FollowOptions): Promise<Follower>;
}

export interface GroupTuning {
  /** How long the group waits for a silent member (a killed process) before moving its partitions. */
  readonly sessionTimeoutMs?: number;
  readonly rebalanceTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Longest a fetch waits for new records. */
  readonly maxWaitTimeMs?: number;
  readonly maxBytesPerPartition?: number;
}
