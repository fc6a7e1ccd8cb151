import { describe, expect, it } from 'vitest';
import { suffixedTopics } from '../../src/pipeline/topicNames.js';
import { runCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { readCustomers } from '../support/pipeline.js';

async function count(topic: string): Promise<number> {
  let records = 0;
  await testContext().kafka.readToEnd({ topic, onBatch: async (_p, messages) => void (records += messages.length) });
  return records;
}

describe('leadstream demo (what `npm start` runs)', () => {
  it('feeds simulated leads (history first) through the pipeline, reports alerts as they fire, and stops by itself with numbers that add up', async () => {
    const suffix = uniqueName('demo');
    const result = await runCli(['demo', '--duration', '8', '--rate', '250', '--topics-suffix', suffix]);
    expect(result.code, result.stderr).toBe(0);
    // Not a terminal: a plain summary line every 5 s instead of the live screen.
    expect(result.stdout).toMatch(/^up 00:0\d: sent \d+/m);
    const final = /final: up [\d:]+: sent (\d+), customers (\d+), progressions (\d+), alerts (\d+), rejected (\d+)/.exec(result.stderr);
    expect(final, result.stderr).not.toBeNull();
    const [sent, customers, progressions, alerts, rejected] = final!.slice(1).map(Number) as [number, number, number, number, number];
    expect(sent).toBeGreaterThan(1_000);
    expect(progressions).toBeGreaterThan(0);
    // What the screen counted is what the topics hold once drained.
    const topics = suffixedTopics(suffix);
    expect(await count(topics.raw)).toBe(sent);
    expect(await count(topics.progression)).toBe(progressions);
    expect(await count(topics.dlq)).toBe(rejected);
    // Two days of history go first, so follow-up deadlines have passed and alerts fire during the demo.
    expect(alerts).toBeGreaterThan(0);
    expect(await count(topics.alerts)).toBe(alerts);
    expect((await readCustomers(testContext(), topics.customers)).length).toBe(customers);
  });
});
