/**
 * Calls `onOrphaned` once the process that started us is gone (our parent id changes: we were handed to init or
 * a subreaper). Polled, because Linux tells a child nothing when its parent dies. The timer never keeps us alive.
 */
export function watchParent(onOrphaned: () => void, intervalMs = 1_000): () => void {
  const parent = process.ppid;
  // Already handed to init: the parent died while we were starting.
  if (parent === 1) {
    setImmediate(onOrphaned);
    return () => {};
  }
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
