import { FOLLOW_UP_MS } from '../domain/stage.js';
import type { AggregateOptions } from '../processors/aggregate.js';
import type { Config } from './config.js';

/** The aggregate's alert settings from the config; `wallClock` false for replays (a backfill, `process`), which follow record time only. */
export const alertOptions = (config: Config, wallClock = config.alertWallClock): AggregateOptions => ({ rules: { stalledAfterMs: config.stalledAfterDays * FOLLOW_UP_MS }, wallClock });
