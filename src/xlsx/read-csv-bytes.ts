/**
 * The .csv reader's byte splitter (issue 13): well-formed UTF-8 bytes straight into dictionary-encoded columns
 * (src/ingest/grid-columns.ts), resumable between records so that a large file can be read on two threads
 * (./read-csv-parallel.ts). Imports nothing heavy: a worker thread loads this module on its own.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFully } from './read-at.js';
import { columnLetter } from '../a1.js';
import { isPlainText, lazyTextColumn, type GridColumns, type TextColumn } from '../ingest/grid-columns.js';
import { ReadLimitError } from './read-limits.js';
import type { CsvDelimiter, CsvParseLimits } from './read-csv.js';

/** Seeds of the hash of a value of more than 7 bytes (`hashOf`): murmur3's multipliers. */
const MIX_A = 0xcc9e2d51 | 0;
const MIX_B = 0x1b873593;

/**
 * Slot layout, three words: code + 1 (0: empty), then for a value of at most 7 bytes the bytes themselves (two
 * words, the length in the top byte of the second), for a longer one its hash and `LONG`.
 */
const STRIDE = 3;
/** The last word of a long value's slot: no short value's (its top byte is the length, 1 to 7) equals it. */
const LONG = -1;
/**
 * Rows between two decisions whether a column's values are compared with the row above first (`tryPrev`): on when
 * at least a quarter of the last window's values repeated the one before. The clock is checked there too.
 */
const PREV_WINDOW = 4096;
/**
 * Values of at most 7 bytes a column holds back before it looks them up (`defer`) when its table has `DEFER_SLOTS`
 * slots or more (384 KB, past a core's L1 and most of its share of L2). A probe of a large table was a cache miss a
 * value, one after the other: on the 1M-order file the customer ids' table (262,144 slots, 3 MB) and the amounts'
 * (65,536-131,072) were most of `codeOf`'s time in a profile. A batch's first probes, independent loads, overlap their
 * misses. The whole file on one thread went from 561-602 to 405-481 ms of CPU (3 runs of 3, A B alternated, load 12-13
 * on 2 cores); 16 or 64 held back did no better than 32.
 */
const PENDING = 32;
const DEFER_SLOTS = 1 << 15;
/** Texts of a column that are not plain (a header, labels, blanks, errors) past which the column is not plain. */
const MAX_SPECIAL = 64;

/**
 * The hash of a value of at most 7 bytes, from its two slot words (the bytes, the length in the top byte of the
 * second): two multiplies instead of one a byte, and a rehash needs no bytes.
 */
function packedHash(w0: number, w1: number): number {
  const h = Math.imul(w0, 0xcc9e2d51) ^ Math.imul(w1, 0x1b873593);
  return h ^ (h >>> 15);
}

/**
 * A value's two slot words (see `STRIDE`) when it has at most 7 bytes, read through `v`, a view of the bytes: a word
 * of four bytes is one load (a DataView read), not four loads, shifts and ORs (the 1M-order file: see `hashOf`).
 */
function packWord0(v: DataView, i: number, len: number): number {
  if (len >= 4) return v.getInt32(i, true);
  let w = 0;
  for (let q = 0; q < len; q++) w |= v.getUint8(i + q) << (8 * q);
  return w;
}
function packWord1(v: DataView, i: number, len: number): number {
  // Bytes 4 to len - 1, from the word that ends at the value's end: its top len - 4 bytes.
  return len <= 4 ? len << 24 : (len << 24) | (v.getUint32(i + len - 4, true) >>> (8 * (8 - len)));
}

/**
 * The hash of the bytes `[i, k)` of `v` the column tables probe with: `packedHash` up to 7 bytes, else a multiply a
 * 4-byte word (the bytes' loads are independent, so the chain is one multiply per word, not per byte as FNV-1a's
 * was). The words are DataView reads, one load each where four byte loads, shifts and ORs were: on the 1M-order
 * file the one-thread split went from 575-590 to 380-460 ms of CPU, its campaign column alone (19 bytes a value, 137
 * values) from 111-112 to 73 (load 8-9 on 2 cores, 3 runs each, A B A B); the compares (`sameWords`) likewise.
 */
function hashOf(v: DataView, i: number, k: number): number {
  const len = k - i;
  if (len <= 7) return packedHash(packWord0(v, i, len), packWord1(v, i, len));
  let h = Math.imul(len, MIX_B);
  let q = i;
  for (const end = k - 3; q < end; q += 4) {
    h = Math.imul(h ^ v.getInt32(q, true), MIX_A);
    h ^= h >>> 15;
  }
  let w = 0;
  for (let s = 0; q < k; q++, s += 8) w |= v.getUint8(q) << s;
  h = Math.imul(h ^ w, MIX_B);
  return h ^ (h >>> 13);
}

/** A DataView of the bytes of `b`. */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Whether `a[i, i + len)` and `b[j, j + len)` hold the same bytes (`a`, `b`: views), a word at a time. */
function sameWords(a: DataView, i: number, b: DataView, j: number, len: number): boolean {
  let q = 0;
  for (; q + 4 <= len; q += 4) if (a.getInt32(i + q, true) !== b.getInt32(j + q, true)) return false;
  for (; q < len; q++) if (a.getUint8(i + q) !== b.getUint8(j + q)) return false;
  return true;
}

/**
 * One column being read: a code per row into the distinct texts seen so far, found through an open-addressing
 * hash table keyed by the value's UTF-8 bytes, so a repeated value (a customer, a date, a channel) costs no string
 * and no Map entry. Each distinct value's bytes are kept (in `heap`) for its text, made once at the end.
 *
 * A value of at most 7 bytes (a customer id, an amount) is held in its slot too, so finding it reads one cache line:
 * on a 1,000,000-line file the probes and the byte compares against `heap` were cache misses, most of the reading.
 *
 * A column whose values only ever go up (order ids, a file sorted by date) needs no table: while each value is
 * byte-wise equal to or after the one before it, it is either the last value kept or a new one, which one compare
 * with the last value's bytes tells (the second value may also come before the first, usually the header, as it
 * differs from the only value kept; a later value may then still be that first one, which a second compare tells,
 * so a header repeated below the ids is not kept twice). The first value out of order puts every value kept so far in the table and the
 * column goes on as any other. On a 1,000,000-line orders file this halved the read (the order id column's table
 * of two million slots was a cache miss a row).
 */
