import { describe, expect, it } from 'vitest';
import { SCHEMA_NAMES, type SchemaName } from '../../topics/index.js';
import { testContext, uniqueName } from '../support/kafka.js';
import { avroSamples } from '../support/avroSamples.js';

describe('schemas on the real registry', () => {
  it.each(SCHEMA_NAMES.map((name) => [name]))('%s registers idempotently with BACKWARD and round-trips a value through the registry', async (name: SchemaName) => {
    const { registry, schemaRegistryUrl } = testContext();
    const subject = `${uniqueName('subject')}-value`;
    const id = await registry.register(subject, name);
    // Twice in a row: Apicurio answers an existing subject differently from Confluent.
    expect(await registry.register(subject, name)).toBe(id);
    const config = (await (await fetch(`${schemaRegistryUrl}/config/${subject}`)).json()) as { compatibilityLevel: string };
    expect(config.compatibilityLevel).toBe('BACKWARD');
    for (const sample of avroSamples[name]) {
      const bytes = await registry.encode(id, sample);
      expect(bytes[0]).toBe(0); // Confluent wire format: magic byte, then the 4-byte schema id
      expect(bytes.readInt32BE(1)).toBe(id);
      expect(await registry.decode(bytes)).toEqual(sample);
    }
  });

  it('refuses an incompatible schema change under BACKWARD', async () => {
    const { registry } = testContext();
    const subject = `${uniqueName('subject')}-value`;
    await registry.register(subject, 'lead.v1');
    await expect(registry.register(subject, 'funnel-progressed.v1')).rejects.toThrow();
  });
});

describe('instances starting together', () => {
  it('register the same new subject concurrently, all getting its one id (Apicurio answers the second rule PUT 409)', async () => {
    const { registry } = testContext();
    const subject = `${uniqueName('subject')}-value`;
    const ids = await Promise.all(Array.from({ length: 6 }, () => registry.register(subject, 'customer-view.v1')));
    expect(new Set(ids).size).toBe(1);
  });
});
