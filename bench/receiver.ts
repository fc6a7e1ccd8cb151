/**
 * `npm run bench:receiver`: POST /leads throughput and latency. `leadstream serve` runs as its own process on
 * the embedded broker (or KAFKA_BROKERS / SCHEMA_REGISTRY_URL); autocannon, in this process, posts one lead per
 * request for BENCH_SECONDS (10) at each of BENCH_CONNECTIONS (1,10,100) concurrent connections. Every 202 is
 * checked against the topic afterwards: answered leads stored, none missing.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { suffixedTopics } from '../src/pipeline/topicNames.js';
import { suffixedDefinitions } from '../topics/index.js';
import { benchCommand, whole, wholeList } from './benchCli.js';
import { benchContext, printTable, say } from './benchStack.js';

const { BENCH_SECONDS: SECONDS, BENCH_CONNECTIONS: CONNECTIONS } = benchCommand('bench:receiver', 'POST /leads throughput and latency against `leadstream serve`; every answered lead checked on the topic', {
  BENCH_SECONDS: whole(10, 'seconds per connection count'),
  BENCH_CONNECTIONS: wholeList([1, 10, 100], 'concurrent connections, one run each'),
});
const CLI = fileURLToPath(new URL('../../bin/leadstream.js', import.meta.url));
const SECRET = randomBytes(24).toString('base64url');
const LEAD = JSON.stringify({
  LeadSource: 'AzureMarketplace-PLT|contoso.analytics',
  userDetails: { firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@example.com', phone: '+1 425 555 0100', country: 'US', company: 'Contoso', title: 'CTO' },
  CreatedTime: '2026-11-30T10:00:00Z',
});

async function main(): Promise<void> {
  const { context, stop } = await benchContext();
  const suffix = `bench-${randomBytes(4).toString('hex')}`;
  const admin = await context.kafka.admin();
  await admin.applyTopics(suffixedDefinitions(suffix));
  await admin.close();
  const topic = suffixedTopics(suffix).raw;
  const serve = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--topics-suffix', suffix], {
    env: { ...process.env, KAFKA_BROKERS: context.brokers.join(','), SCHEMA_REGISTRY_URL: context.schemaRegistryUrl, LEADSTREAM_RECEIVER_SECRET: SECRET, LEADSTREAM_LOG_LEVEL: 'info', LEADSTREAM_EXIT_WITH_PARENT: 'true' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    serve.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const address = /"address":"(http[^"]+)"/.exec(stderr)?.[1];
      if (address) resolve(address);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr.trim()}`)));
  });
  const rows: string[][] = [['connections', 'requests/s', 'p50 ms', 'p99 ms', 'answered 202', 'other answers']];
  let accepted = 0;
  for (const connections of CONNECTIONS) {
    say(`POST /leads with ${connections} connection(s) for ${SECONDS} s...`);
    const result = await autocannon({ url: `${base}/leads?code=${SECRET}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: LEAD, connections, duration: SECONDS });
    const ok = result['2xx'];
    accepted += ok;
    rows.push([String(connections), Math.round(result.requests.average).toLocaleString('en-US'), result.latency.p50.toFixed(1), result.latency.p99.toFixed(1), ok.toLocaleString('en-US'), String(result.non2xx + result.errors + result.timeouts)]);
  }
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.once('exit', resolve));
  let stored = 0;
  await context.kafka.readToEnd({ topic, onBatch: async (_p, records) => void (stored += records.length) });
  printTable(rows);
  console.log(`\nleads stored in ${topic}: ${stored.toLocaleString('en-US')} (answered 202: ${accepted.toLocaleString('en-US')})`);
  await stop();
  if (stored < accepted) {
    say('FAILED: fewer leads stored than answered 202');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  say(`bench:receiver: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