class ColumnBuilder {
  codes: Int32Array;
  /** Records with a value in this column (the others' codes are -1). */
  filled = 0;
  /** Distinct values so far; their texts are made when asked for (`column()`). */
  private count = 0;
  /**
   * OR of every byte kept, 4-byte words ORed whole: with no byte's top bit set (0x80808080), the bytes are ASCII and
   * one decode serves every value.
   */
  private bits = 0;
  private starts = new Int32Array(64);
  private heap = new Uint8Array(1024);
  /** A view of `heap` (made again when it grows), for word reads. */
  private heapView = viewOf(this.heap);
  private heapEnd = 0;
  /** `STRIDE` words per slot (see above); a probe reads the short bytes or the hash beside the code. */
  private slots = new Int32Array(128 * STRIDE);
  private mask = 127;
  /**
   * A slot is picked by the hash's top bits after a multiply (Fibonacci hashing).
   */
  private shift = 25;
  /**
   * Codes of the kept values that are not plain (`isPlainText`: a header, a label, a blank or an error), up to
   * `MAX_SPECIAL`; null past it (the column is then not known to be plain). Ingest reads only these texts for
   * its blank, error and total tests (src/ingest/grid-columns.ts `special`). Counted past it without a branch
   * of its own, so that the 65th does not take the optimized read back to the interpreter.
   */
  private special: number[] = [];
  private specials = 0;
  /**
   * The last value read from the text itself (not unescaped from quotes): where its bytes are in the text and its
   * code. A column often repeats the row above (a date, a customer's orders), which a compare of the two fields'
   * bytes tells without a hash or a probe. `prevLen` -1: none.
   */
  prevStart = 0;
  prevLen = -1;
  prevCode = -1;
  /**
   * Whether the compare with the row above is tried: a column that seldom repeats its row above (ids, amounts)
   * would pay a compare a row for nothing. Decided every `PREV_WINDOW` rows from the share of values that equalled
   * the one before (`repeats`, counted either way from the codes).
   */
  tryPrev = true;
  repeats = 0;
  /**
   * Values held back (`defer`), `pending` of them: row, place in the text, and their two slot words. Looked up in
   * their order (`flush`), so the codes and their order of first appearance are those of looking each up at once.
   */
  pending = 0;
  private readonly pendRow = new Int32Array(PENDING);
  private readonly pendStart = new Int32Array(PENDING);
  private readonly pendLen = new Int32Array(PENDING);
  private readonly pendW0 = new Int32Array(PENDING);
  private readonly pendW1 = new Int32Array(PENDING);
  /** What the loads ahead of a flush read, kept so that they are not dropped as unused. */
  private touched = 0;

  /** Codes for `capacity` rows, -1 (empty) for the first `rows` (a column first met below them). */
  constructor(capacity: number, rows = 0) {
    this.codes = new Int32Array(capacity);
    if (rows > 0) this.codes.fill(-1, 0, rows);
  }

  /** Room for `capacity` rows, the codes so far kept (the rows past them are written as they are read). */
  grow(capacity: number): void {
    const next = new Int32Array(capacity);
    next.set(this.codes);
    this.codes = next;
  }

  /** True while every value so far was equal to or after the one before it (the table is then empty). */
  private ascending = true;
  /**
   * True when the second value came before the first (the header exception below): the first is then not below the
   * others, and a value after the last one kept may still be the first.
   */
  private firstAbove = false;

  /**
   * True when values were kept without being put in the table (`absorb`, whose values are distinct): the table is
   * made again from them (`tabulate`) before any other lookup (`retable`).
   */
  private stale = false;

  /** The table made again when `absorb` left values out of it (before a read goes on after a merge). */
  retable(): void {
    if (!this.stale) return;
    this.stale = false;
    this.tabulate();
  }

