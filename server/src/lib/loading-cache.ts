/**
 * A map whose entries expire after `TTL_MS` and whose misses are loaded once however many ask at
 * the same time (the access cache, the active structure's grids). `drop` forgets entries and
 * makes every load under way unstorable (an epoch), so a read racing a commit cannot put the old
 * row back. Misses (null) are never kept.
 */
/** How long an entry lives at most (ms, monotonic clock). */
export const TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;

export class LoadingCache<K, V> {
  private entries = new Map<K, { value: V; at: number }>();
  private loading = new Map<K, Promise<V | null>>();
  private epoch = 0;

  constructor(private ttlMs = TTL_MS) {}

  get size() {
    return this.entries.size;
  }

  async get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    const e = this.entries.get(key);
    if (e) {
      if (performance.now() - e.at <= this.ttlMs) return e.value;
      this.entries.delete(key);
    }
    let p = this.loading.get(key);
    if (!p) {
      const epoch = this.epoch;
      p = load().then(
        (value) => {
          if (this.epoch === epoch) {
            this.loading.delete(key);
            // Misses are not kept: what does not exist yet may exist at the next request.
            if (value !== null) this.put(key, value);
          }
          return value;
        },
        (err) => {
          if (this.epoch === epoch) this.loading.delete(key);
          throw err;
        },
      );
      this.loading.set(key, p);
    }
    return p;
  }

  private put(key: K, value: V) {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, at: performance.now() });
  }

  /** Change an entry in place (keeps its age), e.g. a session's last-seen time after touching it. */
  update(key: K, fn: (v: V) => V) {
    const e = this.entries.get(key);
    if (e) e.value = fn(e.value);
  }

  /** A fresh entry, without loading (e.g. inside a transaction that must not fill the cache itself). */
  peek(key: K): V | undefined {
    const e = this.entries.get(key);
    return e && performance.now() - e.at <= this.ttlMs ? e.value : undefined;
  }

  /** The current epoch: pass it to `offer` with a value loaded after reading it. */
  get version() {
    return this.epoch;
  }

  /** Keep a value loaded elsewhere, unless something was dropped since `version` was read. */
  offer(key: K, value: V, version: number) {
    if (this.epoch === version) this.put(key, value);
  }

  /** Forget the entries that match (all without a test); loads under way are not stored. */
  drop(test?: (value: V) => boolean) {
    this.epoch++;
    this.loading.clear();
    if (!test) this.entries.clear();
    else for (const [k, e] of this.entries) if (test(e.value)) this.entries.delete(k);
  }
}
