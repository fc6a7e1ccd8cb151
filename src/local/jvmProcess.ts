import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { LocalStackError } from './localStackError.js';

/**
 * Runs the JVM under a tiny POSIX-sh watchdog that holds a pipe from us on fd 3: when this Node process dies,
 * even by SIGKILL, the pipe closes and the watchdog stops the JVM. No orphan brokers, whatever happens to us.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'child=$!',
  'stop() { kill -TERM "$child" 2>/dev/null; }',
  'trap stop TERM INT HUP',
  '( while read -r _ <&3; do :; done; kill -TERM "$child" 2>/dev/null ) &',
  'watcher=$!',
  'status=0',
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

export interface JvmProcessOptions {
  readonly name: string;
  readonly java: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
}

export interface JvmProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code when the JVM has exited (for any reason). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startJvm(options: JvmProcessOptions): JvmProcess {
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('sh', ['-c', WATCHDOG, 'leadstream-watchdog', options.java, ...options.args], {
      cwd: options.cwd,
      // Own process group: a terminal's Ctrl-C reaches us, and we stop the JVMs in order.
      detached: true,
      stdio: ['pipe', log, log],
    });
  } finally {
    closeSync(log);
  }
  // Never let the watchdog pipe keep Node alive.
  child.unref();
  const pipe = child.stdin;
  if (pipe && 'unref' in pipe && typeof pipe.unref === 'function') (pipe as unknown as { unref(): void }).unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  if (pid === undefined) throw new LocalStackError('PROCESS_EXITED', `${options.name} could not be started`, options.logFile);

  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  return {
    name: options.name,
    pid,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // To the watchdog only: it forwards to the JVM and exits when the JVM has.
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
