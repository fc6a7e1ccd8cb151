import { pino, type Logger } from 'pino';
import { loadConfig } from '../src/cli/config.js';
import { contextFor, type Context } from '../src/cli/context.js';
import { probeKafka } from '../src/kafka/readiness.js';
import { startLocalStack, type LocalStack } from '../src/local/stack.js';

export const benchLogger: Logger = pino({ level: 'warn' }, pino.destination(2));
export const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** The real broker and registry for a benchmark: KAFKA_BROKERS / SCHEMA_REGISTRY_URL, or the embedded stack. */
export interface BenchContext {
  readonly context: Context;
  /** The connection for a child process: KAFKA_BROKERS and SCHEMA_REGISTRY_URL. */
  readonly env: { readonly KAFKA_BROKERS: string; readonly SCHEMA_REGISTRY_URL: string };
  readonly stop: () => Promise<void>;
  /** The embedded broker's process group (undefined with KAFKA_BROKERS): its CPU is the other half of a contender's cost. */
  readonly brokerGroup?: number;
}

export async function benchContext(): Promise<BenchContext> {
  const config = loadConfig(process.env);
  if (config.connection.kind === 'external') {
    const { brokers, schemaRegistryUrl } = config.connection;
    return { context: contextFor(config, benchLogger, brokers, schemaRegistryUrl), env: { KAFKA_BROKERS: brokers.join(','), SCHEMA_REGISTRY_URL: schemaRegistryUrl }, stop: async () => {} };
  }
  say('starting the embedded Kafka and registry...');
  const stack: LocalStack = await startLocalStack({
    probeKafka: (bootstrap) => probeKafka(bootstrap, benchLogger),
    ...(config.javaHome ? { javaHome: config.javaHome } : {}),
    ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
  });
  return { context: contextFor(config, benchLogger, [stack.kafkaBrokers], stack.schemaRegistryUrl), env: { KAFKA_BROKERS: stack.kafkaBrokers, SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl }, stop: () => stack.stop(), brokerGroup: stack.processGroups.kafka };
}

/**
 * Simulation times for `leads` spread over the last day: raw topics keep 7 days, and the broker deletes older
 * records at its next retention check, in the middle of a run.
 */
export const lastDay = (leads: number): { start: number; maxGapMs: number } => ({ start: Date.now() - 86_400_000, maxGapMs: Math.max(1, Math.floor((2 * 86_400_000) / leads)) });

/** A markdown table on stdout. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}
