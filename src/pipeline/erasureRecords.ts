import { erasureToAvro } from '../codecs/avroMappers.js';
import type { Registry } from '../codecs/registry.js';
import { avroEncoder } from '../codecs/wireFormat.js';
import type { ErasureRequested } from '../domain/events.js';
import type { ProducedRecord } from '../kafka/types.js';

/**
 * Erasure requests as records of the erasures topic: Avro under its subject, key customerId (the producer's
 * partitioner puts a request with the customer's leads, for the aggregate task that holds their state).
 */
export async function erasureRecords(registry: Registry, topic: string): Promise<(request: ErasureRequested) => ProducedRecord> {
  const encode = avroEncoder('erasure-request.v1', await registry.register(`${topic}-value`, 'erasure-request.v1'));
  return (request) => ({ topic, key: Buffer.from(request.customerId, 'utf8'), value: encode(erasureToAvro(request)), timestamp: request.requestedAt });
}
