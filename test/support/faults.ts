/** Stops a whole process group for `ms`, then lets it go on; always thaws, even if the waiting is interrupted. */
export async function freeze(processGroup: number, ms: number, during?: () => Promise<void>): Promise<void> {
  process.kill(-processGroup, 'SIGSTOP');
  try {
    await Promise.all([new Promise((resolve) => setTimeout(resolve, ms)), during?.()]);
  } finally {
    process.kill(-processGroup, 'SIGCONT');
  }
}
