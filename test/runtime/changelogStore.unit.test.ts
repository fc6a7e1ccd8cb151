import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeloggedStore } from '../../src/runtime/changelogStore.js';
import type { Projection } from '../../src/state/keyValueStore.js';
import { stringSerde, type Serde } from '../../src/runtime/serde.js';
import type { StoreDeclaration } from '../../src/runtime/topology.js';

interface Value {
  readonly n: number;
}

/** JSON values, counting decodes; with `known`, bytes decode synchronously only once warm() settled for them. */
function jsonSerde(known?: Set<string>) {
  const counts = { decoded: 0 };
  const serde: Serde<Value> = {
    serialize: (v) => Buffer.from(JSON.stringify(v)),
    deserialize: (bytes) => {
      counts.decoded += 1;
      const value = JSON.parse(bytes!.toString()) as Value;
      return known && !known.has('writer') ? Promise.resolve(value) : value;
    },
    ...(known ? { warm: () => (known.has('writer') ? undefined : Promise.resolve().then(() => void known.add('writer'))) } : {}),
  };
  return { serde, counts };
}

const storeOf = (serde: Serde<Value>, cached = 3) => {
  const declaration: StoreDeclaration = { name: 's', changelog: 's-changelog', key: stringSerde as Serde<unknown>, value: serde as Serde<unknown> };
  return new ChangeloggedStore<string, Value>(declaration, cached);
};

type Op = { kind: 'put'; key: string; n: number } | { kind: 'delete'; key: string } | { kind: 'flush' } | { kind: 'restore'; key: string; n: number | null };
const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key, n: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.constant({ kind: 'flush' as const }),
  fc.record({ kind: fc.constant('restore' as const), key, n: fc.option(fc.integer(), { nil: null }) }),
);

/** A part of a value read from bytes or from a value in hand: twice its n, so a wrong source shows. */
const fromBytes = { calls: 0 };
const doubled: Projection<Value, number> = {
  fromBytes: (bytes) => {
    fromBytes.calls += 1;
    return 2 * (JSON.parse(bytes.toString()) as Value).n;
  },
  fromValue: (value) => 2 * value.n,
};

describe('a store of bytes, with a cache and the open changes', () => {
  it('reads, sizes, lists and flushes as a plain map of its latest values would (property, cache of 3 for 6 keys)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { serde } = jsonSerde();
        const store = storeOf(serde);
        const model = new Map<string, number>();
        const dirty = new Map<string, number | null>();
        for (const o of ops) {
          if (o.kind === 'put') {
            store.put(o.key, { n: o.n });
            model.set(o.key, o.n);
            dirty.set(o.key, o.n);
          } else if (o.kind === 'delete') {
            store.delete(o.key);
            model.delete(o.key);
            dirty.set(o.key, null);
          } else if (o.kind === 'flush') {
            const records = store.flush().map(([k, bytes]) => [k, bytes === null ? null : (JSON.parse(bytes.toString()) as Value).n]);
            expect(records).toEqual([...dirty]);
            dirty.clear();
          } else if (dirty.size === 0) {
            // Restores happen before processing: never over open changes.
            void store.restore(o.key, o.n === null ? null : Buffer.from(JSON.stringify({ n: o.n })));
            if (o.n === null) model.delete(o.key);
            else model.set(o.key, o.n);
          }
          for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) expect(store.get(k)?.n).toBe(model.get(k));
          expect(store.size).toBe(model.size);
          expect(new Map([...store.entries()].map(([k, v]) => [k, v.n]))).toEqual(model);
          expect(new Map(store.entriesOf(doubled))).toEqual(new Map([...model].map(([k, n]) => [k, 2 * n])));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a restore keeps the bytes without decoding them; a read decodes once, then the cache answers', () => {
    const { serde, counts } = jsonSerde();
    const store = storeOf(serde, 10);
    for (let i = 0; i < 100; i += 1) void store.restore(`k${i}`, Buffer.from(JSON.stringify({ n: i })));
    expect(counts.decoded).toBe(0);
    expect(store.size).toBe(100);
    expect(store.get('k7')).toEqual({ n: 7 });
    expect(store.get('k7')).toEqual({ n: 7 });
    expect(counts.decoded).toBe(1);
  });

  it('a projection reads stored bytes without decoding values, and takes decoded or open values as they are', () => {
    const { serde, counts } = jsonSerde();
    const store = storeOf(serde, 10);
    for (let i = 0; i < 5; i += 1) void store.restore(`k${i}`, Buffer.from(JSON.stringify({ n: i })));
    expect(store.get('k1')).toEqual({ n: 1 });
    store.put('k2', { n: 20 });
    store.delete('k3');
    store.put('new', { n: 7 });
    const calls = fromBytes.calls;
    expect(new Map(store.entriesOf(doubled))).toEqual(new Map([['k0', 0], ['k1', 2], ['k4', 8], ['k2', 40], ['new', 14]]));
    // k0 and k4 from their bytes; k1 (cached), k2 and new (open) from values; nothing decoded whole.
    expect(fromBytes.calls - calls).toBe(2);
    expect(counts.decoded).toBe(1);
  });

  it('a flushed value whose bytes do not decode synchronously yet stays decoded until warm() settles', async () => {
    const known = new Set<string>();
    const { serde, counts } = jsonSerde(known);
    const store = storeOf(serde, 0);
    store.put('a', { n: 1 });
    const [[, bytes]] = store.flush() as [[string, Buffer]];
    expect(JSON.parse(bytes.toString())).toEqual({ n: 1 });
    // Pinned: answered without a decode that would be a promise.
    expect(store.get('a')).toEqual({ n: 1 });
    expect(counts.decoded).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(known.has('writer')).toBe(true);
    // Now bytes (no cache here): decoded synchronously.
    expect(store.get('a')).toEqual({ n: 1 });
    expect(counts.decoded).toBe(1);
  });

  it('a restore answers the warm-up a new writer needs, and a serde that decodes stored bytes asynchronously is named', async () => {
    const known = new Set<string>();
    const store = storeOf(jsonSerde(known).serde, 0);
    const warming = store.restore('a', Buffer.from('{"n":5}'));
    expect(warming).toBeInstanceOf(Promise);
    await warming;
    expect(store.get('a')).toEqual({ n: 5 });
    // Without warm(), a value serde must answer synchronously: a promise is a bug, said as one.
    const broken: Serde<Value> = { serialize: (v) => Buffer.from(JSON.stringify(v)), deserialize: async (b) => JSON.parse(b!.toString()) as Value };
    const bad = storeOf(broken, 0);
    void bad.restore('a', Buffer.from('{"n":5}'));
    expect(() => bad.get('a')).toThrow(/decoded stored bytes asynchronously/);
  });
});
