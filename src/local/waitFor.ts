import { setTimeout as delay } from 'node:timers/promises';
import type { JvmProcess } from './jvmProcess.js';
import { LocalStackError } from './localStackError.js';

/**
 * Polls `probe` until it resolves, failing fast if the process exits first. Polling is the only way to
 * learn that a server answers; the interval is short and the deadline generous (cold JVMs on 2 cores).
 */
export async function waitUntilReady(
  process: JvmProcess,
  probe: () => Promise<void>,
  what: string,
  logFile: string,
  timeoutMs = 180_000,
): Promise<void> {
  let exitCode: number | null | undefined;
  void process.exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    if (exitCode !== undefined) throw new LocalStackError('PROCESS_EXITED', `${what} exited with code ${exitCode} while starting`, logFile);
    try {
      await probe();
      return;
    } catch (error: unknown) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new LocalStackError('NOT_READY', `${what} did not become ready in ${timeoutMs / 1000} s: ${lastError}`, logFile);
    await delay(250);
  }
}

export async function httpOk(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}
