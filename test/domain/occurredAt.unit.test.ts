import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS, occurredAtOf, parseIsoUtc, readTopFields, timeOf } from '../../src/domain/index.js';

const RECORD = 1_700_000_000_000;
const at = (top: Record<string, unknown>): number => occurredAtOf(readTopFields(top), RECORD);
const T = Date.UTC(2026, 9, 1, 12, 24, 12, 964);

describe('ISO-8601 UTC strings', () => {
  it.each([
    ['2026-10-01T12:24:12.964Z', T],
    ['2026-10-01T12:24:12.964+00:00', T],
    ['2026-10-01T12:24:12.964+0000', T],
    ['2026-10-01T12:24:12.964-00:00', T],
    ['2026-10-01T12:24:12.964-0000', T],
    ['2026-10-01T12:24:12Z', T - 964],
    ['2026-10-01T12:24Z', T - 12_964],
    ['2026-10-01T12:24:12.9Z', T - 64],
    ['2026-10-01T12:24:12.9649999Z', T],
    ['1970-01-01T00:00:00Z', 0],
  ])('%j is %d', (text, ms) => {
    expect(parseIsoUtc(text)).toBe(ms);
  });

  it.each([
    ['2026-10-01T12:24:12.964+02:00'],
    ['2026-10-01T12:24:12.964'],
    ['2026-10-01 12:24:12Z'],
    ['2026-10-01'],
    ['2026-10-01T12:24:12.964z'],
    ['2026-13-01T00:00:00Z'],
    ['2026-10-01T25:00:00Z'],
    ['2026-10-01T12:60:00Z'],
    ['Thu, 01 Oct 2026 12:24:12 GMT'],
    ['1790857452964'],
    [' 2026-10-01T12:24:12Z'],
    ['2026-10-01T12:24:12.Z'],
    ['+002026-10-01T12:24:12Z'],
  ])('%j is not an ISO-8601 UTC time', (text) => {
    expect(parseIsoUtc(text)).toBeUndefined();
  });
});

describe('epoch milliseconds', () => {
  it('accepts a non-negative safe integer', () => {
    expect(timeOf(T)).toBe(T);
    expect(timeOf(0)).toBe(0);
    expect(Object.is(timeOf(-0), 0)).toBe(true);
    expect(timeOf(MAX_TIME_MS)).toBe(MAX_TIME_MS);
    // Its follow-up deadline is still a date: outputs write both as ISO-8601.
    expect(new Date(MAX_TIME_MS + 86_400_000).toISOString()).toBe('+275760-09-13T00:00:00.000Z');
  });

  it.each([[-1], [1.5], [MAX_TIME_MS + 1], [Number.MAX_SAFE_INTEGER], [Number.MAX_SAFE_INTEGER + 1], [Number.NaN], [Infinity], [true], [null], [{}], [[T]]])('rejects %j', (value) => {
    expect(timeOf(value)).toBeUndefined();
  });
});

describe('occurredAt', () => {
  it("uses the payload's Timestamp (Azure Table row)", () => {
    expect(at({ Timestamp: '2026-10-01T12:24:12.964Z' })).toBe(T);
  });

  it('uses OccurredAt, as epoch milliseconds too', () => {
    expect(at({ OccurredAt: T })).toBe(T);
    expect(at({ OccurredAt: '2026-10-01T12:24:12.964Z' })).toBe(T);
  });

  it('matches the field names ignoring case', () => {
    expect(at({ timestamp: T })).toBe(T);
    expect(at({ occurredat: T })).toBe(T);
    expect(at({ TIMESTAMP: '2026-10-01T12:24:12.964Z' })).toBe(T);
  });

  it('checks Timestamp before OccurredAt', () => {
    expect(at({ OccurredAt: 5, Timestamp: T })).toBe(T);
  });

  it('skips an unusable Timestamp and tries OccurredAt', () => {
    expect(at({ Timestamp: 'yesterday', OccurredAt: T })).toBe(T);
  });

  it('falls back to the record timestamp', () => {
    expect(at({})).toBe(RECORD);
    expect(at({ Timestamp: 'yesterday', OccurredAt: -5 })).toBe(RECORD);
    expect(at({ Timestamp: '2026-10-01T12:24:12+01:00' })).toBe(RECORD);
    expect(at({ Timestamp: String(T) })).toBe(RECORD);
    // An epoch past any date (found: this one made `process` throw writing the progression) is no time either.
    expect(at({ Timestamp: Number.MAX_SAFE_INTEGER, OccurredAt: MAX_TIME_MS + 1 })).toBe(RECORD);
  });
});
