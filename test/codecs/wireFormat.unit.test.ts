import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadToAvro } from '../../src/codecs/avroMappers.js';
import { schemaType } from '../../src/codecs/schemaFiles.js';
import { avroEncoder } from '../../src/codecs/wireFormat.js';
import { arbLead } from '../support/arbitraries.js';

/** The Confluent wire format as its definition says: magic 0, the schema id big-endian, then avsc's own body. */
const reference = (schemaId: number, record: unknown) => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, schemaType('lead.v1').toBuffer(record)]);
};

describe('avroEncoder', () => {
  it('writes magic byte, schema id and the Avro body, for records small and past its scratch buffer', () => {
    const big = fc.string({ minLength: 70_000, maxLength: 140_000 });
    fc.assert(
      fc.property(arbLead(), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.option(big, { nil: null, freq: 4 }), (lead, schemaId, title) => {
        const record = leadToAvro({ ...lead, profile: { ...lead.profile, title: title ?? lead.profile.title } });
        const encode = avroEncoder('lead.v1', schemaId);
        const bytes = encode(record);
        expect(bytes.equals(reference(schemaId, record))).toBe(true);
        // Each call's bytes are its own: a later record does not write over them.
        encode(leadToAvro({ ...lead, customerId: 'f'.repeat(32) }));
        expect(bytes.equals(reference(schemaId, record))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