  /** Code of the value `src[i, k)` (UTF-8; `v` a view of `src`); added when new. */
  codeOf(src: Uint8Array, v: DataView, i: number, k: number): number {
    if (this.ascending) {
      const last = this.count - 1;
      const order = last < 0 ? 1 : this.compareTo(last, src, v, i, k);
      // A second value before the first (the header, `order_id` > `O0000001`) is new all the same.
      if (order === 0) return last;
      if (order > 0) return this.firstAbove && this.equals(0, v, i, k) ? 0 : this.keep(src, v, i, k);
      if (last === 0) {
        this.firstAbove = true;
        return this.keep(src, v, i, k);
      }
      this.ascending = false;
      this.tabulate();
    }
    const slots = this.slots;
    const mask = this.mask;
    const len = k - i;
    // The bytes in two words, the length in the top byte of the second.
    if (len <= 7) return this.shortCode(src, v, i, k, packWord0(v, i, len), packWord1(v, i, len));
    const h = hashOf(v, i, k);
    for (let s = Math.imul(h, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      const at = s * STRIDE;
      const e = slots[at];
      if (e === 0) return this.add(src, v, i, k, at, h, LONG);
      if (slots[at + 2] === LONG && slots[at + 1] === h && this.equals(e - 1, v, i, k)) return e - 1;
    }
  }

  /** Code of the value `[i, k)` of the view `v` when the table holds it, else -1 (nothing is added). */
  private find(v: DataView, i: number, k: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const len = k - i;
    if (len <= 7) {
      const w0 = packWord0(v, i, len);
      const w1 = packWord1(v, i, len);
      for (let s = Math.imul(packedHash(w0, w1), 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
        const at = s * STRIDE;
        const e = slots[at];
        if (e === 0) return -1;
        if (slots[at + 1] === w0 && slots[at + 2] === w1) return e - 1;
      }
    }
    const h = hashOf(v, i, k);
    for (let s = Math.imul(h, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      const at = s * STRIDE;
      const e = slots[at];
      if (e === 0) return -1;
      if (slots[at + 2] === LONG && slots[at + 1] === h && this.equals(e - 1, v, i, k)) return e - 1;
    }
  }

  /** Code of the value `src[i, k)` of at most 7 bytes, whose slot words are `w0` and `w1`; added when new. */
  private shortCode(src: Uint8Array, v: DataView, i: number, k: number, w0: number, w1: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let s = Math.imul(packedHash(w0, w1), 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      const at = s * STRIDE;
      const e = slots[at];
      if (e === 0) return this.add(src, v, i, k, at, w0, w1);
      if (slots[at + 1] === w0 && slots[at + 2] === w1) return e - 1;
    }
  }

  /**
   * Whether the value `[i, i + len)` is better held back (`defer`): at most 7 bytes, into a table large enough that
   * its probes miss the cache.
   */
  defers(len: number): boolean {
    return len <= 7 && this.mask >= DEFER_SLOTS - 1 && !this.ascending;
  }

  /**
   * Holds back the value `src[i, i + len)` of row `row` (`defers`); the column's code there is written at the next
   * `flush`, which this calls when `PENDING` wait.
   */
  defer(src: Uint8Array, v: DataView, i: number, len: number, row: number): void {
    const p = this.pending;
    this.pendRow[p] = row;
    this.pendStart[p] = i;
    this.pendLen[p] = len;
    this.pendW0[p] = packWord0(v, i, len);
    this.pendW1[p] = packWord1(v, i, len);
    this.pending = p + 1;
    if (p + 1 === PENDING) this.flush(src, v);
  }

  /**
   * Looks up the values held back, in their order: first a load of each one's first slot, independent of one another,
   * so that the cache misses overlap, then each looked up as `codeOf` would, its code written at its row; the
   * compare with the row above is counted as if each had been looked up as read.
   */
  flush(src: Uint8Array, v: DataView): void {
    const n = this.pending;
    if (n === 0) return;
    this.pending = 0;
    const { pendRow, pendStart, pendLen, pendW0, pendW1 } = this;
    const slots = this.slots;
    const shift = this.shift;
    let touched = 0;
    for (let p = 0; p < n; p++)
      touched |= slots[(Math.imul(packedHash(pendW0[p], pendW1[p]), 0x9e3779b1) >>> shift) * STRIDE];
    this.touched = touched;
    for (let p = 0; p < n; p++) {
      const i = pendStart[p];
      const len = pendLen[p];
      const code = this.shortCode(src, v, i, i + len, pendW0[p], pendW1[p]);
      if (code === this.prevCode) this.repeats++;
      this.prevStart = i;
      this.prevLen = len;
      this.prevCode = code;
      this.codes[pendRow[p]] = code;
    }
  }

  /** Whether entry `idx` holds the bytes `[i, k)` of the view `v`. */
  private equals(idx: number, v: DataView, i: number, k: number): boolean {
    const at = this.starts[idx];
    const len = k - i;
    return this.starts[idx + 1] - at === len && sameWords(this.heapView, at, v, i, len);
  }

  /** Sign of `src[i, k)` (`v` a view of `src`) against entry `idx`, bytes compared as unsigned (a prefix comes first). */
  private compareTo(idx: number, src: Uint8Array, v: DataView, i: number, k: number): number {
    const heap = this.heap;
    const at = this.starts[idx];
    const len = this.starts[idx + 1] - at;
    const n = Math.min(len, k - i);
    // Equal words skipped a load each; the first that differs is compared a byte at a time.
    const hv = this.heapView;
    let q = 0;
    while (q + 4 <= n && v.getInt32(i + q, true) === hv.getInt32(at + q, true)) q += 4;
    for (; q < n; q++) {
      const d = src[i + q] - heap[at + q];
      if (d !== 0) return d;
    }
    return k - i - len;
  }

  /** Leaves the ascending mode: every value kept so far into a table of the size the count needs. */
  private tabulate(): void {
    let size = 128;
    let shift = 25;
    while (this.count * 2 > size) {
      size *= 2;
      shift--;
    }
    this.slots = new Int32Array(size * STRIDE);
    this.mask = size - 1;
    this.shift = shift;
    const hv = this.heapView;
    for (let idx = 0; idx < this.count; idx++) {
      const from = this.starts[idx];
      const to = this.starts[idx + 1];
      const len = to - from;
      const short = len <= 7;
      const h = hashOf(hv, from, to);
      const a = short ? packWord0(hv, from, len) : h;
      const b = short ? packWord1(hv, from, len) : LONG;
      let s = Math.imul(h, 0x9e3779b1) >>> shift;
      while (this.slots[s * STRIDE] !== 0) s = (s + 1) & this.mask;
      const at = s * STRIDE;
      this.slots[at] = idx + 1;
      this.slots[at + 1] = a;
      this.slots[at + 2] = b;
    }
  }

  /** Keeps the bytes `src[i, k)` as a new value; its code. */
  private keep(src: Uint8Array, v: DataView, i: number, k: number): number {
    const idx = this.count++;
    if (this.specials <= MAX_SPECIAL && !isPlainText(src, i, k)) {
      if (this.specials < MAX_SPECIAL) this.special.push(idx);
      this.specials++;
    }
    if (idx + 2 > this.starts.length) this.starts = grown(this.starts, this.starts.length * 2);
    const len = k - i;
    if (this.heapEnd + len > this.heap.length) {
      const heap = new Uint8Array(Math.max(this.heap.length * 2, this.heapEnd + len));
      heap.set(this.heap.subarray(0, this.heapEnd));
      this.heap = heap;
      this.heapView = viewOf(heap);
    }
    // A word at a time (the 1M-order file keeps a million order ids of 8 bytes; its order id column alone went from
    // 97-106 to 69-77 ms of CPU, the whole file from 431-453 to 359-380, load 12-13, A B); `bits` ORs the words.
    const heap = this.heap;
    const hv = this.heapView;
    const to = this.heapEnd;
    let bits = this.bits;
    let q = 0;
    for (; q + 4 <= len; q += 4) {
      const w = v.getInt32(i + q, true);
      hv.setInt32(to + q, w, true);
      bits |= w;
    }
    for (; q < len; q++) bits |= heap[to + q] = src[i + q];
    this.bits = bits;
    this.heapEnd += len;
    this.starts[idx + 1] = this.heapEnd;
    return idx;
  }

  /** Adds `src[i, k)` as a new value in the free slot at `at`, with its two slot words. */
  private add(src: Uint8Array, v: DataView, i: number, k: number, at: number, a: number, b: number): number {
    const idx = this.keep(src, v, i, k);
    const slots = this.slots;
    slots[at] = idx + 1;
    slots[at + 1] = a;
    slots[at + 2] = b;
    if (this.count * 2 > this.mask + 1) this.rehash();
    return idx;
  }

  /**
   * Appends the `rows` codes of a column read elsewhere at row `offset`: its values looked up (or kept) in its order
   * of first appearance, as if this column had read them, so the distinct values, their order and the texts that
   * are not plain come out as one read's.
   */
  absorb(col: RawColumn, offset: number, rows: number): void {
    this.filled += col.filled;
    if (this.appends(col)) {
      const base = this.count;
      this.append(col);
      const codes = this.codes;
      const part = col.codes;
      for (let r = 0; r < rows; r++) {
        const k = part[r];
        codes[offset + r] = k >= 0 ? k + base : -1;
      }
      return;
    }
    const map = new Int32Array(col.count);
    const { starts } = col;
    // A Buffer, as the text the read's own lookups and keeps were given (one kind of array for them).
    const heap = Buffer.from(col.heap.buffer, col.heap.byteOffset, col.heap.byteLength);
    const v = viewOf(heap);
    if (this.ascending) for (let k = 0; k < col.count; k++) map[k] = this.codeOf(heap, v, starts[k], starts[k + 1]);
    else {
      // The part's values are distinct: one that is not here is kept with the next code, and not put in the table,
      // which no later value of the part can be looked up in for it. The table is not grown, then: on the 1M-order
      // file the customer ids' (65,537 values into 262,144 slots) took 8-24 ms here, against 1.4 in the read's own
      // optimized code (LOOPBOOK_CSV_TRACE=1, load 5 on 2 cores). The table is made again if a read goes on.
      for (let k = 0; k < col.count; k++) {
        const from = starts[k];
        const to = starts[k + 1];
        const code = this.find(v, from, to);
        map[k] = code >= 0 ? code : this.keep(heap, v, from, to);
      }
      this.stale = true;
    }
    const codes = this.codes;
    const part = col.codes;
    for (let r = 0; r < rows; r++) {
      const k = part[r];
      codes[offset + r] = k >= 0 ? map[k] : -1;
    }
  }

  /**
   * Whether every value of `col` would be new here and kept in ascending mode, in its order: both columns ascending,
   * at least two values here (so the header exception of `codeOf` is spent), and `col`'s values strictly ascending
   * (its second after its first) and its first after the last one here.
   */
  private appends(col: RawColumn): boolean {
    if (!this.ascending || !col.ascending || col.count === 0 || this.count < 2) return false;
    const { heap, starts } = col;
    const v = viewOf(heap);
    if (col.count > 1 && compareBytes(heap, starts[1], starts[2], heap, starts[0], starts[1]) <= 0) return false;
    if (this.compareTo(this.count - 1, heap, v, starts[0], starts[1]) <= 0) return false;
    // The first value here, when above the others (a header), must not be one of `col`'s (ascending: a search).
    if (!this.firstAbove) return true;
    let lo = 0;
    let hi = col.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // The sign of col's value `mid` against the first value here.
      const order = this.compareTo(0, heap, v, starts[mid], starts[mid + 1]);
      if (order === 0) return false;
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return true;
  }

  /** Keeps every value of `col` (see `appends`) at once: its bytes, its offsets, its texts that are not plain. */
  private append(col: RawColumn): void {
    const base = this.count;
    const bytes = col.starts[col.count];
    if (this.heapEnd + bytes > this.heap.length) {
      const heap = new Uint8Array(Math.max(this.heap.length * 2, this.heapEnd + bytes));
      heap.set(this.heap.subarray(0, this.heapEnd));
      this.heap = heap;
      this.heapView = viewOf(heap);
    }
    this.heap.set(col.heap.subarray(0, bytes), this.heapEnd);
    if (base + col.count + 2 > this.starts.length) this.starts = grown(this.starts, base + col.count + 2);
    // Locals, not properties: this loop runs once (half a million order ids), mostly before it is optimized.
    const starts = this.starts;
    const from = this.heapEnd;
    const theirs = col.starts;
    for (let k = 1, n = col.count; k <= n; k++) starts[base + k] = from + theirs[k];
    this.heapEnd += bytes;
    this.count += col.count;
    this.bits |= col.bits;
    if (this.specials <= MAX_SPECIAL) {
      const more = col.special ? col.special.length : MAX_SPECIAL + 1;
      if (this.specials + more <= MAX_SPECIAL) for (const k of col.special!) this.special.push(k + base);
      this.specials += more;
    }
  }

  /** The column as it stands, for another read's `absorb`. */
  raw(): RawColumn {
    const { codes, filled, heap, starts, count, ascending, bits } = this;
    return { codes, filled, heap, starts, count, ascending, bits, special: this.specialCodes() };
  }

  /** The column read: codes of its `rows` records, distinct texts, and which texts are not plain when few are. */
  column(rows: number): TextColumn {
    // The codes as read when they fill most of their buffer (the row guess was close): a copy cost 40 ms and 24 MB
    // on a 1,000,000-line file of six columns.
    const codes = rows * 4 >= this.codes.length * 3 ? this.codes.subarray(0, rows) : this.codes.slice(0, rows);
    // The texts are made when asked for (a million order ids need not become a million strings): each from its
    // bytes, or all at once (`dict`). The table's slots are not kept.
    const count = this.count;
    const starts = this.starts;
    const heap = Buffer.from(this.heap.buffer, this.heap.byteOffset, this.heapEnd);
    const ascii = (this.bits & 0x80808080) === 0;
    const textOf = (k: number): string => heap.toString(ascii ? 'latin1' : 'utf8', starts[k], starts[k + 1]);
    const all = (): string[] => dictOf(heap, starts, count, ascii);
    const col = lazyTextColumn(codes, count, textOf, all);
    if (ascii) col.ascii = { heap, starts };
    col.empties = rows - this.filled;
    const special = this.specialCodes();
    if (special) col.special = Int32Array.from(special);
    return col;
  }

  /** The codes of the values that are not plain; null past `MAX_SPECIAL`. */
  private specialCodes(): number[] | null {
    return this.specials <= MAX_SPECIAL ? this.special : null;
  }

  /** Twice the slots: every entry moved with its words. */
  private rehash(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * STRIDE);
    const mask = size - 1;
    const shift = this.shift - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from] === 0) continue;
      const h = old[from + 2] === LONG ? old[from + 1] : packedHash(old[from + 1], old[from + 2]);
      let s = Math.imul(h, 0x9e3779b1) >>> shift;
      while (slots[s * STRIDE] !== 0) s = (s + 1) & mask;
      const to = s * STRIDE;
      slots[to] = old[from];
      slots[to + 1] = old[from + 1];
      slots[to + 2] = old[from + 2];
    }
    this.slots = slots;
    this.mask = mask;
    this.shift = shift;
  }
}

