import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { retryStart } from '../../src/runtime/retryStart.js';

const logger = pino({ level: 'silent' });
const transient = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { retriable: true });

describe('retryStart: a process started while its cluster is down waits for it', () => {
  it('tries again on a transient failure and answers what the start answered once it succeeds', async () => {
    let attempts = 0;
    const started = await retryStart(async () => {
      attempts += 1;
      if (attempts < 3) throw transient;
      return 'running';
    }, { what: 'starting', logger, timeoutMs: 60_000 });
    expect([started, attempts]).toEqual(['running', 3]);
  });

  it('throws a failure retrying cannot mend at once, and a transient one after the timeout as TASK_TIMEOUT', async () => {
    let attempts = 0;
    const fatal = new Error('topic leads.raw.v1 does not exist');
    const start = async (): Promise<never> => {
      attempts += 1;
      throw fatal;
    };
    await expect(retryStart(start, { what: 'starting', logger, timeoutMs: 60_000 })).rejects.toBe(fatal);
    expect(attempts).toBe(1);
    let now = 0;
    await expect(
      retryStart(async () => {
        now += 30_000;
        throw transient;
      }, { what: 'starting the pipeline', logger, timeoutMs: 60_000, systemTime: () => now }),
    ).rejects.toMatchObject({ code: 'TASK_TIMEOUT', message: 'starting the pipeline kept failing for 60 s (task timeout): connect ECONNREFUSED 127.0.0.1:9092' });
  });

  it('stops trying when shut down, with the last failure', async () => {
    const shutdown = new AbortController();
    const pending = retryStart(async () => {
      setTimeout(() => shutdown.abort(), 10);
      throw transient;
    }, { what: 'starting', logger, timeoutMs: 60_000, signal: shutdown.signal });
    await expect(pending).rejects.toBe(transient);
  });
});
