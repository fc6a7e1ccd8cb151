import { Command } from 'commander';

/** An environment variable a benchmark reads: sizes are env vars (as CI sets them), not arguments. */
interface Setting<T> {
  readonly what: string;
  /** The default as `--help` shows it. */
  readonly shown: string;
  /** The value from the variable's text (undefined: unset or blank); a bad text stops the benchmark. */
  read(name: string, text: string | undefined): T;
}

/** A whole number of at least `min`. */
export const whole = (fallback: number, what: string, min = 1): Setting<number> => ({
  what,
  shown: String(fallback),
  read: (name, text) => (text === undefined ? fallback : wholeNumber(name, text, text, min, 'a whole number')),
});

/** A comma-separated list of whole numbers of at least 1. */
export const wholeList = (fallback: readonly number[], what: string): Setting<number[]> => ({
  what,
  shown: fallback.join(','),
  read: (name, text) => (text === undefined ? [...fallback] : text.split(',').map((part) => wholeNumber(name, text, part, 1, 'a comma-separated list of whole numbers'))),
});

/** Text taken as it is (undefined when unset); `shown` says what the benchmark does without it. */
export const text = (shown: string, what: string): Setting<string | undefined> => ({ what, shown, read: (_name, value) => value });

type Values<S> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/**
 * A benchmark's command line (commander, as the CLI's): `--help` says what it measures and which environment
 * variables it reads, with their defaults; an argument it does not take, or a variable it cannot use, is one line
 * and a non-zero exit before anything starts. Answers the variables' values.
 */
export function benchCommand<S extends Record<string, Setting<unknown>>>(script: string, description: string, settings: S): Values<S> {
  const entries = Object.entries(settings);
  const width = Math.max(...entries.map(([name]) => name.length));
  new Command(`npm run ${script}`)
    .description(description)
    .allowExcessArguments(false)
    .addHelpText('after', `\nEnvironment:\n${entries.map(([name, s]) => `  ${name.padEnd(width)}  ${s.what} (default ${s.shown})`).join('\n')}\n`)
    .parse(process.argv);
  const value = (name: string): string | undefined => {
    const raw = process.env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };
  return Object.fromEntries(entries.map(([name, s]) => [name, s.read(name, value(name))])) as Values<S>;
}

function wholeNumber(name: string, text: string, part: string, min: number, wanted: string): number {
  const value = Number(part);
  if (part.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    process.stderr.write(`error: ${name}: "${text}" is not ${wanted} of at least ${min}\n`);
    process.exit(2);
  }
  return value;
}
