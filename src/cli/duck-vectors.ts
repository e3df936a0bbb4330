/**
 * Columns of a DuckDB data chunk written whole from JavaScript (issue 14): the full-table files of millions of
 * customers are staged through an appender, 2,048 rows a chunk.
 *
 * @duckdb/node-api sets a chunk's values one at a time (`setItem`: a null through a BigInt mask, each string one
 * native call). Here a column's values are laid out in a typed array in DuckDB's own vector layout and copied in with
 * one call, its validity (one bit a row, set: a value) with another:
 * - DOUBLE: the 8-byte doubles;
 * - INTEGER: the 4-byte integers;
 * - VARCHAR: 16 bytes a row (DuckDB's `duckdb_string_t`, duckdb.h): a text of at most 12 UTF-8 bytes is inlined there
 *   (its length as a little-endian uint32, then its bytes, then zeros), which is every customer id of the usual
 *   shapes; a longer text needs DuckDB's own memory and is set by the binding's `vector_assign_string_element`, after
 *   the copy.
 * The binding functions are those of @duckdb/node-bindings, the native package that @duckdb/node-api is built on
 * (resolved from node-api's own folder, so it is always the copy node-api itself runs).
 */
import type * as Bindings from '@duckdb/node-bindings';
import { createRequire } from 'node:module';
import type { CellValue } from '../types.js';

/** The native binding @duckdb/node-api runs on. */
export const duckdb = createRequire(createRequire(import.meta.url).resolve('@duckdb/node-api'))(
  '@duckdb/node-bindings',
) as typeof Bindings;

/** Rows per data chunk: DuckDB's vector size (a chunk holds at most this many). */
export const CHUNK = 2048;

/**
 * How a column is staged: a double; a code (a whole number, negative: null); a whole number given as a number (as
 * `number`'s rules, every finite value whole and within the width); or a text.
 */
export type StagedKind = 'number' | 'code' | 'integer' | 'text';

/**
 * The width of a code or integer column's values: UTINYINT, USMALLINT or INTEGER (DuckDB's vector layout: 1, 2 or 4
 * bytes a row). A narrower column holds less staged (issue 14: RFM's table of 10,000,000 customers).
 */
export type IntWidth = 'u8' | 'u16' | 'i32';

/** The narrowest width holding every value of `min`..`max` (whole numbers), or null when none does. */
export function intWidth(min: number, max: number): IntWidth | null {
  if (min >= 0 && max <= 0xff) return 'u8';
  if (min >= 0 && max <= 0xffff) return 'u16';
  if (min >= -(2 ** 31) && max < 2 ** 31) return 'i32';
  return null;
}

/** Writes the first `n` rows of a chunk's column: row `k`'s value is `get(k)`. */
export interface VectorWriter {
  write(vector: Bindings.Vector, n: number, get: (k: number) => CellValue): void;
}

/**
 * A writer of one column of `kind`, with buffers for one chunk (reused chunk after chunk).
 * - number: a finite number as it is, true/false as 1/0, anything else (null, NaN, ±∞, a text) null;
 * - code: an integer code, null where it is negative;
 * - text: a string as it is, a number or boolean as `String(v)`, null/undefined null.
 */
export function vectorWriter(kind: StagedKind, width: IntWidth = 'i32'): VectorWriter {
  if (kind === 'number') return numberWriter();
  if (kind === 'text') return textWriter();
  return intWriter(kind === 'code', width);
}

/** A validity mask of one chunk (bit `k`: row `k` has a value) and how to hand it to a vector. */
function validityMask(): { valid: Uint32Array; set: (vector: Bindings.Vector, n: number) => void } {
  const valid = new Uint32Array(CHUNK / 32);
  return {
    valid,
    set: (vector, n) => {
      duckdb.vector_ensure_validity_writable(vector);
      duckdb.copy_data_to_vector_validity(vector, 0, valid.buffer, 0, Math.ceil(n / 64) * 8);
    },
  };
}

/**
 * A cell as the number columns read it: a number as it is, true/false as 1/0, anything else NaN (null). The number
 * writer, the integer writer and the choice of an integer width (full-tables.ts) read cells alike.
 */
export function cellNumber(v: CellValue): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
}

function numberWriter(): VectorWriter {
  const { valid, set } = validityMask();
  const values = new Float64Array(CHUNK);
  return {
    write(vector, n, get) {
      valid.fill(0);
      for (let k = 0; k < n; k++) {
        const x = cellNumber(get(k));
        // Finite: x - x is 0 (NaN for NaN and ±∞).
        if (x - x === 0) {
          values[k] = x;
          valid[k >>> 5] |= 1 << (k & 31);
        } else values[k] = 0;
      }
      duckdb.copy_data_to_vector(vector, 0, values.buffer, 0, n * 8);
      set(vector, n);
    },
  };
}

/**
 * Whole numbers in `width`: codes (null where negative) or numbers (null where not finite, true/false as 1/0). The
 * caller has checked every value fits (`intWidth`).
 */
