import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { leadstreamAsyncApi } from '../../src/cli/commands/asyncapi.js';
import { ALL_TOPICS } from '../../topics/index.js';

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3 by the AsyncAPI parser (Avro payloads checked by its Avro parser), with every topic and POST /leads', async () => {
    const parser = new Parser();
    parser.registerSchemaParser(AvroSchemaParser());
    const { document, diagnostics } = await parser.parse(JSON.stringify(leadstreamAsyncApi()));
    // Severity 0 is an error; warnings (1) and below are style advice.
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const addresses = document!.allChannels().all().map((c) => c.address());
    expect(addresses.sort()).toEqual([...ALL_TOPICS.map((t) => t.name), '/leads'].sort());
    const keyed = document!.allChannels().all().find((c) => c.address() === 'leads.keyed.v1')!;
    const message = keyed.messages().all()[0]!;
    expect(message.payload()?.title() ?? message.payload()?.id()).toBeDefined();
    expect(keyed.bindings().get('kafka')?.value()).toMatchObject({ partitions: 6 });
  });
});
