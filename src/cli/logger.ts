import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** Structured logs to stderr (stdout stays for data: `consume`, `--print-env`). */
export const createLogger = (level: LogLevel): Logger => pino({ level, base: { app: 'leadstream' } }, pino.destination(2));