function intWriter(codes: boolean, width: IntWidth): VectorWriter {
  const { valid, set } = validityMask();
  const values =
    width === 'u8' ? new Uint8Array(CHUNK) : width === 'u16' ? new Uint16Array(CHUNK) : new Int32Array(CHUNK);
  const bytes = values.BYTES_PER_ELEMENT;
  return {
    write(vector, n, get) {
      valid.fill(0);
      for (let k = 0; k < n; k++) {
        const v = get(k);
        const x = !codes ? cellNumber(v) : (v as number) >= 0 ? (v as number) : NaN;
        if (x - x === 0) {
          values[k] = x;
          valid[k >>> 5] |= 1 << (k & 31);
        } else values[k] = 0;
      }
      duckdb.copy_data_to_vector(vector, 0, values.buffer, 0, n * bytes);
      set(vector, n);
    },
  };
}

/**
 * Inlines `s` in slot `k` of `slots` (16 bytes a slot, zeros, `lengths` the same bytes as uint32s) when its UTF-8 fits
 * in 12 bytes; false (the slot left zeros) when it does not.
 */
function inlineText(slots: Uint8Array, lengths: Uint32Array, encoder: TextEncoder, s: string, k: number): boolean {
  const len = s.length;
  if (len > 12) return false;
  // ASCII: one byte a character, written straight.
  const at = 16 * k + 4;
  let i = 0;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    slots[at + i] = c;
  }
  if (i === len) {
    lengths[4 * k] = len;
    return true;
  }
  const { read, written } = encoder.encodeInto(s, slots.subarray(at, at + 12));
  if (read === len) {
    lengths[4 * k] = written;
    return true;
  }
  slots.fill(0, at, at + 12);
  return false;
}

function textWriter(): VectorWriter {
  const { valid, set } = validityMask();
  const slots = new Uint8Array(16 * CHUNK);
  const lengths = new Uint32Array(slots.buffer);
  const encoder = new TextEncoder();
  const longRows: number[] = [];
  const longTexts: string[] = [];
  const inline = (s: string, k: number): boolean => inlineText(slots, lengths, encoder, s, k);
  return {
    write(vector, n, get) {
      valid.fill(0);
      slots.fill(0, 0, 16 * n);
      longRows.length = 0;
      longTexts.length = 0;
      for (let k = 0; k < n; k++) {
        const v = get(k);
        if (v === null || v === undefined) continue;
        valid[k >>> 5] |= 1 << (k & 31);
        const s = typeof v === 'string' ? v : String(v);
        if (inline(s, k)) continue;
        longRows.push(k);
        longTexts.push(s);
      }
      duckdb.copy_data_to_vector(vector, 0, slots.buffer, 0, 16 * n);
      for (let i = 0; i < longRows.length; i++) duckdb.vector_assign_string_element(vector, longRows[i], longTexts[i]);
      set(vector, n);
    },
  };
}

/**
 * The texts of a column laid out once in DuckDB's vector layout, row `i` in `words[4i … 4i + 3]` (`textWriter`'s
 * slots): `state[i]` 0 for an inlined text, 1 null, 2 a text too long to inline (then in `long`, by row; its slot
 * zeros). A column of customer ids, the same in several tables, is encoded once, in the order its texts were made
 * (the order they lie in memory), and its slots copied to each table's rows (`EncodedTextWriter`).
 */
export interface EncodedTexts {
  words: Uint32Array;
  state: Uint8Array;
  long: Map<number, string>;
}

/** Encodes `get(i)` for i = 0 … n − 1 as `textWriter` writes a cell: a text as it is, a number or boolean as `String(v)`, null/undefined null. */
export function encodeTexts(get: (i: number) => CellValue, n: number): EncodedTexts {
  const slots = new Uint8Array(16 * n);
  const words = new Uint32Array(slots.buffer);
  const state = new Uint8Array(n);
  const long = new Map<number, string>();
  const encoder = new TextEncoder();
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v === null || v === undefined) {
      state[i] = 1;
      continue;
    }
    const s = typeof v === 'string' ? v : String(v);
    if (inlineText(slots, words, encoder, s, i)) continue;
    state[i] = 2;
    long.set(i, s);
  }
  return { words, state, long };
}

/**
 * A chunk's worth of encoded texts (`EncodedTexts`' layout, rows from 0) and how to write it to a vector: `words` and
 * `state` are filled by the caller (with each long text in `long`, by row), then `write` copies them in.
 */
export interface EncodedTextWriter {
  words: Uint32Array;
  state: Uint8Array;
  long: Map<number, string>;
  /** Writes rows `from` … `from + n − 1` of the buffers as rows 0 … n − 1 of `vector`. */
  write(vector: Bindings.Vector, from: number, n: number): void;
}

/** An `EncodedTextWriter` for `rows` rows at a time (a multiple of CHUNK). */
export function encodedTextWriter(rows: number): EncodedTextWriter {
  const { valid, set } = validityMask();
  const words = new Uint32Array(4 * rows);
  const state = new Uint8Array(rows);
  const long = new Map<number, string>();
  return {
    words,
    state,
    long,
    write(vector, from, n) {
      valid.fill(0);
      for (let k = 0; k < n; k++) if (state[from + k] !== 1) valid[k >>> 5] |= 1 << (k & 31);
      duckdb.copy_data_to_vector(vector, 0, words.buffer, 16 * from, 16 * n);
      for (let k = 0; k < n; k++)
        if (state[from + k] === 2) duckdb.vector_assign_string_element(vector, k, long.get(from + k)!);
      set(vector, n);
    },
  };
}
