// Whole columns of a DuckDB data chunk written from typed arrays (src/cli/duck-vectors.ts): values appended through
// them are read back from DuckDB and compared with the values given, which are the expected ones (the writers'
// rules: a finite number or a boolean as a double, anything else null; a negative code null; a text as it is, a
// number as its String). Texts of every length around the 12 bytes DuckDB inlines, in ASCII, Chinese and emoji.
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DOUBLE,
  INTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
  type DuckDBAppender,
} from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
  CHUNK,
  duckdb,
  encodedTextWriter,
  encodeTexts,
  intWidth,
  vectorWriter,
  type VectorWriter,
} from '../../src/cli/duck-vectors.js';
import type { CellValue } from '../../src/types.js';

/** Texts of 0–16 UTF-8 bytes and more, with the characters a CSV or SQL literal would trip on. */
const TEXTS = [
  '',
  'a',
  'C0000001',
  '123456789012', // 12 bytes: the longest inlined
  '1234567890123', // 13: set by DuckDB
  '客户甲', // 9 bytes
  '客户甲乙', // 12 bytes
  '客户甲乙丙', // 15 bytes
  'a,"b"\nc\'d', // comma, quotes, line break
  '😀😀😀', // 12 bytes, surrogate pairs
  '😀😀😀x', // 13 bytes
  'é'.repeat(6), // 12 bytes, 6 characters
  'x'.repeat(40),
  'tab\there',
];
const ROWS = CHUNK * 2 + 77;
const textOf = (i: number): CellValue =>
  i % 17 === 0 ? null : i % 19 === 0 ? i : i % 23 === 0 ? true : `${TEXTS[i % TEXTS.length]}${i % 3 === 0 ? '' : i}`;
const numberOf = (i: number): CellValue =>
  i % 7 === 0
    ? null
    : i % 11 === 0
      ? NaN
      : i % 13 === 0
        ? (i % 2 ? 1 : -1) * Infinity
        : i % 29 === 0
          ? i % 2 === 1
          : i % 31 === 0
            ? 'text'
            : i / 8 - 100;
const codeOf = (i: number): number => (i % 5 === 0 ? -1 : i % 1000);

