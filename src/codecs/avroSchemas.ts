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
export interface AvroDecoder {
  (bytes: Buffer): unknown;
  /** Undefined when bytes of this writer decode synchronously now; else a promise that settles once they do. */
  warm(bytes: Buffer): Promise<void> | undefined;
  /**
   * A decoder into `reader`, a projection of this decoder's reader schema (fewer fields: avsc skips the rest without
   * building them). Synchronous: it knows the writers this decoder has warmed, and throws for any other.
   */
  project(reader: avro.Type): (bytes: Buffer) => unknown;
}

export function avroDecoder(reader: SchemaName, schemas: SchemaSource): AvroDecoder {
  const readerType = schemaType(reader);
  const resolvers = new Map<number, avro.Type | avro.Resolver>();
  const writers = new Map<number, avro.Type>();
  const decodeAs = (type: avro.Type, resolver: avro.Type | avro.Resolver, body: Buffer): unknown => {
    try {
      return resolver === type ? type.fromBuffer(body) : type.fromBuffer(body, resolver as avro.Resolver);
    } catch (error) {
      throw new CodecError(`not a ${reader} record: ${(error as Error).message}`);
    }
  };
  const decode = (resolver: avro.Type | avro.Resolver, body: Buffer): unknown => decodeAs(readerType, resolver, body);
  const idOf = (bytes: Buffer): number => {
    if (bytes.length < 5 || bytes[0] !== 0) throw new CodecError('not in the Confluent wire format (magic byte 0 and a schema id)');
    return bytes.readInt32BE(1);
  };
  // One lookup per id at a time: a commit flushes thousands of values of one new writer before its answer comes.
  const looking = new Map<number, Promise<avro.Type | avro.Resolver>>();
  const resolverOf = (id: number): Promise<avro.Type | avro.Resolver> => {
    let lookup = looking.get(id);
    if (!lookup) {
      lookup = schemas.writerType(id).then((writer) => {
        const resolver = writer.equals(readerType) ? readerType : readerType.createResolver(writer);
        writers.set(id, writer);
        resolvers.set(id, resolver);
        return resolver;
      });
      const settled = () => void looking.delete(id);
      lookup.then(settled, settled);
      looking.set(id, lookup);
    }
    return lookup;
  };
  const decoder = (bytes: Buffer): unknown => {
    const id = idOf(bytes);
    const body = bytes.subarray(5);
    const cached = resolvers.get(id);
    if (cached) return decode(cached, body);
    return resolverOf(id).then((resolver) => decode(resolver, body));
  };
  decoder.warm = (bytes: Buffer): Promise<void> | undefined => {
    const id = idOf(bytes);
    return resolvers.has(id) ? undefined : resolverOf(id).then(() => undefined);
  };
  decoder.project = (projected: avro.Type) => {
    const projections = new Map<number, avro.Resolver>();
    return (bytes: Buffer): unknown => {
      const id = idOf(bytes);
      let resolver = projections.get(id);
      if (!resolver) {
        const writer = writers.get(id);
        if (!writer) throw new CodecError(`schema id ${id} of a ${reader} record is not known yet (warm it first)`);
        projections.set(id, (resolver = projected.createResolver(writer)));
      }
      return decodeAs(projected, resolver, bytes.subarray(5));
    };
  };
  return decoder;
}

/** Decodes the Confluent wire format with the writer's own schema (a topic with more than one record type). */
export function writerDecoder(schemas: SchemaSource): (bytes: Buffer) => Promise<unknown> {
  return async (bytes) => {
    if (bytes.length < 5 || bytes[0] !== 0) throw new CodecError('not in the Confluent wire format (magic byte 0 and a schema id)');
    return (await schemas.writerType(bytes.readInt32BE(1))).fromBuffer(bytes.subarray(5)) as unknown;
  };
}
