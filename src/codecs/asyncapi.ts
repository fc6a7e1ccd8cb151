import type { TopicDefinition } from '../../topics/index.js';
import { valueSubject } from '../../topics/index.js';
import { MAX_LEAD_BYTES } from './jsonBody.js';

const AVRO = 'application/vnd.apache.avro;version=1.9.0';

/** JSON Schemas of the JSON topics' payloads (the Avro ones come from schemas/). */
const RAW_LEAD = {
  type: 'object',
  description: `A lead exactly as the marketplace sent it (HTTPS endpoint shape or a CRM-style export), at most ${MAX_LEAD_BYTES} bytes; leadstream keeps the bytes and parses them in the ingest stage (field names in any casing).`,
  properties: {
    LeadSource: { type: 'string', description: '`<Source>-<Action>|<publisherid>.<offerid>`, e.g. `AzureMarketplace-PLT|contoso.analytics`' },
    ActionCode: { type: 'string' },
    OfferTitle: { type: 'string' },
    CreatedTime: { type: 'string' },
    Description: { type: 'string' },
    userDetails: {
      type: 'object',
      properties: Object.fromEntries(['firstName', 'lastName', 'email', 'phone', 'country', 'company', 'title'].map((f) => [f, { type: 'string' }])),
    },
  },
  additionalProperties: true,
};

const DEAD_LETTER = {
  type: 'object',
  required: ['code', 'reason', 'topic', 'partition', 'offset', 'timestamp', 'key', 'value'],
  properties: {
    code: { type: 'string', description: 'BAD_JSON, NOT_AN_OBJECT, MISSING_LEAD_SOURCE, BAD_LEAD_SOURCE, UNKNOWN_ACTION, UNIDENTIFIABLE, BAD_AVRO, OUTPUT_TOO_LARGE, …' },
    reason: { type: 'string' },
    topic: { type: 'string', description: 'where the rejected record was read' },
    partition: { type: 'integer' },
    offset: { type: 'string' },
    timestamp: { type: 'string' },
    key: { type: ['string', 'null'] },
    value: { type: ['string', 'null'], description: 'the rejected record, base64' },
  },
};

const channelId = (topic: string): string => topic.replace(/[^A-Za-z0-9]+/g, '-');

export interface AsyncApiInput {
  readonly version: string;
  readonly topics: readonly TopicDefinition[];
  /** schemas/<name>.avsc as text, per schema name. */
  readonly avroSchema: (name: NonNullable<TopicDefinition['valueSchema']>) => string;
}

/**
 * An AsyncAPI 3.0 document of every topic (address, key, payload schema, Kafka bindings from the topic's
 * definition) and of the receiver's `POST /leads`: made from topics/ and schemas/, so it cannot drift from them.
 */
export function asyncApiDocument({ version, topics, avroSchema }: AsyncApiInput): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const keyed = (t: TopicDefinition) => !t.name.startsWith('leads.raw') && !t.name.startsWith('leads.dlq');
  for (const topic of topics) {
    const id = channelId(topic.name);
    const payload = topic.valueSchema ? { schemaFormat: AVRO, schema: JSON.parse(avroSchema(topic.valueSchema)) as unknown } : topic.name.startsWith('leads.dlq') ? DEAD_LETTER : RAW_LEAD;
    channels[id] = {
      address: topic.name,
      servers: [{ $ref: '#/servers/kafka' }],
      description: topic.description,
      messages: {
        [`${id}-message`]: {
          name: topic.name,
          contentType: topic.valueSchema ? 'application/vnd.apache.avro+binary' : 'application/json',
          ...(topic.valueSchema ? { description: `Confluent wire format: magic byte 0, the schema id registered under subject ${valueSubject(topic)}, Avro binary.` } : {}),
          payload,
          bindings: { kafka: { key: { type: 'string', description: keyed(topic) ? 'customerId (32 hex characters)' : 'anything (ignored)' }, bindingVersion: '0.5.0' } },
        },
        ...Object.fromEntries(
          (topic.otherValueSchemas ?? []).map(({ schema, recordName }) => [
            `${id}-${channelId(recordName)}-message`,
            {
              name: recordName,
              contentType: 'application/vnd.apache.avro+binary',
              description: `Confluent wire format, the schema id registered under subject ${topic.name}-${recordName} (TopicRecordNameStrategy), Avro binary.`,
              payload: { schemaFormat: AVRO, schema: JSON.parse(avroSchema(schema)) as unknown },
              bindings: { kafka: { key: { type: 'string', description: 'customerId (32 hex characters)' }, bindingVersion: '0.5.0' } },
            },
          ]),
        ),
      },
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          replicas: topic.replicationFactor,
          topicConfiguration: {
            ...(topic.config['cleanup.policy'] ? { 'cleanup.policy': topic.config['cleanup.policy'].split(',') } : {}),
            ...(topic.config['retention.ms'] ? { 'retention.ms': Number(topic.config['retention.ms']) } : {}),
            ...(topic.config['max.message.bytes'] ? { 'max.message.bytes': Number(topic.config['max.message.bytes']) } : {}),
          },
          bindingVersion: '0.5.0',
        },
      },
    };
    const reads = ['leads.raw', 'leads.keyed', 'leads.followups', 'customers.erasures'].some((p) => topic.name.startsWith(p));
    operations[`${reads ? 'consume' : 'produce'}-${id}`] = {
      action: reads ? 'receive' : 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: reads ? `a pipeline stage reads ${topic.name} (read_committed)` : `the pipeline writes ${topic.name} in its transactions`,
    };
  }
  channels['receiver-leads'] = {
    address: '/leads',
    servers: [{ $ref: '#/servers/receiver' }],
    description: "leadstream serve: the marketplace's HTTPS endpoint. One lead JSON or an array; ?code=<secret> or Authorization: Bearer <secret>. 202 once Kafka acknowledged; 503 with Retry-After while it is away; 401, 413, 415, 400 with a JSON error body.",
    messages: { 'receiver-lead': { name: 'lead', contentType: 'application/json', payload: RAW_LEAD, bindings: { http: { bindingVersion: '0.3.0' } } } },
  };
  operations['receive-lead'] = {
    action: 'receive',
    channel: { $ref: '#/channels/receiver-leads' },
    summary: 'POST /leads: each lead is appended byte for byte to leads.raw.v1',
    bindings: { http: { method: 'POST', bindingVersion: '0.3.0' } },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'leadstream',
      version,
      description: 'Microsoft commercial-marketplace leads in, a de-duplicated per-customer funnel out, exactly once on Kafka.',
    },
    servers: {
      kafka: { host: 'localhost:9092', protocol: 'kafka', description: 'KAFKA_BROKERS' },
      receiver: { host: 'localhost:8080', protocol: 'https', description: 'leadstream serve' },
    },
    channels,
    operations,
  };
}
