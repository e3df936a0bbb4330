/**
 * The per-run memo: work that several analyses of one run share (the orders read, the customer summary,
 * the BG/NBD and Gamma-Gamma fits, purchase histories) is done once per run and handed on through
 * `CommonOptions.memo`. The runner makes one memo per run and drops it with the run; nothing is kept
 * between runs, and an analysis called without a memo (a test, a direct call) computes afresh.
 *
 * Entries are keyed by an owner object of the run (the orders read, a summary) and a string naming the
 * work and its options; values are read-only to every reader.
 */
export class RunMemo {
  private readonly byOwner = new Map<object, Map<string, unknown>>();
  private readonly counts = new Map<string, number>();
  private readonly sealed = new Map<object, string>();

  /** The value of `key` for `owner`, computed by `f` the first time it is asked for in this run. */
  get<T>(owner: object, key: string, f: () => T): T {
    let m = this.byOwner.get(owner);
    if (!m) {
      m = new Map();
      this.byOwner.set(owner, m);
    }
    if (m.has(key)) return m.get(key) as T;
    const sealed = this.sealed.get(owner);
    if (sealed !== undefined) throw new Error(`${sealed} (no ${key.split('|')[0]} for ${key})`);
    const v = f();
    m.set(key, v);
    const kind = key.split('|')[0];
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    return v;
  }

  /** Whether the value of `key` for `owner` is in the memo already. */
  has(owner: object, key: string): boolean {
    return this.byOwner.get(owner)?.has(key) ?? false;
  }

  /**
   * From now on, work for `owner` not already in the memo throws `why` instead of being computed: its values came
   * from elsewhere (a summary pushed down to a database) and computing afresh from `owner` would give wrong figures.
   */
  seal(owner: object, why: string): void {
    this.sealed.set(owner, why);
  }

  /** How many times work of a kind (the key up to its first `|`) was computed in this run. */
  computed(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }
}

/** `f()` through `memo` when there is one, else computed afresh. */
export function memoized<T>(memo: RunMemo | undefined, owner: object, key: string, f: () => T): T {
  return memo ? memo.get(owner, key, f) : f();
}
