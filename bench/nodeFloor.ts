/**
 * The floor Node sets for `process` on a file (issue "Faster than Kafka Streams"): read it line by line and, per line,
 * JSON.parse, SHA-256 and JSON.stringify — nothing of ours. Run in its own process, as `process` is; prints JSON.
 */
import { hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const file = process.argv[2];
if (!file) throw new Error('usage: nodeFloor.js FILE');
const started = performance.now();
let lines = 0;
let sink = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line === '') continue;
  const parsed: unknown = JSON.parse(line);
  // Results are used, so the JIT cannot drop the work.
  sink += hash('sha256', line, 'hex').length + JSON.stringify(parsed).length;
  lines += 1;
}
process.stdout.write(JSON.stringify({ leads: lines, elapsedMs: performance.now() - started, sink }));
