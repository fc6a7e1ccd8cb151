/** Serdes of the topology's sources, sinks and stores. A deserializer may answer a promise (a registry lookup). */
export interface Serializer<T> {
  serialize(value: T, topic: string): Buffer | string | null;
}

export interface Deserializer<T> {
  deserialize(bytes: Buffer | null, topic: string): T | Promise<T>;
  /**
   * For a deserializer that may answer a promise: undefined when `deserialize` of these bytes (and of any with the
   * same writer) is synchronous now, else a promise that settles once it is. Stores keep values as bytes and read
   * them back inline; without `warm`, a store's value deserializer must always answer synchronously.
   */
  warm?(bytes: Buffer): Promise<void> | undefined;
}

export type Serde<T> = Serializer<T> & Deserializer<T>;

/** Bytes as they are (raw leads). */
export const bytesSerde: Serde<Buffer | null> = {
  serialize: (value) => value,
  deserialize: (bytes) => bytes,
};

/** UTF-8 strings; null stays null (a key-less record). */
export const stringSerde: Serde<string | null> = {
  serialize: (value) => value,
  deserialize: (bytes) => (bytes === null ? null : bytes.toString('utf8')),
};

/** Whether a deserializer answered a promise (a registry lookup) rather than the value. */
export const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/** A deserialization failure that retrying cannot mend: the record goes to the source's dead letters. */
export class UndecodableError extends Error {
  override readonly name = 'UndecodableError';
  readonly code = 'UNDECODABLE';
  constructor(
    readonly deadLetterCode: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
