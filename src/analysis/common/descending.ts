/**
 * Customers ordered by a value, highest first, ties by id: the order of
 * `indexes.sort((a, b) => values[b] - values[a] || (ids[a] < ids[b] ? -1 : 1))`, which the RFM and clusters
 * sheets list customers in. With distinct ids and no NaN that comparator is a total order, so there is one
 * such order, found here with few comparisons: up to 2^24 customers a native sort of 64-bit words packing each index
 * beside its value's top bits (`packedOrder`), beyond that a stable radix sort of the values' bits (`radixOrder`),
 * then only runs of equal keys compared. Equal as the comparator sees them: −0 and +0 (made
 * one key), +∞ and +∞ (their difference is NaN, so the ids decide) likewise. With a NaN the comparator is not an
 * order: the sort itself decides, as before. Measured (CPU): 1,000,000 customers with ids in random order, the
 * comparator sort 1.0 s, the merge sort RFM had 0.64 s, this 0.45 s (most of it comparing the ids of equal values);
 * 100,000 customers of the benchmark file, 55 ms against 17 ms. And a run shares one order between analyses whose
 * values and ids are equal (RFM's and the clusters' revenue come from two summaries of the same customers).
 */
import { idRanks, type IdRanks } from './id-ranks.js';
import { memoized, type RunMemo } from './memo.js';

/** The memo's owner of the orders made in a run (a list: each with the values and ids it was made of). */
const ORDERS_MADE = {};

interface Made {
  values: ArrayLike<number>;
  ids: readonly string[];
  order: Int32Array;
}

/** Indexes 0..n−1 by `values` descending, ties by `ids` ascending (see above). Read-only when memoized. */
export function descendingOrder(values: ArrayLike<number>, ids: readonly string[], memo?: RunMemo): Int32Array {
  if (!memo) return orderOf(values, ids);
  const made = memoized<Made[]>(memo, ORDERS_MADE, 'descending-order', () => []);
  for (const m of made) if (sameContent(m, values, ids)) return m.order;
  const order = orderOf(values, ids);
  made.push({ values, ids, order });
  return order;
}

/** Whether `m` was made of equal values (`===`: −0 and +0 alike; a NaN never) and the same ids. */
function sameContent(m: Made, values: ArrayLike<number>, ids: readonly string[]): boolean {
  if (m.values === values && m.ids === ids) return true;
  const n = ids.length;
  if (m.ids.length !== n || m.values.length !== values.length) return false;
  for (let i = 0; i < n; i++) if (m.values[i] !== values[i] || m.ids[i] !== ids[i]) return false;
  return true;
}

/**
 * `descendingOrder` without the memo. `packedMax`: the most customers ordered by `packedOrder` (more: by the radix sort
 * of every bit; tests lower it to check that path).
 */
export function orderOf(values: ArrayLike<number>, ids: readonly string[], packedMax = PACKED_MAX): Int32Array {
  const n = ids.length;
  const cmp = (a: number, b: number) => values[b] - values[a] || (ids[a] < ids[b] ? -1 : 1);
  for (let i = 0; i < n; i++)
    if (Number.isNaN(values[i])) return Int32Array.from(Array.from({ length: n }, (_, k) => k).sort(cmp));
  const ranked = packedRanks(ids, packedMax);
  if (ranked) {
    const rank = ranked.rank;
    return packedOrder(values, (a, b) => values[b] - values[a] || rank[a] - rank[b], ranked);
  }
  if (n <= packedMax) return packedOrder(values, cmp);
  const { hi, lo } = descendingKeys(values, n);
  const { order, keys } = radixOrder(n, [lo, hi]);
  const [l, h] = keys;
  sortTiesById(order, ids, (p) => h[p] === h[p - 1] && l[p] === l[p - 1]);
  return order;
}

/** The most indexes `packedOrder` orders (beyond: the radix sort of every bit). */
const PACKED_MAX = 2 ** 24;

/** The ids' registered ranks (id-ranks.ts) when `packedOrder` can pack them (their range within `packedMax`). */
function packedRanks(ids: readonly string[], packedMax: number): IdRanks | undefined {
  const ranked = idRanks(ids);
  return ranked && ranked.size <= packedMax ? ranked : undefined;
}

