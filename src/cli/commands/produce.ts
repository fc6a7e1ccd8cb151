import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { produceEnvelopes } from '../../load/produceEnvelopes.js';
import { ConfigError } from '../configError.js';
import { createProgress } from '../progress.js';
import type { CommandRuntime } from '../runtime.js';

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
    .option('--fail-fast', 'stop at the first record the broker refuses (default: name its line and go on)')
    .action(async (options: { topic: string; file: string; rate?: number; failFast?: boolean }) => {
      const stdin = options.file === '-';
      if (!stdin && (!existsSync(options.file) || !statSync(options.file).isFile())) throw new ConfigError('--file', `${options.file}: no such file`);
      const context = runtime.external();
      // Retention counts from the record time: older records are deleted at the broker's next check (minutes).
      // Looked up before the input opens: a flowing stream would lose lines emitted during an await.
      const admin = await context.kafka.admin();
      const [retention, maxRecordBytes] = await (async () => {
        if (!(await admin.listTopics()).includes(options.topic)) throw new ConfigError('--topic', `topic ${options.topic} does not exist (\`leadstream topics apply\` creates leadstream's topics)`);
        return Promise.all([admin.retentionMs(options.topic), admin.maxMessageBytes(options.topic)]);
      })().finally(() => admin.close());
      const cutoff = retention !== undefined ? Date.now() - retention : undefined;
      let tooOld = 0;
      const input = stdin ? process.stdin : createReadStream(options.file, { encoding: 'utf8' });
      const total = stdin ? 0 : statSync(options.file).size;
      let bytes = 0;
      let sent = 0;
      input.on('data', (chunk: string | Buffer) => (bytes += Buffer.byteLength(chunk)));
      const progress = createProgress('produce', total || 1, () => `${sent} records`);
      const refused: number[] = [];
      const produced = await produceEnvelopes(context.kafka, {
        topic: options.topic,
        maxRecordBytes,
        ...(options.failFast ? { failFast: true } : {}),
        onRefused: (line, reason) => {
          refused.push(line);
          process.stderr.write(`leadstream: line ${line}: not sent: ${reason}; going on\n`);
        },
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
      runtime.out(`produced ${produced} records to ${options.topic}${refused.length > 0 ? `; refused ${refused.length} (lines ${refused.slice(0, 20).join(', ')}${refused.length > 20 ? ', …' : ''})` : ''}`);
      if (tooOld > 0) {
        process.stderr.write(`leadstream: warning: ${tooOld} of ${produced} records are stamped older than ${options.topic}'s retention (${Math.round(retention! / 3_600_000)} h): the broker deletes them at its next retention check, maybe before the pipeline reads them (for simulated files: simulate --end now)\n`);
      }
    });
}
