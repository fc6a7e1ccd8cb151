import type { OfferMap } from '../domain/offerMap.js';
import { aggregateProcessor, AGGREGATE_OUTPUTS, CUSTOMERS_STORE } from '../processors/aggregate.js';
import { ingestProcessor, INGEST_OUTPUTS } from '../processors/ingest.js';
import { bytesSerde, stringSerde } from '../runtime/serde.js';
import { topology, type Topology } from '../runtime/topology.js';
import type { LeadSerdes } from './serdes.js';
import type { TopicNames } from './topicNames.js';

export type StageName = 'ingest' | 'aggregate';

/**
 * design.md's picture as one declaration. ingest: raw bytes → parse → keyed Avro Lead or DLQ. aggregate: keyed
 * leads → per-customer state (store `customers`, changelog = the public customers table) → progressions; keyed
 * records that do not decode → DLQ as BAD_AVRO.
 */
export function leadTopology(topics: TopicNames, serdes: LeadSerdes, offerMap?: OfferMap): Topology {
  return topology()
    .stage('ingest', (s) =>
      s
        .source('raw', { topic: topics.raw, key: bytesSerde, value: bytesSerde, deadLetters: INGEST_OUTPUTS.dlq })
        .processor('ingest', () => ingestProcessor(offerMap), { parents: ['raw'] })
        .sink(INGEST_OUTPUTS.keyed, { topic: topics.keyed, key: stringSerde, value: serdes.lead, parents: ['ingest'] })
        .sink(INGEST_OUTPUTS.dlq, { topic: topics.dlq, key: stringSerde, value: serdes.deadLetter, parents: ['ingest'] }),
    )
    .stage('aggregate', (s) =>
      s
        .source('keyed', { topic: topics.keyed, key: stringSerde, value: serdes.lead, deadLetters: 'dlq' })
        .store(CUSTOMERS_STORE, { changelog: topics.customers, key: stringSerde, value: serdes.customer })
        .processor('aggregate', aggregateProcessor, { parents: ['keyed'], stores: [CUSTOMERS_STORE] })
        .sink(AGGREGATE_OUTPUTS.progression, { topic: topics.progression, key: stringSerde, value: serdes.progression, parents: ['aggregate'] })
        .sink('dlq', { topic: topics.dlq, key: stringSerde, value: serdes.deadLetter, parents: [] }),
    )
    .build();
}