/**
 * Indexes 0..n−1 (n ≤ 2^24, no NaN) in the order of `cmp`, a total order that agrees with the values descending (an
 * index of a greater value comes first): each index packed beside its value's order-preserving key (as
 * `descendingKeys` makes it) in one 64-bit word, the key's lowest bits giving way to the index's (17 of 64 at 100,000
 * customers), the words sorted by the engine's native sort of a BigUint64Array, then each run of equal kept key bits
 * sorted by `cmp` (`sortRuns`). Runs are short unless values are equal (where `cmp` decides by its later keys, as a
 * radix sort would have to). At 10,000,000 customers CLV's order took 13 CPU s as a radix sort of 16-bit digits, most
 * of it scattering indexes. Packed into a double's 53 bits instead (the index beside 29 key bits, sorted as a
 * Float64Array, ~10 ms against ~6), `orderOf` took 42 CPU ms cold on the benchmark file's 100,000 customers (median of
 * 6 runs on a busy machine), this 35.
 *
 * With the ids' ranks (`ranked`, id-ranks.ts; `cmp` then breaks its ties by rank) each value is packed beside its id's
 * rank instead of its index: the native sort then puts equal values in id order too, and a run of equal kept bits is
 * only checked, in one pass, unless its values differ in the bits given way or in `cmp`'s later keys. At 6.33M
 * customers (the 20M-order file through DuckDB, busy machine) RFM's order took 7.4 CPU s, 4.0 of them comparing ids
 * as strings in runs of equal revenue.
 */
function packedOrder(
  values: ArrayLike<number>,
  cmp: (a: number, b: number) => number,
  ranked?: IdRanks,
  then?: ArrayLike<number>,
): Int32Array {
  const n = values.length;
  const rank = ranked?.rank;
  const slots = ranked ? ranked.size : n;
  const bits = slots <= 1 ? 1 : 32 - Math.clz32(slots - 1);
  const mask = 2 ** bits - 1;
  const keep = ~mask >>> 0; // the key bits of a low word kept beside the index
  // −v (−0 and +0 both +0), its bits made ascending keys in place: sign bit flipped for a positive double, every bit
  // for a negative one; word 2i low (its lowest `bits` replaced by i), 2i + 1 high (little-endian).
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = values[i] === 0 ? 0 : -values[i];
  const w = new Uint32Array(v.buffer);
  for (let i = 0; i < n; i++) {
    const h = w[2 * i + 1];
    const neg = h >>> 31 === 1;
    w[2 * i + 1] = neg ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    w[2 * i] = (((neg ? ~w[2 * i] : w[2 * i]) & keep) | (rank ? rank[i] : i)) >>> 0;
  }
  new BigUint64Array(v.buffer).sort();
  const order = new Int32Array(n);
  if (rank) {
    const byRank = new Int32Array(slots);
    for (let i = 0; i < n; i++) byRank[rank[i]] = i;
    for (let p = 0; p < n; p++) order[p] = byRank[w[2 * p] & mask];
    rankedRuns(order, w, keep, values, then, cmp, { rank, byRank, bits });
  } else {
    for (let p = 0; p < n; p++) order[p] = w[2 * p] & mask;
    sortRuns(order, (p) => w[2 * p + 1] === w[2 * p - 1] && ((w[2 * p] ^ w[2 * p - 2]) & keep) === 0, cmp);
  }
  return order;
}

/**
 * `packedOrder`'s runs of equal kept bits when ranks were packed: a run is in `cmp`'s order already when its values
 * (and `then`'s) are equal as `cmp` sees them (a difference of 0, or NaN: +∞ and +∞), since the sort put it in rank
 * order; any other run is sorted by `cmp`. One loop of typed reads (a call of `cmp` per customer in runs, checking
 * them through `sortRuns`, was about 1.9 of 3.2 s at 6.33M customers).
 */
