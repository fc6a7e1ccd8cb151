import { describe, expect, it } from 'vitest';
import type { Processor, ProcessorContext } from '../../src/runtime/api.js';
import { UndecodableError, bytesSerde, stringSerde, type Serde } from '../../src/runtime/serde.js';
import { TopologyTestDriver } from '../../src/runtime/testDriver.js';
import { topology, TopologyError } from '../../src/runtime/topology.js';
import type { KeyValueStore } from '../../src/state/keyValueStore.js';

const T0 = 1_700_000_000_000; // a multiple of 1000: punctuation boundaries fall on it
const json: Serde<unknown> = { serialize: (v) => JSON.stringify(v), deserialize: (b) => JSON.parse(b!.toString('utf8')) as unknown };
const text = (v: string | Buffer | null) => (v === null ? null : v.toString());

/** Counts records per key in a store; punctuators report stream time and wall-clock fires to `out`. */
function ticker(events: string[]): Processor<string | null, Buffer | null, string, unknown> {
  let context: ProcessorContext<string, unknown>;
  let counts: KeyValueStore<string, number>;
  return {
    init(c) {
      context = c;
      counts = c.getStateStore<string, number>('counts');
      c.schedule(1_000, 'stream-time', (at) => {
        events.push(`stream ${at - T0}`);
        context.forward({ key: 'stream', value: { at, seen: counts.get('k') ?? 0 }, timestamp: at });
      });
      c.schedule(200, 'wall-clock', (at) => {
        events.push(`wall ${at}`);
        context.forward({ key: 'wall', value: { at }, timestamp: context.currentStreamTime() });
      });
    },
    process(record) {
      counts.put(record.key ?? 'null', (counts.get(record.key ?? 'null') ?? 0) + 1);
    },
  };
}

const build = (events: string[]) =>
  topology()
    .stage('tick', (s) =>
      s
        .source('in', { topic: 'in', key: stringSerde, value: bytesSerde })
        .store('counts', { changelog: 'counts-changelog', key: stringSerde, value: json as Serde<number> })
        .processor('ticker', () => ticker(events), { parents: ['in'], stores: ['counts'] })
        .sink('out', { topic: 'out', key: stringSerde, value: json, parents: ['ticker'] }),
    )
    .build();

