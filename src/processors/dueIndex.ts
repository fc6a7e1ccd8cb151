/**
 * Due times of keys, earliest first (a binary min-heap). Times are hints, not truth: the caller re-checks a popped
 * key against its state and adds its next time. A key keeps one entry, its earliest: a later time waits until that
 * one pops, so a customer with many leads does not fill the heap. The heap is two parallel arrays (times, keys), not
 * an object per entry: a restored task holds an entry per customer, and the objects were 48 B of heap each.
 */
export class DueIndex {
  private readonly times: number[] = [];
  private readonly keys: string[] = [];
  private readonly scheduled = new Map<string, number>();

  get size(): number {
    return this.scheduled.size;
  }

  add(key: string, at: number | undefined): void {
    if (at === undefined) return;
    const current = this.scheduled.get(key);
    if (current !== undefined && current <= at) return;
    this.scheduled.set(key, at);
    const { times, keys } = this;
    // Sift up: parents later than `at` move down into the hole, then the entry lands.
    let i = times.length;
    times.push(at);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= at) break;
      times[i] = times[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    times[i] = at;
    keys[i] = key;
  }

  /** Removes and returns the earliest key due at or before `now`. */
  popDue(now: number): string | undefined {
    const { times, keys } = this;
    while (times.length > 0 && times[0]! <= now) {
      const at = times[0]!;
      const key = keys[0]!;
      this.popTop();
      // An entry superseded by an earlier time for the same key was already handled.
      if (this.scheduled.get(key) !== at) continue;
      this.scheduled.delete(key);
      return key;
    }
    return undefined;
  }

  private popTop(): void {
    const { times, keys } = this;
    const at = times.pop()!;
    const key = keys.pop()!;
    const n = times.length;
    if (n === 0) return;
    // Sift the last entry down from the root.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && times[r]! < times[l]! ? r : l;
      if (times[child]! >= at) break;
      times[i] = times[child]!;
      keys[i] = keys[child]!;
      i = child;
    }
    times[i] = at;
    keys[i] = key;
  }
}
