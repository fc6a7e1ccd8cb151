import type { SchemaName } from '../../topics/index.js';
import { schemaType } from './schemaFiles.js';

/**
 * Encodes with a registered schema id locally (Confluent wire format: magic 0, 4-byte id, Avro body): the id is
 * looked up once at start, so the hot path makes no registry call. Decoding goes through the registry, which
 * resolves whatever schema id a record names.
 */
export function avroEncoder(schema: SchemaName, schemaId: number): (record: unknown) => Buffer {
  const type = schemaType(schema);
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeInt32BE(schemaId, 1);
  return (record) => Buffer.concat([header, type.toBuffer(record)]);
}
