/** The Avro records of schemas/*.avsc, registered under `<topic>-value` (TopicNameStrategy). */
export const SCHEMA_NAMES = ['lead.v1', 'funnel-progressed.v1', 'customer-view.v1', 'follow-up.v1', 'funnel-alert.v1', 'pending-followups.v1', 'erasure-request.v1', 'customer-forgotten.v1', 'erased-customer.v1'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** A topic as code: `leadstream topics apply` creates it or reports drift from it. */
export interface TopicDefinition {
  readonly name: string;
  readonly description: string;
  readonly partitions: number;
  /** Wanted replication; capped to the cluster's broker count (1 on the embedded stack), with a log line. */
  readonly replicationFactor: number;
  /** Topic configs that `apply` sets on creation and checks for drift (cleanup.policy, retention.ms, ...). */
  readonly config: Readonly<Record<string, string>>;
  /** Avro value schema, registered under `<name>-value`; absent for raw bytes and JSON topics. */
  readonly valueSchema?: SchemaName;
  /** Further record types on the topic, each under `<name>-<full record name>` (TopicRecordNameStrategy). */
  readonly otherValueSchemas?: readonly { readonly schema: SchemaName; readonly recordName: string }[];
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export const valueSubject = (topic: TopicDefinition): string => `${topic.name}-value`;
