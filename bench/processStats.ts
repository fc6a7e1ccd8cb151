import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessStats {
  /** User + system CPU seconds since the process started. */
  readonly cpuSeconds: number;
  /** Peak resident set size (VmHWM), bytes. */
  readonly peakRssBytes: number;
}

// Linux reports CPU time in clock ticks; USER_HZ is 100 on every architecture Node supports.
const TICKS_PER_SECOND = 100;

/** /proc/PID/stat's fields after the command name (field 2), which may hold spaces and parentheses. */
const statFields = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
/** After the name: state, ppid, pgrp, …; utime and stime are the 14th and 15th fields overall. */
const PGRP = 2;
const UTIME = 11;
const STIME = 12;

/** A child's CPU time and peak RSS from /proc, read while it still runs (a Java process reports nothing itself). */
export function processStats(pid: number): ProcessStats {
  const fields = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const utime = Number(fields[UTIME]);
  const stime = Number(fields[STIME]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, peakRssBytes: Number(hwm?.[1] ?? 0) * 1024 };
}

/** User + system CPU seconds of every live process in a process group (the embedded broker: a watchdog and its JVM). */
export function processGroupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const fields = statFields(stat);
    if (Number(fields[PGRP]) === pgid) ticks += Number(fields[UTIME]) + Number(fields[STIME]);
  }
  return ticks / TICKS_PER_SECOND;
}
