import { followUpToAvro } from '../codecs/avroMappers.js';
import type { Registry } from '../codecs/registry.js';
import { avroEncoder } from '../codecs/wireFormat.js';
import type { FollowUpRecorded } from '../domain/events.js';
import type { ProducedRecord } from '../kafka/types.js';

/**
 * Follow-ups as records of the follow-ups topic: Avro under its subject, key customerId (so the producer's
 * partitioner puts them with the customer's leads), stamped with the time they happened (stream time is record time).
 */
export async function followUpRecords(registry: Registry, topic: string): Promise<(followUp: FollowUpRecorded) => ProducedRecord> {
  const encode = avroEncoder('follow-up.v1', await registry.register(`${topic}-value`, 'follow-up.v1'));
  return (followUp) => ({ topic, key: Buffer.from(followUp.customerId, 'utf8'), value: encode(followUpToAvro(followUp)), timestamp: followUp.at });
}
