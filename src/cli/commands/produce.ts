import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import type { Command } from 'commander';
import { envelopeValueBytes, parseEnvelope, type Envelope } from '../../codecs/envelope.js';
import type { Message } from '../../kafka/kafkajs.js';
import { retentionMs } from '../../kafka/topicAdmin.js';
import { ConfigError } from '../configError.js';
import type { Context } from '../context.js';
import { createProgress } from '../progress.js';
import type { CommandRuntime } from '../runtime.js';

export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  readonly code = 'BAD_INPUT';
}

export interface ProduceOptions {
  readonly topic: string;
  readonly lines: AsyncIterable<string>;
  /** Leads per second; unlimited when absent. */
  readonly rate?: number;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (produced: number) => void;
  /** Sees every envelope before it is sent (e.g. to count records older than the topic's retention). */
  readonly onEnvelope?: (envelope: Envelope) => void;
}

/**
 * Sends offline envelopes to a topic keeping their keys and timestamps (idempotent producer, acks=all).
 * A malformed line stops it with the line number: everything before it is sent, nothing after.
 */
export async function produceEnvelopes(context: Context, options: ProduceOptions): Promise<number> {
  // Take the iterator before any await: readline's iterator misses lines (and the end) emitted before it exists.
  const lines = options.lines[Symbol.asyncIterator]();
  const producer = context.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const batchSize = options.batchSize ?? (options.rate ? Math.max(1, Math.min(500, Math.round(options.rate / 10))) : 1000);
  let batch: Message[] = [];
  let produced = 0;
  const started = Date.now();
  const flush = async () => {
    if (batch.length === 0) return;
    await producer.send({ topic: options.topic, acks: -1, messages: batch });
    produced += batch.length;
    batch = [];
    options.onProgress?.(produced);
    if (options.rate) {
      const due = started + (produced / options.rate) * 1000;
      if (due > Date.now()) await delay(due - Date.now(), undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
    }
  };
  try {
    let lineNumber = 0;
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      lineNumber += 1;
      if (options.signal?.aborted) break;
      if (line.trim() === '') continue;
      const parsed = parseEnvelope(line);
      if (!parsed.ok) throw new BadInputError(`line ${lineNumber}: ${parsed.reason}`);
      const { envelope } = parsed;
      options.onEnvelope?.(envelope);
      batch.push({ key: envelope.key, value: envelopeValueBytes(envelope), timestamp: String(envelope.timestamp) });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return produced;
}

export function registerProduceCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('produce')
    .description('send a JSONL file of {"timestamp", "key", "value"} envelopes to a topic, keeping keys and timestamps')
    .requiredOption('--topic <topic>', 'target topic, usually leads.raw.v1')
    .requiredOption('--file <file>', 'envelopes, one per line (what `simulate` and `consume --format jsonl` write); - for stdin')
    .option('--rate <leads/s>', 'pace the sending (e.g. for a live demo)', (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new ConfigError('--rate', `"${v}" is not a positive number`);
      return n;
    })
    .action(async (options: { topic: string; file: string; rate?: number }) => {
      const stdin = options.file === '-';
      if (!stdin && (!existsSync(options.file) || !statSync(options.file).isFile())) throw new ConfigError('--file', `${options.file}: no such file`);
      const context = runtime.external();
      // Retention counts from the record time: older records are deleted at the broker's next check (minutes).
      // Looked up before the input opens: a flowing stream would lose lines emitted during an await.
      const admin = context.kafka.admin();
      await admin.connect();
      const retention = await (async () => {
        if (!(await admin.listTopics()).includes(options.topic)) throw new ConfigError('--topic', `topic ${options.topic} does not exist (\`leadstream topics apply\` creates leadstream's topics)`);
        return retentionMs(admin, options.topic);
      })().finally(() => admin.disconnect());
      const cutoff = retention !== undefined ? Date.now() - retention : undefined;
      let tooOld = 0;
      const input = stdin ? process.stdin : createReadStream(options.file, { encoding: 'utf8' });
      const total = stdin ? 0 : statSync(options.file).size;
      let bytes = 0;
      let sent = 0;
      input.on('data', (chunk: string | Buffer) => (bytes += Buffer.byteLength(chunk)));
      const progress = createProgress('produce', total || 1, () => `${sent} records`);
      const produced = await produceEnvelopes(context, {
        topic: options.topic,
        lines: createInterface({ input, crlfDelay: Infinity }),
        ...(options.rate ? { rate: options.rate } : {}),
        signal: runtime.shutdown,
        onEnvelope: (envelope) => void (cutoff !== undefined && envelope.timestamp < cutoff && tooOld++),
        onProgress: (n) => {
          sent = n;
          progress.update(total ? bytes : 0);
        },
      });
      progress.stop();
      runtime.out(`produced ${produced} records to ${options.topic}`);
      if (tooOld > 0) {
        process.stderr.write(`leadstream: warning: ${tooOld} of ${produced} records are stamped older than ${options.topic}'s retention (${Math.round(retention! / 3_600_000)} h): the broker deletes them at its next retention check, maybe before the pipeline reads them (for simulated files: simulate --end now)\n`);
      }
    });
}