function rankedRuns(
  order: Int32Array,
  w: Uint32Array,
  keep: number,
  values: ArrayLike<number>,
  then: ArrayLike<number> | undefined,
  cmp: (a: number, b: number) => number,
  packed: { rank: Int32Array; byRank: Int32Array; bits: number },
): void {
  const n = order.length;
  const v = values instanceof Float64Array ? values : Float64Array.from(values);
  const u = then === undefined ? null : then instanceof Float64Array ? then : Float64Array.from(then);
  const lowRuns = u ? null : new LowBitRuns(v, packed);
  for (let from = 0; from < n;) {
    let to = from + 1,
      tied = true;
    while (to < n && w[2 * to + 1] === w[2 * to - 1] && ((w[2 * to] ^ w[2 * to - 2]) & keep) === 0) {
      if (tied) {
        const a = order[to - 1],
          b = order[to];
        const d = v[a] - v[b];
        const e = u ? u[a] - u[b] : 0;
        tied = (d === 0 || d !== d) && (e === 0 || e !== e);
      }
      to++;
    }
    if (!tied) {
      if (lowRuns) lowRuns.sort(order, from, to);
      else sortRun(order, from, to, cmp);
    }
    from = to;
  }
}

/**
 * Sorts a run of `packedOrder` (ranks packed, one key) whose values differ: they share the key's kept bits, so their
 * order is that of the bits given way to the rank, then the rank; both packed in one double (at most 2 × 24 bits) and
 * sorted by the typed array's own sort. At 6.33M customers RFM's revenue had 37,000 such runs of 4.2M customers in all
 * (sums equal but for their last bits, added in other orders): sorting them by the comparator took 0.8 s.
 */
class LowBitRuns {
  private buf = new Float64Array(64);
  private readonly scale: number;
  private readonly mask: number;
  constructor(
    private readonly v: Float64Array,
    private readonly packed: { rank: Int32Array; byRank: Int32Array; bits: number },
  ) {
    this.scale = 2 ** packed.bits;
    this.mask = this.scale - 1;
  }
  sort(order: Int32Array, from: number, to: number): void {
    const len = to - from;
    if (this.buf.length < len) this.buf = new Float64Array(2 * len);
    const buf = this.buf.subarray(0, len);
    const { rank, byRank } = this.packed;
    const { v, scale, mask } = this;
    for (let k = 0; k < len; k++) {
      const i = order[from + k];
      // The key's low word as packedOrder makes it (of −v, −0 as +0), its lowest `bits`.
      const x = v[i];
      DOUBLE[0] = x === 0 ? 0 : -x;
      const low = (BITS[1] >>> 31 === 1 ? ~BITS[0] : BITS[0]) & mask;
      buf[k] = (low >>> 0) * scale + rank[i];
    }
    buf.sort();
    for (let k = 0; k < len; k++) order[from + k] = byRank[buf[k] % scale];
  }
}

const DOUBLE = new Float64Array(1);
/** DOUBLE's words: [0] low, [1] high (little-endian, as packedOrder reads them). */
const BITS = new Uint32Array(DOUBLE.buffer);

/**
 * Indexes 0..n−1 by `values` descending, then `then` descending, then `ids` ascending: the order of
 * `indexes.sort((a, b) => values[b] - values[a] || then[b] - then[a] || (ids[a] < ids[b] ? -1 : 1))`, found as
 * `orderOf` finds its order (`packedOrder` on the first key with the whole comparator; beyond `packedMax` one radix
 * sort over both keys, the second's digits first, then runs equal in both by id). Null when either holds a NaN (the comparator is no order then: the caller sorts with it). `packedMax`: as
 * `orderOf`'s.
 */
export function descendingOrderThen(
  values: ArrayLike<number>,
  then: ArrayLike<number>,
  ids: readonly string[],
  packedMax = PACKED_MAX,
): Int32Array | null {
  const n = ids.length;
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i]) || Number.isNaN(then[i])) return null;
  const ranked = packedRanks(ids, packedMax);
  if (ranked) {
    const rank = ranked.rank;
    return packedOrder(values, (i, j) => values[j] - values[i] || then[j] - then[i] || rank[i] - rank[j], ranked, then);
  }
  if (n <= packedMax)
    return packedOrder(values, (i, j) => values[j] - values[i] || then[j] - then[i] || (ids[i] < ids[j] ? -1 : 1));
  const a = descendingKeys(values, n);
  const b = descendingKeys(then, n);
  const { order, keys } = radixOrder(n, [b.lo, b.hi, a.lo, a.hi]);
  const [bl, bh, al, ah] = keys;
  sortTiesById(
    order,
    ids,
    (p) => ah[p] === ah[p - 1] && al[p] === al[p - 1] && bh[p] === bh[p - 1] && bl[p] === bl[p - 1],
  );
  return order;
}

