import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology } from '../support/pipeline.js';

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
