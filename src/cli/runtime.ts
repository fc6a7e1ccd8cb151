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

/** Resolves when the runtime is asked to stop; keeps the process alive until then (a pending promise alone does not). */
export const untilShutdown = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const keepAlive = setInterval(() => {}, 1 << 30);
    signal.addEventListener('abort', () => {
      clearInterval(keepAlive);
      resolve();
    }, { once: true });
  });
