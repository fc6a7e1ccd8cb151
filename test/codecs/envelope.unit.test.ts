import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeValueBytes, formatEnvelope, parseEnvelope } from '../../src/codecs/envelope.js';

describe('the offline JSONL envelope', () => {
  it('reads epoch-ms and ISO-8601 timestamps, null or string keys, object or string values', () => {
    expect(parseEnvelope('{"timestamp":1790000000000,"key":null,"value":{"a":1}}')).toEqual({ ok: true, envelope: { timestamp: 1790000000000, key: null, value: { a: 1 } } });
    expect(parseEnvelope('{"timestamp":"2026-10-01T12:24:12.964Z","key":"k","value":"raw"}')).toEqual({ ok: true, envelope: { timestamp: Date.UTC(2026, 9, 1, 12, 24, 12, 964), key: 'k', value: 'raw' } });
    expect(parseEnvelope('{"timestamp":0,"value":"x"}')).toMatchObject({ ok: true, envelope: { key: null } });
  });

  it.each([
    ['not json', /not JSON/],
    ['[1,2]', /not a JSON object/],
    ['{"key":null,"value":{}}', /timestamp/],
    ['{"timestamp":-1,"value":{}}', /timestamp/],
    // Past the last date a follow-up deadline can be written as (MAX_TIME_MS): `process` threw on it.
    ['{"timestamp":9007199254740991,"value":{}}', /timestamp/],
    ['{"timestamp":"yesterday","value":{}}', /timestamp/],
    ['{"timestamp":1,"key":5,"value":{}}', /key/],
    ['{"timestamp":1,"value":[1]}', /value/],
    ['{"timestamp":1}', /value/],
  ])('%s is a malformed envelope with a reason', (line, reason) => {
    const result = parseEnvelope(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('format → parse is the identity, and the value bytes are what a producer sends', () => {
    const arbValue = fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.jsonValue()));
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.string(), { nil: null }), arbValue, (timestamp, key, value) => {
        const envelope = { timestamp, key, value };
        const parsed = parseEnvelope(formatEnvelope(envelope));
        expect(parsed).toEqual({ ok: true, envelope: JSON.parse(JSON.stringify(envelope)) });
        const bytes = envelopeValueBytes(envelope).toString('utf8');
        expect(bytes).toBe(typeof value === 'string' ? value : JSON.stringify(value));
      }),
    );
  });
});
