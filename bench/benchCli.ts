import { Command } from 'commander';

/** An environment variable a benchmark reads: sizes are env vars (as CI sets them), not arguments. */
export interface EnvSetting {
  readonly name: string;
  readonly fallback: string;
  readonly what: string;
}

/**
 * A benchmark's command line (commander, as the CLI's): `--help` says what it measures and which environment
 * variables it reads; an argument it does not take is one line and a non-zero exit, before anything starts.
 */
export function benchCommand(script: string, description: string, settings: readonly EnvSetting[]): void {
  const width = Math.max(...settings.map((s) => s.name.length));
  new Command(`npm run ${script}`)
    .description(description)
    .allowExcessArguments(false)
    .addHelpText('after', settings.length === 0 ? '' : `\nEnvironment:\n${settings.map((s) => `  ${s.name.padEnd(width)}  ${s.what} (default ${s.fallback})`).join('\n')}\n`)
    .parse(process.argv);
}

/** A whole number from the environment (at least `min`), or the default; anything else stops the benchmark with one line. */
export function envWhole(name: string, fallback: number, min = 1): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) stop(`${name}: "${text}" is not a whole number of at least ${min}`);
  return value;
}

/** A comma-separated list of whole numbers, as envWhole. */
export function envWholeList(name: string, fallback: readonly number[], min = 1): number[] {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return [...fallback];
  return text.split(',').map((part) => {
    const value = Number(part);
    if (part.trim() === '' || !Number.isSafeInteger(value) || value < min) stop(`${name}: "${text}" is not a comma-separated list of whole numbers of at least ${min}`);
    return value;
  });
}

function stop(line: string): never {
  process.stderr.write(`error: ${line}\n`);
  process.exit(2);
}
