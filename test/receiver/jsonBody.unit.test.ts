import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitJsonBody } from '../../src/codecs/jsonBody.js';

const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');

describe('a request body, as leads byte for byte', () => {
  it('property: a JSON array of any values gives each element as the sender wrote it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.jsonValue(), fc.constantFrom(0, 2)), { maxLength: 8 }), space, space, (elements, before, after) => {
        const texts = elements.map(([value, indent]) => JSON.stringify(value, null, indent));
        const body = Buffer.from(`${before}[${before}${texts.join(`${after},${before}`)}${after}]${after}`);
        const split = splitJsonBody(body);
        expect(split.ok).toBe(true);
        if (split.ok) expect(split.leads.map((b) => b.toString('utf8'))).toEqual(texts);
      }),
    );
  });

  it('one value is one lead, trimmed of surrounding whitespace only', () => {
    const lead = '{ "LeadSource": "AzureMarketplace-PLT|contoso.analytics", "userDetails": {"email": "a\\"b@x.com"} }';
    const split = splitJsonBody(Buffer.from(`\n ${lead}\r\n`));
    expect(split.ok && split.leads.map(String)).toEqual([lead]);
  });

  it('refuses what is not JSON, or not UTF-8; an empty array holds no lead', () => {
    expect(splitJsonBody(Buffer.from('{"a": 1'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed JSON/) });
    expect(splitJsonBody(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, reason: 'the body is not UTF-8' });
    expect(splitJsonBody(Buffer.from(' [ ] '))).toEqual({ ok: true, leads: [] });
  });
});
