import avro from 'avsc';
import { SCHEMA_NAMES, type SchemaName } from '../../topics/index.js';
import { CodecError } from './avroMappers.js';
import type { Registry } from './registry.js';
import { schemaType } from './schemaFiles.js';

/** Where schema ids come from and where a record's writer schema is found: the registry, or (offline) our files. */
export interface SchemaSource {
  /** Registers `schema` under `subject` (BACKWARD) and answers its id. */
  register(subject: string, schema: SchemaName): Promise<number>;
  /** The writer schema of an id found in a record. */
  writerType(id: number): Promise<avro.Type>;
}

/** The registry, with writer schemas cached by id (a record names its schema id; ids never change meaning). */
export function registrySchemas(registry: Registry): SchemaSource {
  const writers = new Map<number, Promise<avro.Type>>();
  return {
    register: (subject, schema) => registry.register(subject, schema),
    writerType(id) {
      let type = writers.get(id);
      if (!type) {
        type = registry.schemaById(id).then((text) => avro.Type.forSchema(JSON.parse(text) as avro.Schema));
        // A failed lookup (registry down) is not cached: the next record asks again.
        type.catch(() => writers.delete(id));
        writers.set(id, type);
      }
      return type;
    },
  };
}

/** Offline: no registry; schema id i+1 is SCHEMA_NAMES[i], whatever the subject. */
export function localSchemas(): SchemaSource {
  return {
    register: async (_subject, schema) => SCHEMA_NAMES.indexOf(schema) + 1,
    async writerType(id) {
      const name = SCHEMA_NAMES[id - 1];
      if (!name) throw new CodecError(`no local schema with id ${id}`);
      return schemaType(name);
    },
  };
}

/**
 * Decodes the Confluent wire format (magic 0, 4-byte schema id, Avro body) into the reader schema `reader`,
 * resolving from the writer schema the record names. Synchronous once the id's resolver is cached.
 */
export function avroDecoder(reader: SchemaName, schemas: SchemaSource): (bytes: Buffer) => unknown {
  const readerType = schemaType(reader);
  const resolvers = new Map<number, avro.Type | avro.Resolver>();
  const decode = (resolver: avro.Type | avro.Resolver, body: Buffer): unknown => {
    try {
      return resolver === readerType ? readerType.fromBuffer(body) : readerType.fromBuffer(body, resolver as avro.Resolver);
    } catch (error) {
      throw new CodecError(`not a ${reader} record: ${(error as Error).message}`);
    }
  };
  return (bytes) => {
    if (bytes.length < 5 || bytes[0] !== 0) throw new CodecError('not in the Confluent wire format (magic byte 0 and a schema id)');
    const id = bytes.readInt32BE(1);
    const body = bytes.subarray(5);
    const cached = resolvers.get(id);
    if (cached) return decode(cached, body);
    return schemas.writerType(id).then((writer) => {
      const resolver = writer.equals(readerType) ? readerType : readerType.createResolver(writer);
      resolvers.set(id, resolver);
      return decode(resolver, body);
    });
  };
}

/** Decodes the Confluent wire format with the writer's own schema (a topic with more than one record type). */
export function writerDecoder(schemas: SchemaSource): (bytes: Buffer) => Promise<unknown> {
  return async (bytes) => {
    if (bytes.length < 5 || bytes[0] !== 0) throw new CodecError('not in the Confluent wire format (magic byte 0 and a schema id)');
    return (await schemas.writerType(bytes.readInt32BE(1))).fromBuffer(bytes.subarray(5)) as unknown;
  };
}
