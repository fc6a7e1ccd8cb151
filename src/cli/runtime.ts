import { loadConfig, type Config } from './config.js';
import { externalContext, type Context } from './context.js';
import { createLogger, type Logger } from './logger.js';

/** What a command gets from main: lazily loaded config (so --help needs no valid env), output, and shutdown. */
export interface CommandRuntime {
  config(): Config;
  logger(): Logger;
  external(): Context;
  /** One line of data on stdout. */
  out(line: string): void;
  /** Aborted on the first SIGINT/SIGTERM: commands finish their work and return. */
  readonly shutdown: AbortSignal;
}

export function createRuntime(env: NodeJS.ProcessEnv, shutdown: AbortSignal): CommandRuntime {
  let config: Config | undefined;
  let logger: Logger | undefined;
  const runtime: CommandRuntime = {
    config: () => (config ??= loadConfig(env)),
    logger: () => (logger ??= createLogger(runtime.config().logLevel)),
    external: () => externalContext(runtime.config(), runtime.logger()),
    out: (line) => process.stdout.write(`${line}\n`),
    shutdown,
  };
  return runtime;
}

/**
 * Resolves when the runtime is asked to stop, rejects when `failure` does; keeps the process alive until then (a
 * pending promise alone does not) and lets it go either way.
 */
export const untilShutdown = (signal: AbortSignal, failure?: Promise<unknown>): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return resolve();
    const keepAlive = setInterval(() => {}, 1 << 30);
    signal.addEventListener('abort', () => {
      clearInterval(keepAlive);
      resolve();
    }, { once: true });
    failure?.catch((error: unknown) => {
      clearInterval(keepAlive);
      reject(error);
    });
  });