/**
 * Keys that sort ascending as the values descend: the bits of −v (−0 and +0 both +0), with the sign bit flipped
 * for a positive double and every bit flipped for a negative one (the usual order-preserving map of IEEE 754), as
 * two words.
 */
function descendingKeys(values: ArrayLike<number>, n: number): { hi: Uint32Array; lo: Uint32Array } {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = values[i] === 0 ? 0 : -values[i];
  const w = new Uint32Array(v.buffer); // little-endian: word 2i low, 2i + 1 high
  const lo = new Uint32Array(n),
    hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = w[2 * i + 1];
    const neg = h >>> 31 === 1;
    hi[i] = neg ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = neg ? ~w[2 * i] >>> 0 : w[2 * i];
  }
  return { hi, lo };
}

/**
 * Indexes 0..n−1 stably sorted by the words `keys` (least significant first), 11 bits a pass (2,048 buckets: the
 * scattered writes stay in cache), each pass reading the keys in the order of the pass before (moved along with the
 * indexes, so reads are sequential). Returns the order and the keys in that order (the arrays of `keys` are overwritten).
 * At 10,000,000 customers the 16-bit passes over indexes, each a random read of the key and one of 65,536 write
 * streams, were 10 of 13 CPU s of CLV's order.
 */
function radixOrder(n: number, keys: Uint32Array[]): { order: Int32Array; keys: Uint32Array[] } {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const cur = keys.slice(),
    k = cur.length;
  const spare: (Uint32Array | undefined)[] = [];
  const count = new Int32Array(2049);
  for (let w = 0; w < k; w++)
    for (let shift = 0; shift < 32; shift += 11) {
      const src = cur[w];
      count.fill(0);
      for (let p = 0; p < n; p++) count[((src[p] >>> shift) & 0x7ff) + 1]++;
      if (count[((src[0] >>> shift) & 0x7ff) + 1] === n) continue; // one digit for all: the pass changes nothing
      for (let d = 0; d < 2048; d++) count[d + 1] += count[d];
      // Every word moved with the indexes: the later passes read theirs in this order, the ties are found in the last.
      for (let v = 0; v < k; v++) spare[v] ??= new Uint32Array(n);
      for (let p = 0; p < n; p++) {
        const q = count[(src[p] >>> shift) & 0x7ff]++;
        next[q] = order[p];
        for (let v = 0; v < k; v++) spare[v]![q] = cur[v][p];
      }
      for (let v = 0; v < k; v++) [cur[v], spare[v]] = [spare[v]!, cur[v]];
      [order, next] = [next, order];
    }
  return { order, keys: cur };
}

/**
 * Runs of `order` of equal keys (in index order; `sameAsBefore(p)`: position p's keys equal position p − 1's), each
 * sorted by id (distinct ids).
 */
function sortTiesById(order: Int32Array, ids: readonly string[], sameAsBefore: (p: number) => boolean): void {
  sortRuns(order, sameAsBefore, (a, b) => (ids[a] < ids[b] ? -1 : 1));
}

/**
 * Each run of `order` (`sameAsBefore(p)`: position p belongs to p − 1's run) sorted by `cmp`: a short run in place by
 * insertion (a million runs of ten were a million typed-array sorts), a long one by the typed array's sort.
 */
function sortRuns(
  order: Int32Array,
  sameAsBefore: (p: number) => boolean,
  cmp: (a: number, b: number) => number,
): void {
  const n = order.length;
  for (let from = 0; from < n;) {
    let to = from + 1;
    while (to < n && sameAsBefore(to)) to++;
    sortRun(order, from, to, cmp);
    from = to;
  }
}

/** `order[from … to − 1]` sorted by `cmp`: in place by insertion when short, else by the typed array's sort. */
function sortRun(order: Int32Array, from: number, to: number, cmp: (a: number, b: number) => number): void {
  if (to - from > 32) order.subarray(from, to).sort(cmp);
  else
    for (let i = from + 1; i < to; i++) {
      const x = order[i];
      let j = i;
      while (j > from && cmp(x, order[j - 1]) < 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = x;
    }
}
