/**
 * Due times of keys, earliest first (a binary min-heap). Times are hints, not truth: the caller re-checks a popped
 * key against its state and adds its next time. A key keeps one entry, its earliest: a later time waits until that
 * one pops, so a customer with many leads does not fill the heap.
 */
export class DueIndex {
  private readonly heap: { at: number; key: string }[] = [];
  private readonly scheduled = new Map<string, number>();

  get size(): number {
    return this.scheduled.size;
  }

  add(key: string, at: number | undefined): void {
    if (at === undefined) return;
    const current = this.scheduled.get(key);
    if (current !== undefined && current <= at) return;
    this.scheduled.set(key, at);
    const heap = this.heap;
    heap.push({ at, key });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= heap[i]!.at) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** Removes and returns the earliest key due at or before `now`. */
  popDue(now: number): string | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.at > now) return undefined;
      this.pop();
      // An entry superseded by an earlier time for the same key was already handled.
      if (this.scheduled.get(top.key) !== top.at) continue;
      this.scheduled.delete(top.key);
      return top.key;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && heap[l]!.at < heap[smallest]!.at) smallest = l;
        if (r < heap.length && heap[r]!.at < heap[smallest]!.at) smallest = r;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
        i = smallest;
      }
    }
  }
}