describe('the test driver runs a topology in memory', () => {
  it('stream-time punctuation fires at the first record, then once per interval boundary passed (missed ones once)', async () => {
    const events: string[] = [];
    const driver = new TopologyTestDriver(build(events));
    for (const dt of [0, 500, 999, 1_500, 3_700, 3_200, 3_999, 4_000]) await driver.pipeInput('in', { key: 'k', value: Buffer.from('x'), timestamp: T0 + dt });
    expect(events).toEqual(['stream 0', 'stream 1500', 'stream 3700', 'stream 4000']);
    // Stream time is the largest timestamp seen: a late record (3200 after 3700) does not move it back.
    expect(driver.streamTime('tick')).toBe(T0 + 4_000);
    const out = driver.readOutput('out').map((r) => JSON.parse(text(r.value)!) as { at: number; seen: number });
    expect(out.map((o) => [o.at - T0, o.seen])).toEqual([[0, 1], [1_500, 4], [3_700, 5], [4_000, 8]]);
  });

  it('wall-clock punctuation fires only as the wall clock advances, whatever the records say', async () => {
    const events: string[] = [];
    const driver = new TopologyTestDriver(build(events), { wallClockMs: 10_000 });
    await driver.pipeInput('in', { key: 'k', value: null, timestamp: T0 + 60_000 });
    expect(events.filter((e) => e.startsWith('wall'))).toEqual([]);
    await driver.advanceWallClockTime(199);
    expect(events.filter((e) => e.startsWith('wall'))).toEqual([]);
    await driver.advanceWallClockTime(1);
    await driver.advanceWallClockTime(650); // 10,850: the 10,400 and 10,600 and 10,800 boundaries passed: fires once
    expect(events.filter((e) => e.startsWith('wall'))).toEqual(['wall 10200', 'wall 10850']);
    expect(driver.readOutput('out').filter((r) => r.key === 'wall').map((r) => r.timestamp)).toEqual([T0 + 60_000, T0 + 60_000]);
  });

  it('writes one changelog record per dirty key at each commit, with the latest value', async () => {
    const driver = new TopologyTestDriver(build([]), { commitEvery: 3 });
    for (const key of ['a', 'b', 'a', 'a', 'c']) await driver.pipeInput('in', { key, value: null, timestamp: T0 });
    expect(driver.readOutput('counts-changelog').map((r) => [text(r.key), text(r.value)])).toEqual([['a', '2'], ['b', '1']]);
    await driver.commit();
    expect(driver.readOutput('counts-changelog').map((r) => [text(r.key), text(r.value), r.partition])).toEqual([['a', '3', 0], ['c', '1', 0]]);
    expect(driver.getKeyValueStore<string, number>('tick', 'counts').get('a')).toBe(3);
  });

  it('routes records whose bytes do not decode to the source dead letters, and hands stage outputs to the stages reading them', async () => {
    const strict: Serde<number> = {
      serialize: (v) => String(v),
      deserialize: (b) => {
        const n = Number(b?.toString());
        if (!Number.isInteger(n)) throw new UndecodableError('NOT_A_NUMBER', `"${b?.toString()}" is not a number`);
        return n;
      },
    };
    const letters: unknown[] = [];
    const t = topology()
      .stage('double', (s) =>
        s
          .source('in', { topic: 'in', key: stringSerde, value: bytesSerde })
          .processor('double', () => {
            let c: ProcessorContext;
            return { init: (ctx) => void (c = ctx), process: (r) => c.forward({ ...r, value: `${(r.value as Buffer).toString()}${(r.value as Buffer).toString()}` }) };
          }, { parents: ['in'] })
          .sink('mid', { topic: 'mid', key: stringSerde, value: stringSerde, parents: ['double'] }),
      )
      .stage('sum', (s) =>
        s
          .source('mid', { topic: 'mid', key: stringSerde, value: strict, deadLetters: 'dead' })
          .processor('keep', () => ({ process: (r) => void letters.push(r.value) }), { parents: ['mid'] })
          .sink('dead', { topic: 'dead', key: stringSerde, value: { serialize: (l: { code: string; origin: { offset: bigint } }) => `${l.code}@${l.origin.offset}` }, parents: [] }),
      )
      .build();
    const driver = new TopologyTestDriver(t);
    for (const v of ['1', 'x', '2']) await driver.pipeInput('in', { key: 'k', value: Buffer.from(v), timestamp: T0 });
    expect(letters).toEqual([11, 22]);
    expect(driver.readOutput('dead').map((r) => text(r.value))).toEqual(['NOT_A_NUMBER@1']);
    expect(driver.readOutput('mid').map((r) => text(r.value))).toEqual(['11', 'xx', '22']);
  });

  it('refuses topologies that do not hold together, naming the problem', () => {
    const bad = [
      () => topology().stage('s', (s) => s.processor('p', () => ({ process: () => {} }), { parents: ['nowhere'] })).build(),
      () => topology().stage('s', (s) => s.source('in', { topic: 'in', key: bytesSerde, value: bytesSerde }).processor('p', () => ({ process: () => {} }), { parents: ['in'], stores: ['missing'] })).build(),
      () => topology().stage('s', (s) => s.source('in', { topic: 'in', key: bytesSerde, value: bytesSerde }).source('in', { topic: 'in2', key: bytesSerde, value: bytesSerde })).build(),
      () => topology().stage('s', (s) => s.source('in', { topic: 'in', key: bytesSerde, value: bytesSerde, deadLetters: 'nope' })).build(),
    ];
    const messages = bad.map((make) => {
      try {
        make();
        return 'built';
      } catch (error) {
        expect(error).toBeInstanceOf(TopologyError);
        return (error as Error).message;
      }
    });
    expect(messages).toEqual([
      "stage s: p's parent nowhere is not a source or processor of this stage",
      'stage s: p uses store missing, which is not declared',
      'stage s: two nodes named in',
      "stage s: in's dead letters go to nope, which is not a sink",
    ]);
  });

  it('a processor may forward only to its own children', async () => {
    const t = topology()
      .stage('s', (s) =>
        s
          .source('in', { topic: 'in', key: bytesSerde, value: bytesSerde })
          .processor('p', () => {
            let c: ProcessorContext;
            return { init: (ctx) => void (c = ctx), process: (r) => c.forward(r, 'elsewhere') };
          }, { parents: ['in'] })
          .sink('out', { topic: 'out', key: bytesSerde, value: bytesSerde, parents: ['p'] }),
      )
      .build();
    const driver = new TopologyTestDriver(t);
    await expect(driver.pipeInput('in', { key: null, value: null, timestamp: T0 })).rejects.toThrow('p has no child elsewhere (children: out)');
  });

  it('a global store holds the latest value of every key of its topic, tombstones delete, and processors only read it', async () => {
    const seen: string[] = [];
    const t = topology()
      .globalStore('blocked', { topic: 'blocked', key: stringSerde, value: json })
      .stage('s', (s) =>
        s
          .source('in', { topic: 'in', key: stringSerde, value: bytesSerde })
          .processor('p', () => {
            let blocked: KeyValueStore<string, unknown>;
            return {
              init: (c) => void (blocked = c.getStateStore<string, unknown>('blocked')),
              process(r) {
                const key = String(r.key);
                seen.push(`${key}:${blocked.get(key) === undefined ? 'open' : 'blocked'}`);
                expect(() => blocked.put(key, 1)).toThrow('global store blocked is read-only');
              },
            };
          }, { parents: ['in'], stores: ['blocked'] }),
      )
      .build();
    expect(t.globalStores.map((g) => g.name)).toEqual(['blocked']);
    expect(t.stages[0]!.globalStores.map((g) => g.topic)).toEqual(['blocked']);
    const driver = new TopologyTestDriver(t);
    const pipe = (topic: string, key: string, value: string | null) => driver.pipeInput(topic, { key, value: value === null ? null : Buffer.from(value), timestamp: T0 });
    await pipe('in', 'a', 'x');
    await pipe('blocked', 'a', '{"why":1}');
    await pipe('in', 'a', 'x');
    await pipe('blocked', 'a', '{"why":2}');
    expect(driver.getGlobalStore('blocked').get('a')).toEqual({ why: 2 });
    await pipe('blocked', 'a', null);
    await pipe('in', 'a', 'x');
    expect(seen).toEqual(['a:open', 'a:blocked', 'a:open']);
    expect(driver.getGlobalStore('blocked').size).toBe(0);
  });

  it('a global store and a stage store cannot share a name', () => {
    expect(() =>
      topology()
        .globalStore('g', { topic: 'g', key: stringSerde, value: json })
        .stage('s', (s) => s.source('in', { topic: 'in', key: stringSerde, value: bytesSerde }).store('g', { changelog: 'c', key: stringSerde, value: json }).processor('p', () => ({ process() {} }), { parents: ['in'], stores: ['g'] }))
        .build(),
    ).toThrow('stage s: store g is declared both here and as a global store');
  });
});
