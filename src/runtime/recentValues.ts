/**
 * The most recently used values, in two generations of up to `capacity` each: a hit in the older one moves to the
 * newer, and when the newer is full the older goes whole (so it holds between `capacity` and twice that, and the
 * last `capacity` used are always in). Every operation is O(1). A Map used as an LRU (delete its
 * first key) is not: V8 leaves deleted entries at the front until it rehashes, and finding the first live key walks
 * them (4% of `leadstream run`'s CPU at 1,000,000 leads in a profile).
 */
export class RecentValues<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  /** A capacity of 0 keeps nothing. */
  constructor(private readonly capacity: number) {}

  /** The value, now counted as recently used. */
  get(key: K): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  /** The value, leaving the order as it is (a scan must not evict what processing uses). */
  peek(key: K): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    this.old.delete(key);
    this.young.set(key, value);
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
