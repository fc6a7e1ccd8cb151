import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ProducedRecord, RecordProducer } from '../../src/kafka/types.js';
import { KafkaUnavailableError, groupCommit } from '../../src/receiver/groupCommit.js';
import { presentedSecret, secretChecker } from '../../src/receiver/secrets.js';

const logger = pino({ level: 'silent' });
const record = (i: number): ProducedRecord => ({ topic: 't', key: null, value: Buffer.from(String(i)) });

/** A producer whose sends the test settles by hand. */
function manualProducers() {
  const made: { sends: { records: readonly ProducedRecord[]; settle: (error?: Error) => void }[]; closed: boolean }[] = [];
  const connect = async (): Promise<RecordProducer> => {
    const producer = { sends: [] as { records: readonly ProducedRecord[]; settle: (error?: Error) => void }[], closed: false };
    made.push(producer);
    return {
      send: (records) => new Promise<void>((resolve, reject) => producer.sends.push({ records, settle: (error) => (error ? reject(error) : resolve()) })),
      close: async () => void (producer.closed = true),
    };
  };
  return { made, connect };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('sends what arrives during a send together in the next one, and answers each append when its send is acknowledged', async () => {
    const { made, connect } = manualProducers();
    const sink = groupCommit({ connect, logger });
    const first = sink.append([record(1)]);
    await tick();
    const waiting = [sink.append([record(2)]), sink.append([record(3), record(4)])];
    await tick();
    expect(made[0]!.sends.map((s) => s.records.length)).toEqual([1]);
    made[0]!.sends[0]!.settle();
    await first;
    await tick();
    expect(made[0]!.sends.map((s) => s.records.length)).toEqual([1, 3]);
    made[0]!.sends[1]!.settle();
    await Promise.all(waiting);
    expect(sink.ready()).toBe(true);
  });

  it('a failed send fails its appends as Kafka unavailable and replaces the producer (its sequence numbers are unsafe)', async () => {
    const { made, connect } = manualProducers();
    const sink = groupCommit({ connect, logger });
    const failing = sink.append([record(1)]);
    await tick();
    made[0]!.sends[0]!.settle(new Error('NOT_LEADER_OR_FOLLOWER'));
    await expect(failing).rejects.toBeInstanceOf(KafkaUnavailableError);
    expect(sink.ready()).toBe(false);
    await tick();
    expect(made[0]!.closed).toBe(true);
    const next = sink.append([record(2)]);
    await tick();
    expect(made).toHaveLength(2);
    made[1]!.sends[0]!.settle();
    await next;
    expect(sink.ready()).toBe(true);
  });

  it('an acknowledgement that does not come in time is a 503, not a wait without end', async () => {
    const { connect } = manualProducers();
    const sink = groupCommit({ connect, logger, sendTimeoutMs: 30 });
    await expect(sink.append([record(1)])).rejects.toThrow(/no answer from Kafka within 30 ms/);
  });
});

describe('receiver secrets', () => {
  it('accepts any configured secret (rotation), from Bearer or ?code=, and nothing else', () => {
    const check = secretChecker(['s3cret-number-one!', 'the-second-secret-']);
    expect(check(presentedSecret('Bearer the-second-secret-', undefined))).toBe(true);
    expect(check(presentedSecret(undefined, 's3cret-number-one!'))).toBe(true);
    expect(check(presentedSecret('bearer  s3cret-number-one! ', 'wrong'))).toBe(true);
    for (const presented of [undefined, '', 's3cret-number-one', 's3cret-number-one!!', 'S3CRET-NUMBER-ONE!']) expect(check(presented)).toBe(false);
    expect(presentedSecret(undefined, ['a', 'b'])).toBeUndefined();
    expect(secretChecker([])('anything')).toBe(false);
  });
});