/**
 * Mean bytes per line end in the first 64 KB from `start` (at least 8; 40 when no line ends there): the capacity
 * guess of a read. A guess only: quoted line breaks count too, and a short guess costs a doubling.
 */
function lineBytes(src: Uint8Array, start: number): number {
  const end = Math.min(src.length, start + 65_536);
  let lines = 0;
  for (let i = start; i < end; i++) if (src[i] === 10 || (src[i] === 13 && src[i + 1] !== 10)) lines++;
  return lines === 0 ? 40 : Math.max(8, (end - start) / lines);
}

/** The distinct texts of a column, in order of first appearance: cut from one decode of the bytes when they are ASCII. */
function dictOf(heap: Buffer, starts: Int32Array, count: number, ascii: boolean): string[] {
  const out = new Array<string>(count);
  if (ascii) {
    const all = heap.toString('latin1');
    for (let k = 0; k < count; k++) out[k] = all.slice(starts[k], starts[k + 1]);
  } else for (let k = 0; k < count; k++) out[k] = heap.toString('utf8', starts[k], starts[k + 1]);
  return out;
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** Sign of `a[i, j)` against `b[k, l)`, bytes compared as unsigned (a prefix comes first). */
function compareBytes(a: Uint8Array, i: number, j: number, b: Uint8Array, k: number, l: number): number {
  const n = Math.min(j - i, l - k);
  for (let q = 0; q < n; q++) {
    const d = a[i + q] - b[k + q];
    if (d !== 0) return d;
  }
  return j - i - (l - k);
}

/** Cell reference of field `j` of record `rows` (0-based), for a limit's message. */
function cellRef(j: number, rows: number): string {
  return `${columnLetter(j)}${rows + 1}`;
}

/** A field's text is over the cap: bytes can outnumber characters, so the text decides. */
function tooLong(b: Buffer, from: number, to: number, maxCellChars: number): boolean {
  return to - from > maxCellChars && b.toString('utf8', from, to).length > maxCellChars;
}

/** CSV text split into dictionary-encoded columns (see src/ingest/grid-columns.ts). */
export interface ParsedCsvColumns {
  columns: GridColumns;
  /** True when a quoted field was still open at the end of the text. */
  unclosedQuote: boolean;
}

/** One column of a part read elsewhere (a worker): codes into its own distinct values, kept as UTF-8 bytes. */
export interface RawColumn {
  /** At least `rows` codes (-1: empty), into the values in order of first appearance. */
  codes: Int32Array;
  /** Codes that are not -1. */
  filled: number;
  /** Value `k` is `heap[starts[k], starts[k + 1])`. */
  heap: Uint8Array;
  starts: Int32Array;
  count: number;
  /** Whether the column was in ascending mode (`ColumnBuilder`), and the OR of its bytes (and words). */
  ascending: boolean;
  bits: number;
  /** Its values that are not plain, up to `MAX_SPECIAL`; null past it. */
  special: number[] | null;
}

/** The records of a stretch of a file read on their own (from a record start to the end), for `absorb`. */
export interface CsvBytesPart {
  rows: number;
  unclosedQuote: boolean;
  columns: RawColumn[];
}

/**
 * `parseCsvBytes` in steps: `run` reads from a record start up to a record start at or past a given offset, so a
 * read can stop at a split point, check that it is there at a record start, and take the records after it from a
 * part read elsewhere (`absorb`), or go on reading them itself. Between records the state is only the offset, the
 * records read and the columns.
 */
export class CsvBytesReader {
  rows = 0;
  unclosedQuote = false;
  private readonly builders: ColumnBuilder[] = [];
  private capacity: number;
  /** Unescaped bytes of a quoted field (`quoted`), `quotedLen` of them. */
  private scratch = Buffer.allocUnsafe(256);
  private scratchView = viewOf(this.scratch);
  /** A view of `src`, for word reads. */
  private view: DataView;
  private quotedLen = 0;
  /** The window of rows whose repeats decide `ColumnBuilder.tryPrev` next (`PREV_WINDOW`; the first 64 rows). */
  private windowStart = 0;
  private windowEnd = 64;

  /**
   * `textEnd`: where the text ends when `src` holds only its first part (a two-thread read of a file gives the main
   * thread its share, ./read-csv-parallel.ts), for the guess at the rows; `src.length` otherwise.
   */
  constructor(
    private src: Buffer,
    start: number,
    private readonly delimiter: CsvDelimiter,
    private readonly limits?: CsvParseLimits,
    textEnd = src.length,
  ) {
    this.view = viewOf(src);
    // A first guess at the rows, from the line length of the first 64 KB (10% over), grown by doubling.
    this.capacity = Math.max(16, Math.min(1 << 22, Math.ceil(((textEnd - start) / lineBytes(src, start)) * 1.1)));
  }

  /**
   * Goes on in `src`, which holds the bytes read so far at the same offsets and more after them: a read of the first
   * part of a file (the main thread's share) that must read on. Between records nothing else points into the text
   * but the compare with the row above (`ColumnBuilder.prevStart`), an offset, which stays valid.
   */
  extend(src: Buffer): void {
    this.src = src;
    this.view = viewOf(src);
  }

  /**
   * Goes on in `src`, which holds other bytes than the last (a window onto a file, `runWindows`): the next `run`
   * starts at an offset into `src`. The compare with the row above pointed into the bytes left, so each column looks
   * its next value up instead (the same code, and the same count of repeats: the last code is kept).
   */
  slide(src: Buffer): void {
    this.extend(src);
    for (const b of this.builders) b.prevLen = -1;
  }

  /**
   * Reads records from the record start `from` (before the end) until the first record start at or past `stop`,
   * or the end; returns where it stopped. Splits fields exactly as `parseCsv` splits their text.
   *
   * A field's code is written as it is read (-1 when empty, and for the columns a record does not reach): the codes
   * are not filled with -1 beforehand. A field equal to the one above it in its column (`ColumnBuilder.prev*`) takes
   * its code from a compare of the two in the text; others go to `codeOf`.
   */
  // eslint-disable-next-line max-lines-per-function -- one byte loop, kept whole for speed (as parseCsv)
  run(from: number, stop: number): number {
    for (const b of this.builders) b.retable();
    const limits = this.limits;
    const maxRows = limits?.maxRows ?? Infinity;
    const maxCellChars = limits?.maxCellChars ?? Infinity;
    const part = limits?.part ?? '';
    const src = this.src;
    const view = this.view;
    const n = src.length;
    const d = this.delimiter.charCodeAt(0);
    // No byte above `top` ends an unquoted field: one compare for most bytes.
    const top = Math.max(d, 13);
    // Each byte of a word less than `top + 1` (at most 125: '|'), its top bit set by `(w - low) & ~w & 0x80808080`.
    const low = Math.imul(0x01010101, top + 1);
    const builders = this.builders;
    let capacity = this.capacity;
    let rows = this.rows;
    let windowEnd = this.windowEnd;
    let j = 0; // field index in the current record
    let i = from;
    for (;;) {
      // one field starting at i
      if (rows >= capacity) {
        capacity *= 2;
        for (const b of builders) b.grow(capacity);
      }
      if (src[i] === 34) {
        i = this.quoted(i, d);
        const len = this.quotedLen;
        if (tooLong(this.scratch, 0, len, maxCellChars))
          throw new ReadLimitError('cellChars', maxCellChars, part, cellRef(j, rows));
        const b = j < builders.length ? builders[j] : this.builder(j, rows, capacity);
        if (len > 0) {
          // Values held back are looked up first: the codes are numbered in order of first appearance.
          if (b.pending > 0) b.flush(src, view);
          b.codes[rows] = b.codeOf(this.scratch, this.scratchView, 0, len);
          b.filled++;
        } else b.codes[rows] = -1;
      } else {
        let k = i;
        for (;;) {
          // Four bytes at a time while none of them is `top` or below (one test on the word): the whole 1M-order file on
          // one thread went from 436-458 to 362-390 ms of CPU (best of 3, 3 runs A B alternated, load 12-13).
          if (k + 4 <= n) {
            const w = view.getInt32(k, true);
            if (((w - low) & ~w & 0x80808080) === 0) {
              k += 4;
              continue;
            }
          }
          // A word with a byte at or below `top`, or the last bytes: one byte at a time.
          const end = k + 4 < n ? k + 4 : n;
          while (k < end) {
            const c = src[k];
            if (c <= top && (c === d || c === 10 || c === 13)) break;
            k++;
          }
          if (k < end || k >= n) break;
        }
        const len = k - i;
        if (len > maxCellChars && tooLong(src, i, k, maxCellChars))
          throw new ReadLimitError('cellChars', maxCellChars, part, cellRef(j, rows));
        const b = j < builders.length ? builders[j] : this.builder(j, rows, capacity);
        if (len === 0) b.codes[rows] = -1;
        else if (!b.tryPrev && b.defers(len)) {
          b.defer(src, view, i, len, rows);
          b.filled++;
        } else {
          let code = b.prevCode;
          if (b.tryPrev && len === b.prevLen && sameWords(view, b.prevStart, view, i, len)) b.repeats++;
          else {
            if (b.pending > 0) b.flush(src, view);
            code = b.codeOf(src, view, i, k);
            if (code === b.prevCode) b.repeats++;
            b.prevStart = i;
            b.prevLen = len;
            b.prevCode = code;
          }
          b.codes[rows] = code;
          b.filled++;
        }
        i = k;
      }
      j++;
      if (i >= n) {
        this.endRecord(j, rows);
        rows++;
        break;
      }
      const c = src[i];
      if (c === d) {
        i++;
        if (i >= n) {
          // the empty last field
          (j < builders.length ? builders[j] : this.builder(j, rows, capacity)).codes[rows] = -1;
          this.endRecord(j + 1, rows);
          rows++;
          break;
        }
        continue;
      }
      // line end
      i += c === 13 && src[i + 1] === 10 ? 2 : 1;
      if (rows >= maxRows) throw new ReadLimitError('rows', maxRows, part);
      if (j < builders.length) this.endRecord(j, rows);
      rows++;
      if (rows === windowEnd) {
        // The first window is short: its decisions (and the clock's check) are made before the loop is optimized,
        // so the optimized code has seen them.
        const window = rows - this.windowStart;
        for (const b of builders) {
          b.flush(src, view);
          b.tryPrev = b.repeats * 4 >= window;
          b.repeats = 0;
        }
        this.windowStart = rows;
        windowEnd = rows + PREV_WINDOW;
        limits?.clock?.check(part);
      }
      j = 0;
      if (i >= n || i >= stop) break;
    }
    for (const b of builders) b.flush(src, view);
    this.rows = rows;
    this.capacity = capacity;
    this.windowEnd = windowEnd;
    return i;
  }

  /** The builder of field `j`, made (empty for the `rows` records before) when the record is the widest yet. */
  private builder(j: number, rows: number, capacity: number): ColumnBuilder {
    const maxColumns = this.limits?.maxColumns ?? Infinity;
    if (j >= maxColumns) throw new ReadLimitError('columns', maxColumns, this.limits?.part ?? '', cellRef(j, rows));
    const builders = this.builders;
    while (builders.length <= j) builders.push(new ColumnBuilder(capacity, rows));
    return builders[j];
  }

  /** Record `row` ends before column `j`: the columns from `j` on are empty there. */
  private endRecord(j: number, row: number): void {
    const builders = this.builders;
    for (let c = j; c < builders.length; c++) builders[c].codes[row] = -1;
  }

  /**
   * Reads the quoted field whose opening quote is at `i`: its text unescaped into `scratch` (`quotedLen` bytes),
   * with the text that follows the closing quote up to the next delimiter or line end (Excel keeps it); returns
   * where the field ends.
   */
  private quoted(i: number, d: number): number {
    const src = this.src;
    const n = src.length;
    this.quotedLen = 0;
    let q0 = i + 1;
    let at = n;
    for (;;) {
      const q = src.indexOf(34, q0);
      if (q < 0) {
        this.put(q0, n);
        this.unclosedQuote = true;
        break;
      }
      this.put(q0, q);
      if (src[q + 1] === 34) {
        this.put(q, q + 1);
        q0 = q + 2;
      } else {
        at = q + 1;
        break;
      }
    }
    let k = at;
    while (k < n) {
      const c = src[k];
      if (c === d || c === 10 || c === 13) break;
      k++;
    }
    if (k > at) this.put(at, k);
    return k;
  }

  /** Appends `src[from, to)` to the quoted field's bytes in `scratch`. */
  private put(from: number, to: number): void {
    const len = this.quotedLen;
    if (len + to - from > this.scratch.length) {
      const next = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, len + to - from));
      this.scratch.copy(next, 0, 0, len);
      this.scratch = next;
      this.scratchView = viewOf(next);
    }
    this.src.copy(this.scratch, len, from, to);
    this.quotedLen = len + to - from;
  }

  /** Appends a part read elsewhere from where this read stopped: its values as if this read had gone on. */
  absorb(part: CsvBytesPart): void {
    const total = this.rows + part.rows;
    if (total > this.capacity) {
      this.capacity = total;
      for (const b of this.builders) b.grow(total);
    }
    while (this.builders.length < part.columns.length) this.builders.push(new ColumnBuilder(this.capacity, this.rows));
    part.columns.forEach((col, c) => {
      this.builders[c].absorb(col, this.rows, part.rows);
    });
    // Columns the part's records do not reach.
    for (let c = part.columns.length; c < this.builders.length; c++) this.builders[c].codes.fill(-1, this.rows, total);
    this.rows = total;
    this.unclosedQuote = part.unclosedQuote;
  }

  /** What was read, as a part to hand to another read's `absorb` (its arrays may be transferred). */
  part(): CsvBytesPart {
    return { rows: this.rows, unclosedQuote: this.unclosedQuote, columns: this.builders.map((b) => b.raw()) };
  }

  /** The columns read. */
  result(): ParsedCsvColumns {
    const maxRows = this.limits?.maxRows ?? Infinity;
    if (this.rows > maxRows) throw new ReadLimitError('rows', maxRows, this.limits?.part ?? '');
    const rows = this.rows;
    return { columns: { rows, columns: this.builders.map((b) => b.column(rows)) }, unclosedQuote: this.unclosedQuote };
  }
}

