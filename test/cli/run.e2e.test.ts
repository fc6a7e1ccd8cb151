import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, waitForMembers } from '../support/pipeline.js';

describe('leadstream run', () => {
  it('exits non-zero with one line naming topic, partition and offset when a changelog record cannot be restored', async () => {
    const context = testContext();
    const suffix = uniqueName('bad-state');
    const topics = await createTopology(context, 1, 3, suffix);
    const producer = await context.kafka.producer();
    await producer.send([
      { topic: topics.customers, partition: 1, key: 'c0ffee00c0ffee00c0ffee00c0ffee00', value: Buffer.from('not a customer view') },
    ]);
    await producer.close();
    const result = await runCli(['run', '--topics-suffix', suffix, '--stage', 'aggregate', '--session-timeout', '6000'], { LEADSTREAM_APP_ID: uniqueName('app') });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('leadstream:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^leadstream: task aggregate-1 could not start: ${topics.customers.replace(/\./g, '\\.')} partition 1 offset 0 cannot be restored: not a decodable CustomerView`));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('leadstream run under a parent that dies', () => {
  it('stops by itself (LEADSTREAM_EXIT_WITH_PARENT) instead of running on as an orphan', async () => {
    const context = testContext();
    const suffix = uniqueName('orphan');
    await createTopology(context, 1, 3, suffix);
    const appId = uniqueName('app');
    // A parent that starts `leadstream run`, says its pid, and is then killed with SIGKILL (no chance to clean up).
    const parent = spawn(process.execPath, ['-e', `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([CLI, 'run', '--topics-suffix', suffix])}, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LEADSTREAM_EXIT_WITH_PARENT: 'true', LEADSTREAM_APP_ID: '${appId}' } }); console.log(c.pid); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
    const child = Number(line.toString().trim());
    // Exited = gone, or a zombie nobody reaped yet (state Z in /proc).
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${child}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    await waitForMembers(context, `${appId}-ingest`, 1); // running, not starting
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    const deadline = Date.now() + 60_000;
    while (alive() && Date.now() < deadline) await delay(100);
    expect(alive()).toBe(false);
  });
});
