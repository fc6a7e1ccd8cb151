import type { Logger } from 'pino';
import type { ProducedRecord, RecordProducer } from '../kafka/types.js';

/** Kafka did not acknowledge in time (or refused): the caller answers 503, never a 2xx. */
export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
  readonly code = 'KAFKA_UNAVAILABLE';
}

export interface GroupCommitOptions {
  /** A new idempotent, acks=all producer. */
  readonly connect: () => Promise<RecordProducer>;
  /** How long an append may wait for the broker's acknowledgement. */
  readonly sendTimeoutMs?: number;
  readonly logger: Logger;
}

export interface GroupCommit {
  /** Resolves once the broker acknowledged every record (acks=all); rejects with KafkaUnavailableError otherwise. */
  append(records: readonly ProducedRecord[]): Promise<void>;
  /** The last connect or send succeeded. */
  readonly ready: () => boolean;
  /** Connects now (for readiness), instead of at the first append. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new KafkaUnavailableError(`${what}: no answer from Kafka within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Appends from many requests in one send (group commit): while a send is in flight, arriving records wait and go
 * together in the next one, so concurrent requests cost one round trip each batch, not each request.
 * After a failed send the producer is replaced: an idempotent producer whose request may have been written would
 * reuse those sequence numbers for the next records, and the broker would drop them as duplicates.
 */
export function groupCommit({ connect, sendTimeoutMs = 5_000, logger }: GroupCommitOptions): GroupCommit {
  let producer: Promise<RecordProducer> | undefined;
  let queue: { records: readonly ProducedRecord[]; resolve: () => void; reject: (error: Error) => void }[] = [];
  let sending = false;
  let healthy = false;
  let closed = false;

  const current = (): Promise<RecordProducer> => {
    if (!producer) {
      const connecting = connect();
      connecting.catch(() => undefined);
      producer = connecting;
    }
    return withTimeout(producer, sendTimeoutMs, 'connecting');
  };

  const discard = () => {
    const broken = producer;
    producer = undefined;
    void broken?.then((p) => p.close()).catch(() => undefined);
  };

  const flush = async (): Promise<void> => {
    if (sending || queue.length === 0) return;
    sending = true;
    const batch = queue;
    queue = [];
    try {
      const p = await current();
      await withTimeout(
        p.send(batch.flatMap((b) => b.records)),
        sendTimeoutMs,
        'sending',
      );
      healthy = true;
      for (const b of batch) b.resolve();
    } catch (error) {
      if (healthy) logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'Kafka unavailable: answering 503 until it returns');
      healthy = false;
      discard();
      const unavailable = error instanceof KafkaUnavailableError ? error : new KafkaUnavailableError(error instanceof Error ? error.message : String(error));
      for (const b of batch) b.reject(unavailable);
    } finally {
      sending = false;
      void flush();
    }
  };

  return {
    append(records) {
      if (closed) return Promise.reject(new KafkaUnavailableError('shutting down'));
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject });
        void flush();
      });
    },
    ready: () => healthy,
    async start() {
      try {
        await current();
        healthy = true;
      } catch (error) {
        discard();
        throw error;
      }
    },
    async close() {
      closed = true;
      const p = producer;
      producer = undefined;
      await p?.then((x) => x.close()).catch(() => undefined);
    },
  };
}