/**
 * Splits well-formed UTF-8 CSV bytes (from `start`, past a BOM or `sep=` line) into records and fields exactly
 * as `parseCsv` splits their text, straight into columns: per column a code per record into its distinct texts
 * (-1 for an empty field or one the record does not reach). No row arrays and no string per repeated value. The
 * delimiters, quotes and line ends are ASCII, which no byte of a multi-byte UTF-8 character is, so fields fall
 * where they fall in the text. The limits are checked where `parseCsv` checks them, with the same errors
 * (characters per cell counted in UTF-16 units, as a JS string's length).
 */
export function parseCsvBytes(
  src: Buffer,
  start: number,
  delimiter: CsvDelimiter,
  limits?: CsvParseLimits,
): ParsedCsvColumns {
  const reader = new CsvBytesReader(src, start, delimiter, limits);
  if (src.length > start) reader.run(start, Infinity);
  return reader.result();
}

/** The read's delimiter and limits. */
interface CsvJobLimits {
  delimiter: CsvDelimiter;
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

/**
 * A file job's place in the file (./read-csv-parallel.ts `parseCsvFileParallel`). `state[0]` is shared with the main
 * thread, which reads from the start: while positive, how far it has promised to read (it reads on up to the first
 * record start at or past that offset, then promises more); the worker claims the rest of the file by writing there,
 * in one compare-and-swap, minus the offset from which it reads (`middle`). The worker's records start at the first
 * line start at or after the middle.
 */
export interface CsvFileJob {
  path: string;
  size: number;
  state: BigInt64Array;
  /** Where to claim from (tests); default: half what is left after the main thread's promise. */
  middle?: number;
  /** Fewer bytes than this left after the main thread's promise are not claimed. */
  minClaim: number;
  /** The worker's window onto the file, and the slack kept at its end (`runWindows`; tests). */
  window?: number;
  slack?: number;
}

/** One job: the bytes after the split point (transferred, or in shared memory), or a place in a file. */
export type CsvJob = CsvJobLimits & ({ bytes: Uint8Array } | { file: CsvFileJob });

/**
 * Bytes of a file a thread reads at a time into one buffer it reuses (`runWindows`), and the slack: the window is
 * split up to the first record start past its end less the slack, the bytes from there moved to its front and the
 * rest read again. The worker read its 33 MB share of the 1M-order file into a buffer of its own, whose pages were
 * each touched for the first time by the read (a page fault each) and then read again by the split, out of memory:
 * 30-40 ms of its CPU. Read 256 KB at a time into one buffer, the same bytes took 12-13 ms, and the split reads them
 * from the cache (a test on this machine: 1 MB 13-15 ms, 4 MB 19-20). Measured on the whole read (the peer bench,
 * 8 runs each A B alternated, two threads forced, load 6 on 2 cores, thread CPU from /proc/thread-self/schedstat):
 * the worker's read 263 -> 245 ms of CPU, the main thread's 270 -> 252, minor page faults 63,500 -> 48,900.
 */
export const CSV_WINDOW = 1 << 20;
/** A record longer than this (a quoted field holding line breaks) makes `runWindows` give up ('cut'). */
export const WINDOW_SLACK = 1 << 18;

/**
 * A window onto a file (`CSV_WINDOW` bytes, more when a record needs it): its bytes from the offset `base`, read on
 * as a read goes (`readTo`), the bytes before where the read stands dropped to make room.
 */
export class FileWindow {
  private buf: Buffer;
  private fd: number | null;
  /** File offset of the window's first byte, and bytes in it. */
  base: number;
  len = 0;

