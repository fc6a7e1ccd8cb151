import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { classify, StreamsError } from './errors.js';

export interface RetryStartOptions {
  readonly what: string;
  readonly logger: Logger;
  /** How long transient failures may go on (the task timeout): then the last one is the answer. */
  readonly timeoutMs: number;
  /** Stops retrying (a shutdown): the last failure is thrown. */
  readonly signal?: AbortSignal;
  readonly systemTime?: () => number;
}

/**
 * Starts something that needs the cluster, retrying while the failure is transient (a broker restarting, a registry
 * not up yet): a process started while its dependencies are down waits for them, as a Kafka Streams application does,
 * instead of exiting. A failure that retrying cannot mend (bad config, a missing topic) is thrown at once.
 */
export async function retryStart<T>(start: () => Promise<T>, { what, logger, timeoutMs, signal, systemTime = Date.now }: RetryStartOptions): Promise<T> {
  const since = systemTime();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (classify(error) !== 'retriable' || signal?.aborted) throw error;
      if (systemTime() - since >= timeoutMs) {
        throw new StreamsError('TASK_TIMEOUT', `${what} kept failing for ${timeoutMs / 1000} s (task timeout): ${error instanceof Error ? error.message : String(error)}`, false, error);
      }
      const backoffMs = Math.min(10_000, 250 * 2 ** Math.min(attempt - 1, 6));
      logger.warn({ error: error instanceof Error ? error.message : String(error), attempt, backoffMs }, `${what} failed; trying again`);
      await sleep(backoffMs, undefined, signal ? { signal } : {}).catch(() => undefined);
      if (signal?.aborted) throw error;
    }
  }
}
