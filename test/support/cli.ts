import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/leadstream.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `leadstream ...args` as a user would (the built CLI), with the test environment plus `env`. */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

export function startCli(args: readonly string[], env: Record<string, string | undefined> = {}): ChildProcess {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, LEADSTREAM_LOG_LEVEL: 'warn', LEADSTREAM_EXIT_WITH_PARENT: 'true', ...env })) if (v !== undefined) merged[k] = v;
  return spawn(process.execPath, [CLI, ...args], { env: merged, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The first URL a child logs under `field` (its JSON log lines on stderr): where it listens. */
export function loggedUrl(child: ChildProcess, field: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const value = new RegExp(`"${field}":"(http[^"]+)"`).exec(stderr)?.[1];
      if (value) resolve(value);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before logging ${field}: ${stderr.slice(-2000)}`)));
  });
}
