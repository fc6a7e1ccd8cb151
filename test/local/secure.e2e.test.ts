import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { runCli, startCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, offlineResult, readCustomers, readProgressions, recentEnvelopes, waitCaughtUp } from '../support/pipeline.js';

/** Resolves with the environment `dev --print-env` prints, once its last line is out. */
function printedEnv(child: ReturnType<typeof startCli>): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/^KAFKA_SASL_PASSWORD=.+$/m.test(stdout)) resolve(Object.fromEntries(stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
    });
    child.once('exit', (code) => reject(new Error(`leadstream dev --secure exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
  });
}

// Its own stack: SASL_SSL only, a CA made for it, SCRAM-SHA-512 users; what `leadstream dev --secure` prints is all a client needs.
describe('leadstream dev --secure', () => {
  it('runs the pipeline over SASL_SSL with the printed environment; a wrong password is one line naming authentication, without the secret', async () => {
    const dev = startCli(['dev', '--secure', '--print-env'], { LEADSTREAM_LOG_LEVEL: 'warn', KAFKA_BROKERS: undefined, SCHEMA_REGISTRY_URL: undefined });
    try {
      const env = await printedEnv(dev);
      expect(env).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'leadstream' });
      expect(env['KAFKA_SSL_CA_FILE']).toMatch(/ca\.pem$/);

      // A plaintext client is refused: the broker speaks TLS only.
      const plaintext = await runCli(['topics', 'apply'], { KAFKA_BROKERS: env['KAFKA_BROKERS'], SCHEMA_REGISTRY_URL: env['SCHEMA_REGISTRY_URL'], LEADSTREAM_LOG_LEVEL: 'silent' });
      expect(plaintext.code).not.toBe(0);

      const wrong = 'not-the-password-7f3a';
      const refused = await runCli(['topics', 'apply'], { ...env, KAFKA_SASL_PASSWORD: wrong });
      expect(refused.code).toBe(1);
      const lines = refused.stderr.trim().split('\n');
      expect(lines, refused.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^leadstream: .*authentication failed/i);
      expect(refused.stderr).not.toContain(wrong);
      expect(refused.stderr).not.toContain(env['KAFKA_SASL_PASSWORD']!);

      const context = testContext({ ...process.env, ...env });
      const suffix = uniqueName('secure');
      // One raw partition: per-customer order is the file's, so the progressions must equal `process`'s too.
      const topics = await createTopology(context, 1, 3, suffix);
      const envelopes = recentEnvelopes({ leads: 2_000, customers: 300, seed: 443, badShare: 0.05 });
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes) });
      const appId = uniqueName('app');
      const run = startCli(['run', '--topics-suffix', suffix], { ...env, LEADSTREAM_APP_ID: appId });
      let runErr = '';
      run.stderr?.on('data', (chunk: Buffer) => void (runErr += chunk.toString()));
      try {
        await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false, 90_000);
        await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true, 90_000);
      } finally {
        run.kill('SIGINT');
        if (run.exitCode === null) await once(run, 'exit');
      }
      expect(run.exitCode, runErr).toBe(0);
      const expected = await offlineResult(envelopes);
      expect(await readCustomers(context, topics.customers)).toEqual(expected.customers);
      expect(await readProgressions(context, topics.progression)).toEqual(expected.progressions);
    } finally {
      dev.kill('SIGINT');
      if (dev.exitCode === null) await once(dev, 'exit');
    }
  });
});
