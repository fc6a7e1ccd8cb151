import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseLead } from '../../src/domain/parseLead.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { envelopeValueBytes } from '../../src/codecs/envelope.js';
import { startCli } from '../support/cli.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { createTopology, linesOf, recentEnvelopes, waitCaughtUp } from '../support/pipeline.js';

describe('logs', () => {
  it('hold no personal data (emails, phones, names, companies) at any level, debug included', async () => {
    const context = testContext();
    const suffix = uniqueName('pii');
    const topics = await createTopology(context, 2, 2, suffix);
    const envelopes = recentEnvelopes({ leads: 600, customers: 80, seed: 201, badShare: 0.1 });
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(envelopes) });
    const appId = uniqueName('app');
    const child = startCli(['run', '--topics-suffix', suffix], { LEADSTREAM_APP_ID: appId, LEADSTREAM_LOG_LEVEL: 'debug' });
    let logs = '';
    child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
    await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true);
    child.kill('SIGINT');
    await once(child, 'exit');
    expect(logs).toContain('"level":20'); // debug logging really was on
    // Every personal value the input carries (as parsed), at least 5 characters long to avoid chance matches.
    const personal = new Set<string>();
    for (const e of envelopes) {
      const lead = parseLead(envelopeValueBytes(e), e.timestamp);
      if (lead.kind !== 'Lead') continue;
      for (const field of ['firstName', 'lastName', 'email', 'phone', 'company'] as const) {
        const value = lead.profile[field];
        if (value !== null && value.length >= 5) personal.add(value);
      }
    }
    expect(personal.size).toBeGreaterThan(100);
    const lower = logs.toLowerCase();
    // A phone (digits only) counts as found only on its own, not inside a longer number (a timestamp, an offset).
    const found = (value: string) => (/^\d+$/.test(value) ? new RegExp(`(?<!\\d)${value}(?!\\d)`).test(lower) : lower.includes(value.toLowerCase()));
    const leaked = [...personal].filter(found);
    expect(leaked).toEqual([]);
  });
});
