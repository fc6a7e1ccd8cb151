import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { probeKafka } from '../../src/kafka/readiness.js';
import { startLocalStack, type LocalStack } from '../../src/local/stack.js';
import { loggedUrl, runCli, startCli } from '../support/cli.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';
import { createTopology } from '../support/pipeline.js';

const SECRET = 'e2e-receiver-secret-0123456789';
const lead = (i: number) => `{"LeadSource":"AzurePortal-Create|contoso.analytics","userDetails":{"email":"p${i}@example.com"},"CreatedTime":"2026-11-30T10:00:00Z"}`;

// Its own stack, so freezing its broker leaves the shared one alone.
describe('leadstream serve', () => {
  let stack: LocalStack | undefined;
  afterAll(async () => {
    if (stack) process.kill(-stack.processGroups.kafka, 'SIGCONT');
    await stack?.stop();
  });

  it('answers 503 with Retry-After while Kafka is frozen, 202 again once it is back; every 202 lead is stored exactly once', async () => {
    stack = await startLocalStack({ probeKafka: (bootstrap) => probeKafka(bootstrap, testLogger) });
    const env = { KAFKA_BROKERS: stack.kafkaBrokers, SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl, LEADSTREAM_RECEIVER_SECRET: `old-secret-abcdefghij,${SECRET}` };
    const context = testContext({ ...process.env, ...env });
    const suffix = uniqueName('serve');
    const topic = (await createTopology(context, 3, 3, suffix)).raw;
    const serve = startCli(['serve', '--port', '0', '--topics-suffix', suffix, '--send-timeout', '2000'], { ...env, LEADSTREAM_LOG_LEVEL: 'debug' });
    let serveLog = '';
    serve.stderr?.on('data', (chunk: Buffer) => void (serveLog += chunk.toString()));
    const base = await loggedUrl(serve, 'address');
    const post = (i: number) => fetch(`${base}/leads?code=${SECRET}`, { method: 'POST', body: lead(i), headers: { 'content-type': 'application/json' } });
    const accepted: number[] = [];
    const refused: number[] = [];
    let next = 0;
    try {
      for (let i = 0; i < 20; i += 1) {
        const n = next++;
        expect((await post(n)).status).toBe(202);
        accepted.push(n);
      }
      process.kill(-stack.processGroups.kafka, 'SIGSTOP');
      try {
        const n = next++;
        const during = await post(n);
        expect(during.status).toBe(503);
        expect(during.headers.get('retry-after')).toBe('5');
        expect(await during.json()).toMatchObject({ error: 'KAFKA_UNAVAILABLE' });
        refused.push(n);
        expect((await fetch(`${base}/readyz`)).status).toBe(503);
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
      } finally {
        process.kill(-stack.processGroups.kafka, 'SIGCONT');
      }
      // Back: the sender's retries succeed again (a fresh producer; the one whose send timed out is gone).
      const deadline = Date.now() + 60_000;
      for (;;) {
        const n = next++;
        const status = (await post(n)).status;
        if (status === 202) {
          accepted.push(n);
          break;
        }
        expect(status).toBe(503);
        refused.push(n);
        if (Date.now() > deadline) throw new Error('serve never recovered after Kafka came back');
        await delay(500);
      }
      for (let i = 0; i < 20; i += 1) {
        const n = next++;
        expect((await post(n)).status).toBe(202);
        accepted.push(n);
      }
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      serve.kill('SIGTERM');
      if (serve.exitCode === null) await once(serve, 'exit');
    }
    expect(serve.exitCode).toBe(0);
    // Debug logs of a run with 503s and recovery: the secret travelled in every URL and shows up nowhere.
    expect(serveLog).toContain('receiving leads');
    expect(serveLog).not.toContain(SECRET);

    const stored = new Map<string, number>();
    await context.kafka.readToEnd({ topic, onBatch: async (_p, records) => void records.forEach((r) => stored.set(r.value!.toString(), (stored.get(r.value!.toString()) ?? 0) + 1)) });
    expect(accepted.filter((n) => stored.get(lead(n)) !== 1)).toEqual([]);
    // A 503 lead is the sender's to resend: written at most once (when the broker answered too late), never twice.
    expect(refused.filter((n) => (stored.get(lead(n)) ?? 0) > 1)).toEqual([]);
  });

  it('refuses to start without a receiver secret, in one line that names the variable', async () => {
    const result = await runCli(['serve', '--port', '0'], { LEADSTREAM_RECEIVER_SECRET: undefined });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^leadstream: LEADSTREAM_RECEIVER_SECRET: must be set/)]);
  });
});