  constructor(
    readonly path: string,
    readonly size: number,
    from = 0,
    capacity = CSV_WINDOW,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(1, Math.min(capacity, size - from)));
    this.base = from;
    this.fd = openSync(path, 'r');
  }

  /** The bytes held (offset k in the file is `bytes[k - base]`). */
  get bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Bytes the window holds at most (for now: a record may need more). */
  get capacity(): number {
    return this.buf.length;
  }

  /** The file's end is in the window (or the file ended early). */
  get last(): boolean {
    return this.base + this.len >= this.size || this.fd === null;
  }

  /**
   * The window moved on to hold the file from `keep` (at or after `base`) up to `end` (at most the size); grown when
   * that is more than it holds.
   */
  readTo(end: number, keep = this.base): Buffer {
    const stop = Math.min(end, this.size);
    if (this.fd === null || this.base + this.len >= stop) return this.bytes;
    if (stop - keep > this.buf.length) {
      const next = Buffer.allocUnsafe(stop - keep);
      this.buf.copy(next, 0, keep - this.base, this.len);
      this.buf = next;
      this.len -= keep - this.base;
      this.base = keep;
    } else if (this.base + this.buf.length < stop) {
      this.buf.copyWithin(0, keep - this.base, this.len);
      this.len -= keep - this.base;
      this.base = keep;
    }
    const want = stop - this.base - this.len;
    const got = readFully(this.fd, this.buf, this.len, want, this.base + this.len);
    this.len += got;
    // The file is shorter now than its size said: what was read is all there is.
    if (got < want) this.close();
    return this.bytes;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Reads the records of `win`'s file from the record start `from` (held in the window) up to the first record start
 * at or past `stopAt` (a file offset; Infinity: the end), `window` bytes at a time: each window is split up to the first
 * record start past its end less `slack`, and the window then moved on from there. Checks that the bytes split are
 * well-formed UTF-8 (each stretch ends at a record start, after an ASCII line end, or at the end). Where it stopped
 * (a file offset); 'cut' when a record ran to a window's end before the file's (longer than the slack: the reader
 * is then spoilt, read again otherwise); 'notUtf8'.
 */
export function runWindows(
  reader: CsvBytesReader,
  win: FileWindow,
  from: number,
  stopAt: number,
  slack = WINDOW_SLACK,
  window = CSV_WINDOW,
): number | 'cut' | 'notUtf8' {
  let at = from;
  for (;;) {
    // `window` bytes from where the read stands, though the buffer may hold more (the main thread's holds a step and
    // the bytes past it while it steps): the bytes split next stay in the core's cache (2 MB here).
    const src = win.readTo(at + window, at);
    const { base, len } = win;
    const last = win.last;
    const end = base + len;
    const ends = last || stopAt <= end - slack;
    if (at >= end) return at;
    reader.slide(src);
    const to = base + reader.run(at - base, ends ? stopAt - base : Math.max(at - base + 1, len - slack));
    if (to >= end && !last) return 'cut';
    if (!isUtf8(src.subarray(at - base, to - base))) return 'notUtf8';
    at = to;
    if (ends || at >= stopAt) return at;
  }
}

/** `path`'s bytes `[from, to)` (fewer if the file is shorter now). */
export function readRange(
  path: string,
  from: number,
  to: number,
  out: Buffer = Buffer.allocUnsafe(Math.max(0, to - from)),
): Buffer {
  const fd = openSync(path, 'r');
  try {
    return out.subarray(0, readFully(fd, out, 0, out.length, from));
  } finally {
    closeSync(fd);
  }
}

/**
 * A job's answer (without the worker's times): its part, and for a file job where its records start (`split`: the
 * first line start at or after the middle); or why there is none (`notUtf8`: the file's bytes are not well-formed
 * UTF-8, so it is read otherwise, as one text; `late`: too little was left to claim).
 */
export type CsvJobResult =
  { ok: true; part: CsvBytesPart; split?: number } | { ok: false; error: string; notUtf8?: true; late?: true };

/** What the worker (./read-csv-worker.ts) posts once, when its module is loaded, before any answer. */
export const CSV_WORKER_READY = 'loopbook.csv-worker.ready';

/** The worker's `workerData`: `loaded[0]` (an Int32) is set to 1 when its module is loaded, before CSV_WORKER_READY. */
export interface CsvWorkerData {
  loaded: SharedArrayBuffer;
}

/**
 * The worker's part of what is left after the main thread's promise when it claims (`claimFileEnd`): both reads
 * should end together (the merge waits for both). On the 1M-order file with the worker started ahead
 * (`prestartCsvHelper`, LOOPBOOK_CSV_TRACE=1) it claims at the first step; at half (4 runs, load 9 on 2 cores) the
 * worker read 31.4 MB in 240-260 ms of CPU and the main thread 32.4 MB in 270-290 (8.0 and 8.6 ms a MB: even at
 * 0.53); at 0.55 (4 runs, load 6) the main thread's 29.3 MB took 308-348 ms and the worker's 34.5 MB ended 350-383
 * ms after the job's post, the main thread waiting 46-52 ms in three runs (even at 0.515).
 */
export const WORKER_CLAIM = 0.52;

/**
 * Claims the end of the file for the worker (see `CsvFileJob`): the offset it reads from, or null when too little is
 * left. `WORKER_CLAIM` of what is left after the main thread's promise: from then on both threads read and split
 * bytes at about the same rate.
 */
export function claimFileEnd(job: CsvFileJob): number | null {
  const { state, size } = job;
  for (;;) {
    const promised = Atomics.load(state, 0);
    if (promised < 0n) return null;
    const left = size - Number(promised);
    if (left < job.minClaim) return null;
    const middle = Math.max(Number(promised), job.middle ?? size - Math.floor(left * WORKER_CLAIM));
    if (Atomics.compareExchange(state, 0, promised, BigInt(-middle)) === promised) return middle;
  }
}

/** Reads one job's records (on whichever thread calls it: the worker, or a test). */
export function runCsvJob(job: CsvJob): CsvJobResult {
  try {
    const limits = { ...job, part: '' };
    if ('bytes' in job) {
      const src = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
      const reader = new CsvBytesReader(src, 0, job.delimiter, limits);
      if (src.length > 0) reader.run(0, Infinity);
      return { ok: true, part: reader.part() };
    }
    const middle = claimFileEnd(job.file);
    if (middle === null) return { ok: false, error: 'too little left', late: true };
    const { path, size, window = CSV_WINDOW, slack = WINDOW_SLACK } = job.file;
    const win = new FileWindow(path, size, middle, window);
    try {
      const src = win.readTo(middle + window);
      const lf = src.indexOf(10);
      if (lf < 0) return { ok: false, error: 'no line end in the first window after the middle' };
      const split = middle + lf + 1;
      const reader = new CsvBytesReader(src, lf + 1, job.delimiter, limits, size - middle);
      const read = runWindows(reader, win, split, Infinity, slack, window);
      if (read === 'notUtf8') return { ok: false, error: 'not UTF-8', notUtf8: true };
      if (read !== 'cut') return { ok: true, part: reader.part(), split };
      // A record longer than the slack: the share read whole, by a reader of its own.
      const all = readRange(path, split, size);
      if (!isUtf8(all)) return { ok: false, error: 'not UTF-8', notUtf8: true };
      const whole = new CsvBytesReader(all, 0, job.delimiter, limits);
      if (all.length > 0) whole.run(0, Infinity);
      return { ok: true, part: whole.part(), split };
    } finally {
      win.close();
    }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * CPU milliseconds (user + system) of the calling thread so far, from /proc/thread-self/stat (Linux, 10 ms ticks);
 * NaN elsewhere. For the two-thread read's trace (`LOOPBOOK_CSV_TRACE=1`), where process.cpuUsage sums the threads.
 */
export function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}
