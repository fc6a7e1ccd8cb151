import type { Logger } from 'pino';
import type { Registry } from '../codecs/registry.js';
import type { KafkaClient } from '../kafka/types.js';
import { suffixedTopics, type TopicNames } from '../pipeline/topicNames.js';
import { customerErasures, leadsRaw } from '../../topics/index.js';

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

export interface BackfillTarget {
  readonly kafka: KafkaClient;
  readonly registry: Registry;
  readonly logger: Logger;
  /** The live app id: the backfill runs as `<appId>-backfill-<name>`. */
  readonly appId: string;
  readonly name: string;
  readonly rawTopic?: string;
}

/** The topology of a backfill: the live raw topic in, side topics `<name>.<suffix>` out. Never a live output. */
export const backfillTopics = (name: string, rawTopic = leadsRaw.name): TopicNames => ({ ...suffixedTopics(name), raw: rawTopic });
/**
 * The erasures a backfill honours: every one ever asked for, on the live topic beside its raw topic (a raw topic
 * `leads.raw.v1.<suffix>` has its erasures in `customers.erasures.v1.<suffix>`), never the side copy.
 */
export const honouredErasuresTopic = (rawTopic = leadsRaw.name): string =>
  rawTopic.startsWith(leadsRaw.name) ? `${customerErasures.name}${rawTopic.slice(leadsRaw.name.length)}` : customerErasures.name;
export const backfillAppId = (appId: string, name: string): string => `${appId}-backfill-${name}`;
