import type { OfferMap } from '../domain/offerMap.js';
import { aggregateProcessor, type AggregateOptions, AGGREGATE_OUTPUTS, CUSTOMERS_STORE, ERASED_STORE, PENDING_FOLLOW_UPS_STORE } from '../processors/aggregate.js';
import { ERASURES_STORE, ingestProcessor, INGEST_OUTPUTS } from '../processors/ingest.js';
import { bytesSerde, stringSerde } from '../runtime/serde.js';
import { topology, type Topology } from '../runtime/topology.js';
import type { LeadSerdes } from './serdes.js';
import type { TopicNames } from './topicNames.js';

export type StageName = 'ingest' | 'aggregate';

export interface LeadTopologyOptions {
  readonly offerMap?: OfferMap;
  /** The alert rules (stall window) and whether the wall clock may raise alerts; docs/alerts.md's defaults otherwise. */
  readonly alerts?: AggregateOptions;
  /**
   * The erasures topic ingest honours (default: topics.erasures). A backfill writes to side topics but must honour
   * every erasure ever asked for: it passes the live topic.
   */
  readonly erasuresTopic?: string;
}

/**
 * design.md's picture as one declaration. ingest: raw bytes → parse → keyed Avro Lead or DLQ (ERASED for a forgotten
 * customer: the global store of erasure requests). aggregate: keyed leads, recorded follow-ups and erasure requests
 * → per-customer state (store `customers`, changelog = the public customers table;
 * follow-ups waiting for their lead in `pending-followups`) → progressions and alerts; keyed records that do not
 * decode → DLQ as BAD_AVRO.
 */
export function leadTopology(topics: TopicNames, serdes: LeadSerdes, { offerMap, alerts, erasuresTopic = topics.erasures }: LeadTopologyOptions = {}): Topology {
  return topology()
    .globalStore(ERASURES_STORE, { topic: erasuresTopic, key: stringSerde, value: serdes.erasure })
    .stage('ingest', (s) =>
      s
        .source('raw', { topic: topics.raw, key: bytesSerde, value: bytesSerde, deadLetters: INGEST_OUTPUTS.dlq })
        .processor('ingest', () => ingestProcessor(offerMap), { parents: ['raw'], stores: [ERASURES_STORE] })
        .sink(INGEST_OUTPUTS.keyed, { topic: topics.keyed, key: stringSerde, value: serdes.lead, parents: ['ingest'] })
        .sink(INGEST_OUTPUTS.dlq, { topic: topics.dlq, key: stringSerde, value: serdes.deadLetter, parents: ['ingest'] }),
    )
    .stage('aggregate', (s) =>
      s
        .source('keyed', { topic: topics.keyed, key: stringSerde, value: serdes.lead, deadLetters: 'dlq' })
        .source('followups', { topic: topics.followUps, key: stringSerde, value: serdes.followUp, deadLetters: 'dlq' })
        .source('erasures', { topic: topics.erasures, key: stringSerde, value: serdes.erasure, deadLetters: 'dlq' })
        .store(CUSTOMERS_STORE, { changelog: topics.customers, key: stringSerde, value: serdes.customer })
        .store(PENDING_FOLLOW_UPS_STORE, { changelog: topics.pendingFollowUps, key: stringSerde, value: serdes.pendingFollowUps })
        .store(ERASED_STORE, { changelog: topics.erased, key: stringSerde, value: serdes.erased })
        .processor('aggregate', () => aggregateProcessor({ alertView: serdes.customerAlertView, ...alerts }), { parents: ['keyed', 'followups', 'erasures'], stores: [CUSTOMERS_STORE, PENDING_FOLLOW_UPS_STORE, ERASED_STORE] })
        .sink(AGGREGATE_OUTPUTS.progression, { topic: topics.progression, key: stringSerde, value: serdes.progression, parents: ['aggregate'] })
        .sink(AGGREGATE_OUTPUTS.alerts, { topic: topics.alerts, key: stringSerde, value: serdes.alert, parents: ['aggregate'] })
        .sink(AGGREGATE_OUTPUTS.dlq, { topic: topics.dlq, key: stringSerde, value: serdes.deadLetter, parents: ['aggregate'] }),
    )
    .build();
}
