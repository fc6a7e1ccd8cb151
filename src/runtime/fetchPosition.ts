/**
 * What to do with a fetch that starts at `fetched` when the task's next offset is `position` and the log now
 * starts at `logStart`: a fetch ahead of the position would commit past records never processed (after a failed or
 * fenced transaction, a rebalance), so go back; unless the log itself starts there, because retention deleted the
 * records in between before they were processed: then go on, and say how many were lost.
 */
export type FetchDecision = { readonly kind: 'process' } | { readonly kind: 'rewind' } | { readonly kind: 'lost-to-retention'; readonly lost: bigint };

export function fetchDecision(fetched: bigint, position: bigint, logStart: bigint): FetchDecision {
  if (fetched <= position) return { kind: 'process' };
  if (fetched > logStart) return { kind: 'rewind' };
  return { kind: 'lost-to-retention', lost: logStart - position };
}
