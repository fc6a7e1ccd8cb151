import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentValues } from '../../src/runtime/recentValues.js';

describe('RecentValues', () => {
  it('holds at most twice its capacity, answers only what was set (the latest value), keeps the last `capacity` used, and forgets deletes', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.nat(12), value: fc.nat() }),
      fc.record({ kind: fc.constant('get' as const), key: fc.nat(12) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.nat(12) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.array(op, { maxLength: 300 }), (capacity, ops) => {
        const cache = new RecentValues<number, number>(capacity);
        const truth = new Map<number, number>();
        const used: number[] = [];
        for (const o of ops) {
          if (o.kind === 'set') {
            cache.set(o.key, o.value);
            truth.set(o.key, o.value);
            used.push(o.key);
          } else if (o.kind === 'delete') {
            cache.delete(o.key);
            truth.delete(o.key);
          } else {
            const got = cache.get(o.key);
            // Never a value that was not the latest set; a hit counts as a use.
            if (got !== undefined) {
              expect(got).toBe(truth.get(o.key));
              used.push(o.key);
            }
          }
          expect(cache.size).toBeLessThanOrEqual(2 * capacity);
        }
        // The `capacity` keys used most recently (distinct) are all still there.
        const recent = [...new Set([...used].reverse())].slice(0, capacity).filter((k) => truth.has(k));
        for (const k of recent) expect(cache.peek(k)).toBe(truth.get(k));
      }),
      { numRuns: 1_000 },
    );
  });

  it('a hit in the older generation survives the next turnover (it was used)', () => {
    const cache = new RecentValues<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2); // the first generation is full: a and b are the older one now
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    cache.set('d', 4);
    expect(cache.peek('a')).toBe(1);
    expect(cache.peek('b')).toBeUndefined();
  });
});
