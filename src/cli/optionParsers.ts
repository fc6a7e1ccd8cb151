import { ConfigError } from './configError.js';

/** A commander option parser for a whole number ≥ `min`, failing with a one-line error naming the option. */
export const wholeNumber = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new ConfigError(name, `"${value}" is not a whole number ≥ ${min}`);
  return n;
};

/** A commander option parser for a number > 0. */
export const positiveNumber = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(name, `"${value}" is not a positive number`);
  return n;
};

/** The runtime's tunables as options, shared by `run`, `backfill` and `demo`. */
export interface RuntimeOptions {
  commitInterval: number;
  maxBatch: number;
  sessionTimeout: number;
  taskTimeout: number;
}

export function addRuntimeOptions<T extends { option(flags: string, description: string, parse: (v: string) => number, defaultValue: number): T }>(command: T): T {
  return command
    .option('--commit-interval <ms>', 'how often each task commits its transaction (outputs, changelog and offsets together)', wholeNumber('--commit-interval', 1), 100)
    .option('--max-batch <n>', 'a task commits sooner once this many input records wait in its transaction', wholeNumber('--max-batch', 1), 10_000)
    .option('--session-timeout <ms>', 'how soon the partitions of a killed instance move to the others (brokers refuse less than 6000 by default)', wholeNumber('--session-timeout', 6_000), 30_000)
    .option('--task-timeout <ms>', 'how long a task may keep failing transiently (broker or registry away) before the process fails', wholeNumber('--task-timeout', 0), 300_000);
}

/** The runtime's options as the pipeline takes them. */
export const runtimeTunables = (o: RuntimeOptions) => ({ commitIntervalMs: o.commitInterval, maxRecordsPerCommit: o.maxBatch, sessionTimeoutMs: o.sessionTimeout, taskTimeoutMs: o.taskTimeout });
