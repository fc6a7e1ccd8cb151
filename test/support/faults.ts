import { execFileSync } from 'node:child_process';

/**
 * The registry's process group, to freeze it (SIGSTOP) and thaw it (SIGCONT): from globalSetup's embedded stack,
 * or, against a stack started by `leadstream dev`, found from the process listening on the registry's port.
 */
export function registryProcessGroup(): number {
  const known = process.env['LEADSTREAM_TEST_REGISTRY_PGID'];
  if (known) return Number(known);
  const port = new URL(process.env['SCHEMA_REGISTRY_URL'] ?? '').port;
  const listening = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(listening)?.[1];
  if (!pid) throw new Error(`no process listens on the registry port ${port}: cannot inject the fault`);
  return Number(execFileSync('ps', ['-o', 'pgid=', '-p', pid], { encoding: 'utf8' }).trim());
}

/** Stops a whole process group for `ms`, then lets it go on; always thaws, even if the waiting is interrupted. */
export async function freeze(processGroup: number, ms: number, during?: () => Promise<void>): Promise<void> {
  process.kill(-processGroup, 'SIGSTOP');
  try {
    await Promise.all([new Promise((resolve) => setTimeout(resolve, ms)), during?.()]);
  } finally {
    process.kill(-processGroup, 'SIGCONT');
  }
}
