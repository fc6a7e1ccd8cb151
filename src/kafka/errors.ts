/**
 * A Kafka client failure in our terms: a `code` (the broker's error name when there is one), whether a retry
 * may succeed, and the client's own error as `cause`. Callers decide by these properties, never by messages.
 */
export class KafkaClientError extends Error {
  override readonly name = 'KafkaClientError';
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const FENCED = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH']);

/**
 * kafkajs marks these final once its own short retry budget is spent, but they are what a broker restart or a
 * coordinator moving looks like (found: a broker restarted under a commit ended the stage with "Failed to find
 * group coordinator"). For us they are transient: the task retries them within its task timeout.
 */
const TRANSIENT = new Set(['KafkaJSGroupCoordinatorNotFound', 'KafkaJSTimeout', 'KafkaJSLockTimeout']);

interface ClientErrorShape {
  readonly type?: unknown;
  readonly code?: unknown;
  readonly retriable?: unknown;
  readonly cause?: unknown;
  readonly originalError?: unknown;
  readonly name?: unknown;
}

/** The error and its causes, outermost first (kafkajs wraps retried failures in `originalError`). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < 10; ) {
    chain.push(e);
    const shape = e as ClientErrorShape;
    e = shape.cause ?? shape.originalError;
  }
  return chain;
}

const codeOf = (e: unknown): string | undefined => {
  const { type, code } = e as ClientErrorShape;
  return typeof type === 'string' ? type : typeof code === 'string' ? code : undefined;
};

/** Fencing (another producer took our transactional id) anywhere in the cause chain; not authorization failures. */
export const isFenced = (error: unknown): boolean => causeChain(error).some((e) => FENCED.has(codeOf(e) ?? ''));

/** Wraps whatever a client threw; keeps an already wrapped error as it is. */
export function toClientError(error: unknown, what: string): KafkaClientError {
  if (error instanceof KafkaClientError) return error;
  const chain = causeChain(error);
  const code = chain.map(codeOf).find((c) => c !== undefined && /^[A-Z_]+$/.test(c)) ?? 'KAFKA_ERROR';
  const retriable = chain.some((e) => (e as ClientErrorShape).retriable === true || TRANSIENT.has(String((e as ClientErrorShape).name))) && !isFenced(error);
  const message = error instanceof Error ? error.message : String(error);
  return new KafkaClientError(isFenced(error) ? 'FENCED' : code, `${what}: ${message}`, retriable, error);
}

/**
 * A commit (EndTxn) the coordinator failed on its own leaves the transaction's outcome to the coordinator: found with
 * Kafka 4.3.1, a commit racing the next owner's InitProducerId ("Preparing transaction state transition to ONGOING
 * while it already a pending state PREPARE_EPOCH_FENCE", answered UNKNOWN_SERVER_ERROR). The task's next start fences,
 * settles and reads the committed offsets, whichever way it went: transient for us, not the stage's end.
 */
export function commitError(error: unknown, what: string): KafkaClientError {
  const wrapped = toClientError(error, what);
  if (wrapped.code !== 'UNKNOWN_SERVER_ERROR' || wrapped.retriable) return wrapped;
  return new KafkaClientError(wrapped.code, wrapped.message, true, error);
}

/** The client's metadata does not list a partition (yet): a broker restarting; asking again later helps. */
export const incompleteMetadata = (topic: string, partition: number): KafkaClientError =>
  new KafkaClientError('METADATA_INCOMPLETE', `the client's metadata does not list partition ${partition} of ${topic} yet`, true);

/** A partition's entry in a per-partition answer; its absence is incomplete metadata, never a zero. */
export function partitionEntry<T>(answer: ReadonlyMap<number, T>, topic: string, partition: number): T {
  const entry = answer.get(partition);
  if (entry === undefined) throw incompleteMetadata(topic, partition);
  return entry;
}
