import type { SchemaName } from '../../topics/index.js';
import { schemaType } from './schemaFiles.js';

/**
 * Encodes with a registered schema id locally (Confluent wire format: magic 0, 4-byte id, Avro body): the id is
 * looked up once at start, so the hot path makes no registry call. Decoding goes through the registry, which
 * resolves whatever schema id a record names.
 */
export function avroEncoder(schema: SchemaName, schemaId: number): (record: unknown) => Buffer {
  const type = schemaType(schema);
  return (record) => {
    // One pass into a shared scratch buffer, header included, then one copy out: avsc's toBuffer zero-fills a buffer
    // of the body's size and the header took a Buffer.concat on top (5% of `leadstream process`'s CPU in a profile).
    let end = type.encode(record, scratch, HEADER_BYTES);
    if (end < 0) {
      scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, scratch.length - end));
      end = type.encode(record, scratch, HEADER_BYTES);
    }
    const out = Buffer.allocUnsafe(end);
    out[0] = 0;
    out.writeInt32BE(schemaId, 1);
    scratch.copy(out, HEADER_BYTES, HEADER_BYTES, end);
    return out;
  };
}

const HEADER_BYTES = 5;
let scratch = Buffer.allocUnsafe(64 * 1024);
