import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DueIndex } from '../../src/processors/dueIndex.js';

type Op = { kind: 'add'; key: string; at: number | undefined } | { kind: 'pop'; now: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), at: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const), now: fc.integer({ min: -1, max: 55 }) }) },
);

describe('the due index', () => {
  it('pops, earliest first, each key due by now once, at its earliest time added since it last popped (property, against a map)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const index = new DueIndex();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'add') {
            index.add(o.key, o.at);
            const current = model.get(o.key);
            if (o.at !== undefined && (current === undefined || o.at < current)) model.set(o.key, o.at);
          } else {
            const earliest = Math.min(...model.values());
            const key = index.popDue(o.now);
            if (earliest > o.now) expect(key).toBeUndefined();
            else {
              expect(key).toBeDefined();
              expect(model.get(key!)).toBe(earliest);
              model.delete(key!);
            }
          }
          expect(index.size).toBe(model.size);
        }
        // Draining at the end of time gives every key left, in time order.
        const drained: number[] = [];
        for (let key = index.popDue(Infinity); key !== undefined; key = index.popDue(Infinity)) drained.push(model.get(key)!);
        expect(drained).toEqual([...model.values()].sort((x, y) => x - y));
      }),
      { numRuns: 500 },
    );
  });
});
