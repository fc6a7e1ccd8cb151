import type { Cancellable, PunctuationType, Punctuator } from './api.js';

interface Schedule {
  at: number;
  readonly intervalMs: number;
  readonly punctuator: Punctuator;
  cancelled: boolean;
}

/**
 * Kafka Streams' PunctuationQueue: a schedule fires when time reaches it, with the current time, then moves to
 * the next interval boundary after that time (missed intervals fire once, not once each).
 */
export class PunctuationSchedules {
  private readonly schedules: Schedule[] = [];

  constructor(readonly type: PunctuationType) {}

  /** First due at `startAt`: stream time aligns to 0 (fires at the first record); wall clock to now + interval. */
  add(startAt: number, intervalMs: number, punctuator: Punctuator): Cancellable {
    if (!(intervalMs >= 1)) throw new RangeError(`a punctuation interval must be at least 1 ms (got ${intervalMs})`);
    const schedule: Schedule = { at: startAt, intervalMs, punctuator, cancelled: false };
    this.schedules.push(schedule);
    return { cancel: () => void (schedule.cancelled = true) };
  }

  /** Fires what is due at `now`, earliest first; returns how many fired. */
  fire(now: number): number {
    let fired = 0;
    for (;;) {
      let next: Schedule | undefined;
      for (const s of this.schedules) if (!s.cancelled && s.at <= now && (next === undefined || s.at < next.at)) next = s;
      if (!next) break;
      const missed = Math.floor((now - next.at) / next.intervalMs);
      next.at += (missed + 1) * next.intervalMs;
      next.punctuator(now);
      fired += 1;
    }
    for (let i = this.schedules.length - 1; i >= 0; i--) if (this.schedules[i]!.cancelled) this.schedules.splice(i, 1);
    return fired;
  }

  /** When the next schedule is due (undefined: none). */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const s of this.schedules) if (!s.cancelled && (due === undefined || s.at < due)) due = s.at;
    return due;
  }
}
