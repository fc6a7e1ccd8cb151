import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/codecs/registry.js';
import { createKafka } from '../../src/kafka/client.js';
import { probeKafka } from '../../src/kafka/readiness.js';
import { startLocalStack, type LocalStack } from '../../src/local/stack.js';
import { avroSamples } from '../support/avroSamples.js';
import { consumeUntil } from '../support/consume.js';
import { testLogger } from '../support/kafka.js';

// A second, persistent stack beside the shared one: --data-dir must keep broker data and schema ids valid.
describe('embedded stack with --data-dir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadstream-data-'));
  const start = () => startLocalStack({ dataDir, probeKafka: (bootstrap) => probeKafka(bootstrap, testLogger) });
  let stack: LocalStack | undefined;
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts with the same topics, records and schema ids, and decodes a record written before the restart', async () => {
    const sample = avroSamples['customer-view.v1'][0];
    stack = await start();
    const firstAddress = stack.kafkaBrokers;
    let kafka = createKafka({ brokers: [stack.kafkaBrokers], logger: testLogger });
    let registry = createRegistry({ url: stack.schemaRegistryUrl });
    const id = await registry.register('kept-value', 'customer-view.v1');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'kept', numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'kept', messages: [{ key: 'k', value: await registry.encode(id, sample) }] });
    await producer.disconnect();
    await stack.stop();

    stack = await start();
    expect(stack.kafkaBrokers).toBe(firstAddress);
    kafka = createKafka({ brokers: [stack.kafkaBrokers], logger: testLogger });
    registry = createRegistry({ url: stack.schemaRegistryUrl });
    const [record] = await consumeUntil(kafka, ['kept'], (r) => r.length >= 1);
    expect(await registry.decode(record!.message.value as Buffer)).toEqual(sample);
    expect(await registry.register('kept-value', 'customer-view.v1')).toBe(id);
  });
});
