import { describe, expect, it } from 'vitest';
import { backfillTopics } from '../../src/backfill/target.js';
import type { Envelope } from '../../src/codecs/envelope.js';
import type { DlqRecord } from '../../src/codecs/dlqRecord.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { startPipeline } from '../../src/pipeline/startPipeline.js';
import { sha32 } from '../domain/samples.js';
import { runCli } from '../support/cli.js';
import { testContext, testLogger, uniqueName, type TestContext } from '../support/kafka.js';
import { createTopology, linesOf, readCustomers, readProgressions, recentEnvelopes, waitCaughtUp } from '../support/pipeline.js';

const EMAIL = 'forget.me@contoso.example';
const ID = sha32(`email:${EMAIL}`);
const leadOf = (action: string, at: number): Envelope => ({ timestamp: at, key: `k-${at}`, value: { UserDetails: { FirstName: 'Forget', LastName: 'Me', Email: EMAIL }, LeadSource: `AzureMarketplace-${action}|northwind.nw-erp` } });

async function deadLetters(context: TestContext, topic: string): Promise<DlqRecord[]> {
  const letters: DlqRecord[] = [];
  await context.kafka.readToEnd({ topic, onBatch: async (_p, records) => void records.forEach((r) => letters.push(JSON.parse(r.value!.toString('utf8')) as DlqRecord)) });
  return letters;
}

const idsOf = (customers: unknown[]) => customers.map((c) => (c as { customerId: string }).customerId);

describe('leadstream forget', () => {
  it('deletes the customer from customers.v1 and export, drops their later leads as ERASED without payload, and a backfill does not bring them back', async () => {
    const context = testContext();
    const topics = await createTopology(context, 2);
    const suffix = topics.raw.slice('leads.raw.v1.'.length);
    const noise = recentEnvelopes({ leads: 600, customers: 120, seed: 91 });
    const start = noise[0]!.timestamp;
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf([...noise, leadOf('PLT', start + 1), leadOf('StartTestDrive', start + 2)]) });
    const appId = uniqueName('app');
    const pipeline = await startPipeline({ client: context.kafka, registry: context.registry, logger: testLogger, appId, topics, stages: ['ingest', 'aggregate'] });
    try {
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.keyed, true);
      expect(idsOf(await readCustomers(context, topics.customers))).toContain(ID);

      const refused = await runCli(['forget', '--email', EMAIL, '--topics-suffix', suffix]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe('leadstream: --yes: forgetting cannot be undone: confirm at a terminal, or pass --yes');
      const forgot = await runCli(['forget', '--email', EMAIL, '--yes', '--topics-suffix', suffix]);
      expect(forgot.code, forgot.stderr).toBe(0);
      expect(JSON.parse(forgot.stdout)).toMatchObject({ topic: topics.erasures, customerId: ID });
      expect(forgot.stdout).not.toContain(EMAIL);
      await waitCaughtUp(context, `${appId}-aggregate`, topics.erasures, false);

      const customers = await readCustomers(context, topics.customers);
      expect(idsOf(customers)).not.toContain(ID);
      expect(customers.length).toBeGreaterThan(50);
      const exported = await runCli(['export', 'customers', '--topic', topics.customers]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).not.toContain(ID);
      expect(exported.stdout).not.toContain(EMAIL);
      expect(exported.stdout.trim().split('\n')).toHaveLength(customers.length);
      expect((await readProgressions(context, topics.progression)).get(ID)?.at(-1)).toMatchObject({ type: 'CustomerForgotten', customerId: ID });

      // A later lead of the same email: a dead letter that keeps nothing of it.
      await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf([leadOf('INS', Date.now())]) });
      await waitCaughtUp(context, `${appId}-ingest`, topics.raw, false);
      const erased = (await deadLetters(context, topics.dlq)).filter((l) => l.code === 'ERASED');
      expect(erased).toEqual([expect.objectContaining({ code: 'ERASED', topic: topics.raw, key: null, value: null })]);
    } finally {
      await pipeline.stop();
    }

    const name = uniqueName('bf');
    const backfill = await runCli(['backfill', '--suffix', name, '--raw-topic', topics.raw], { LEADSTREAM_APP_ID: appId });
    expect(backfill.code, backfill.stderr).toBe(0);
    const side = backfillTopics(name, topics.raw);
    const replayed = await readCustomers(context, side.customers);
    expect(idsOf(replayed)).not.toContain(ID);
    expect(replayed.length).toBe((await readCustomers(context, topics.customers)).length);
    const sideErased = (await deadLetters(context, side.dlq)).filter((l) => l.code === 'ERASED');
    expect(sideErased).toHaveLength(3);
    expect(JSON.stringify(sideErased)).not.toContain('Forget');
  });
});
