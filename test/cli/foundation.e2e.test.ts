import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createKafka } from '../../src/kafka/client.js';
import { runCli, startCli } from '../support/cli.js';
import { testLogger } from '../support/kafka.js';

describe('leadstream CLI (foundation)', () => {
  it.each([[[]], [['dev']], [['topics', 'apply']], [['schemas', 'apply']]])('%o --help describes the command', async (args) => {
    const result = await runCli([...args, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: leadstream/);
  });

  it('a bad environment variable is one line naming it, no stack trace', async () => {
    const result = await runCli(['topics', 'apply'], { KAFKA_BROKERS: 'nonsense' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('leadstream: KAFKA_BROKERS: "nonsense" is not host:port (expected host:port[,host:port...])');
  });

  it('topics apply and schemas apply are idempotent against the real cluster; --strict passes without drift', async () => {
    for (let i = 0; i < 2; i += 1) {
      const topics = await runCli(['topics', 'apply', '--strict']);
      expect(topics.stderr).toBe('');
      expect(topics.code).toBe(0);
      expect(topics.stdout).toMatch(/(created|ok) +leads\.raw\.v1/);
      const schemas = await runCli(['schemas', 'apply']);
      expect(schemas.code).toBe(0);
      expect(schemas.stdout).toContain('registered customers.v1-value = customer-view.v1');
    }
  });

  it('dev --print-env starts its own stack, prints working addresses, and stops it on Ctrl-C', async () => {
    const child = startCli(['dev', '--print-env'], { KAFKA_BROKERS: undefined, SCHEMA_REGISTRY_URL: undefined });
    const env: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout! });
    for await (const line of lines) {
      const [key, value] = line.split('=', 2) as [string, string];
      env[key] = value;
      if (env['KAFKA_BROKERS'] && env['SCHEMA_REGISTRY_URL']) break;
    }
    const admin = createKafka({ brokers: [env['KAFKA_BROKERS']!], logger: testLogger }).admin();
    await admin.connect();
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(['leads.raw.v1', 'leads.keyed.v1', 'funnel.progression.v1', 'customers.v1', 'leads.dlq.v1']));
    await admin.disconnect();
    const subjects = (await (await fetch(`${env['SCHEMA_REGISTRY_URL']}/subjects`)).json()) as string[];
    expect(subjects.sort()).toEqual(['customers.erased.v1-value', 'customers.erasures.v1-value', 'customers.pending-followups.v1-value', 'customers.v1-value', 'funnel.alerts.v1-value', 'funnel.progression.v1-value', 'leads.followups.v1-value', 'leads.keyed.v1-value']);

    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`${env['SCHEMA_REGISTRY_URL']}/subjects`)).rejects.toThrow();
  });
});