function expectedNumber(v: CellValue): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Appends rows 0 … ROWS − 1 to `appender`, a chunk at a time, column j's row i written by `writers[j]` from `getters[j](i)`. */
function appendRows(
  appender: DuckDBAppender,
  chunk: DuckDBDataChunk,
  writers: readonly VectorWriter[],
  getters: readonly ((i: number) => CellValue)[],
): void {
  for (let start = 0; start < ROWS; start += CHUNK) {
    const n = Math.min(CHUNK, ROWS - start);
    chunk.reset();
    chunk.rowCount = n;
    writers.forEach((w, j) => {
      w.write(duckdb.data_chunk_get_vector(chunk.chunk, j), n, (k) => getters[j](start + k));
    });
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}

describe('duck-vectors: whole columns into a data chunk', () => {
  it('writes doubles, codes and texts (inlined or not) with their nulls, over several chunks', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE t (i INTEGER, x DOUBLE, c INTEGER, s VARCHAR)');
      const appender = await connection.createAppender('t');
      const chunk = DuckDBDataChunk.create([INTEGER, DOUBLE, INTEGER, VARCHAR]);
      const writers = [vectorWriter('code'), vectorWriter('number'), vectorWriter('code'), vectorWriter('text')];
      const getters: ((i: number) => CellValue)[] = [(i) => i, numberOf, codeOf, textOf];
      appendRows(appender, chunk, writers, getters);
      const rows = (await connection.runAndReadAll('SELECT i, x, c, s FROM t ORDER BY i')).getRows();
      expect(rows).toHaveLength(ROWS);
      let inlined = 0;
      let long = 0;
      rows.forEach((r, i) => {
        const t = textOf(i);
        if (typeof t === 'string') {
          if (Buffer.byteLength(t) <= 12) inlined++;
          else long++;
        }
        expect(r).toEqual([
          i,
          expectedNumber(numberOf(i)),
          codeOf(i) < 0 ? null : codeOf(i),
          t === null ? null : String(t),
        ]);
      });
      // Both kinds of text were written, and DuckDB compares and hashes the inlined ones as its own.
      expect(inlined).toBeGreaterThan(1000);
      expect(long).toBeGreaterThan(1000);
      const distinct = (
        await connection.runAndReadAll("SELECT count(DISTINCT s), count(*) FILTER (s = 'C0000001') FROM t")
      ).getRows()[0];
      const texts = new Set<string>();
      let plain = 0;
      for (let i = 0; i < ROWS; i++) {
        const t = textOf(i);
        if (t !== null) texts.add(String(t));
        if (t === 'C0000001') plain++;
      }
      expect(distinct).toEqual([BigInt(texts.size), BigInt(plain)]);
      expect(plain).toBeGreaterThan(0);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('writes texts encoded once (EncodedTexts) as the text writer writes them, from any row of a block', async () => {
    // The same texts as above, encoded index by index, then copied to a block at offset 5 (as the full tables gather
    // them) and written a chunk at a time: every row must read back as textWriter's rule gives it.
    const encoded = encodeTexts(textOf, ROWS);
    const block = encodedTextWriter(ROWS + 5 + CHUNK);
    for (let i = 0; i < ROWS; i++) {
      block.words.set(encoded.words.subarray(4 * i, 4 * i + 4), 4 * (i + 5));
      block.state[i + 5] = encoded.state[i];
      if (encoded.state[i] === 2) block.long.set(i + 5, encoded.long.get(i)!);
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE t (i INTEGER, s VARCHAR)');
      const appender = await connection.createAppender('t');
      const chunk = DuckDBDataChunk.create([INTEGER, VARCHAR]);
      const ids = vectorWriter('code');
      for (let start = 0; start < ROWS; start += CHUNK) {
        const n = Math.min(CHUNK, ROWS - start);
        chunk.reset();
        chunk.rowCount = n;
        ids.write(duckdb.data_chunk_get_vector(chunk.chunk, 0), n, (k) => start + k);
        block.write(duckdb.data_chunk_get_vector(chunk.chunk, 1), start + 5, n);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
      appender.closeSync();
      const rows = (await connection.runAndReadAll('SELECT s FROM t ORDER BY i')).getRows().map((r) => r[0]);
      const want = Array.from({ length: ROWS }, (_, i) => textOf(i)).map((t) => (t === null ? null : String(t)));
      expect(rows).toEqual(want);
      // Both kinds were encoded: inlined (state 0) and long (2, set by DuckDB), and the nulls (1).
      expect(new Set(encoded.state)).toEqual(new Set([0, 1, 2]));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('writes each chunk of texts over the last one in the same rows', async () => {
    // Each chunk reuses the writer's buffers: every row's length and bytes are the new text's, whatever was there.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE t (s VARCHAR)');
      const appender = await connection.createAppender('t');
      const chunk = DuckDBDataChunk.create([VARCHAR]);
      const writer = vectorWriter('text');
      for (const text of ['abcdefghijkl', 'ab', '客户甲乙', 'ab']) {
        chunk.reset();
        chunk.rowCount = CHUNK;
        writer.write(duckdb.data_chunk_get_vector(chunk.chunk, 0), CHUNK, () => text);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
      appender.closeSync();
      const rows = (await connection.runAndReadAll('SELECT s, count(*) FROM t GROUP BY s ORDER BY s')).getRows();
      expect(rows).toEqual([
        ['ab', BigInt(2 * CHUNK)],
        ['abcdefghijkl', BigInt(CHUNK)],
        ['客户甲乙', BigInt(CHUNK)],
      ]);
      const [[equal]] = (await connection.runAndReadAll("SELECT count(*) FROM t WHERE s = 'ab'")).getRows();
      expect(equal).toBe(BigInt(2 * CHUNK));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('writes whole numbers and codes in 1, 2 and 4 bytes, with their nulls', async () => {
    // The widths by hand: 0..255 fits a UTINYINT, 0..65,535 a USMALLINT, a negative value or a larger one an INTEGER;
    // past 32 bits nothing (staged as a double).
    expect([intWidth(0, 255), intWidth(0, 256), intWidth(0, 65535), intWidth(-1, 5), intWidth(0, 2 ** 31)]).toEqual([
      'u8',
      'u16',
      'u16',
      'i32',
      null,
    ]);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE t (i INTEGER, a UTINYINT, b USMALLINT, c INTEGER, d UTINYINT)');
      const appender = await connection.createAppender('t');
      const chunk = DuckDBDataChunk.create([INTEGER, UTINYINT, USMALLINT, INTEGER, UTINYINT]);
      const writers = [
        vectorWriter('code'),
        vectorWriter('integer', 'u8'),
        vectorWriter('integer', 'u16'),
        vectorWriter('integer', 'i32'),
        vectorWriter('code', 'u8'),
      ];
      // Nulls as the number writer reads them (null, NaN, ∞, a text), booleans as 1/0, negative codes null.
      const holes = (i: number, v: number): CellValue =>
        i % 7 === 0
          ? null
          : i % 11 === 0
            ? NaN
            : i % 13 === 0
              ? Infinity
              : i % 17 === 0
                ? 'x'
                : i % 19 === 0
                  ? true
                  : v;
      const getters: ((i: number) => CellValue)[] = [
        (i) => i,
        (i) => holes(i, i % 256),
        (i) => holes(i, (i * 37) % 65536),
        (i) => holes(i, (i % 2 ? -1 : 1) * i * 1000),
        (i) => (i % 5 === 0 ? -1 : i % 256),
      ];
      appendRows(appender, chunk, writers, getters);
      const rows = (await connection.runAndReadAll('SELECT i, a, b, c, d FROM t ORDER BY i')).getRows();
      expect(rows).toHaveLength(ROWS);
      const wrong: number[] = [];
      rows.forEach((r, i) => {
        const want = [
          i,
          expectedNumber(getters[1](i)),
          expectedNumber(getters[2](i)),
          expectedNumber(getters[3](i)),
          i % 5 === 0 ? null : i % 256,
        ];
        if (JSON.stringify(r) !== JSON.stringify(want)) wrong.push(i);
      });
      expect(wrong).toEqual([]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
