// The full tables staged in index order (src/cli/full-tables.ts, full-tables-stage.ts, FullTable.byIndex): a table
// whose rows are a permutation of values kept in another order (a customer summary ordered by revenue) is read index
// by index with each row's place, and staged a block of rows at a time in the rows' order. The file must hold the table's rows in the table's
// order, only the table's rows (indexes no row points at left out, even when their values would change a column's
// type), and the same file as the rows staged in their own order. Expected rows: the table's own getters, read here.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { prepareTable, writeFullTables } from '../../src/cli/full-tables.js';
import { gatherBlock, intArray, type PreparedTable } from '../../src/cli/full-tables-stage.js';
import { attachFullTable, fullTableOfFields, type FullTable } from '../../src/analysis/common/index.js';
import type { AnalysisResult, ResultTable } from '../../src/analysis/types.js';
import type { CellValue } from '../../src/types.js';
import { encodedTextWriter, type EncodedTextWriter } from '../../src/cli/duck-vectors.js';

/** Values at 5,003 indexes; the table lists 4,500 of them (more than two data chunks), in a scrambled order. */
const SIZE = 5003;
const ROWS = 4500;
/** Row k's index: k × 2,003 mod 5,003 (5,003 is prime: no two rows share one). */
const at = (k: number) => (k * 2003) % SIZE;
const listed = new Set(Array.from({ length: ROWS }, (_, k) => at(k)));
const SEGMENTS = ['Champions', 'Lost', '社群'];
const fields: [string, (i: number) => CellValue][] = [
  ['customer_id', (i) => `C${i}`],
  ['segment', (i) => (i % 7 === 0 ? null : SEGMENTS[i % 3])],
  // Whole numbers at every listed index; a fraction at the indexes no row points at (the column stays BIGINT).
  ['orders', (i) => (listed.has(i) ? i % 50 : 0.5)],
  ['last_order', (i) => 45000 + (i % 365)],
  ['revenue', (i) => (i % 11 === 0 ? null : i / 8)],
];
const COLUMNS: ResultTable['columns'] = [
  { key: 'customer_id', label: { en: 'Customer', 'zh-CN': '客户' }, kind: 'text' },
  { key: 'segment', label: { en: 'Segment', 'zh-CN': '分群' }, kind: 'text' },
  { key: 'orders', label: { en: 'Orders', 'zh-CN': '订单数' }, kind: 'integer' },
  { key: 'last_order', label: { en: 'Last order', 'zh-CN': '最近下单' }, kind: 'date' },
  { key: 'revenue', label: { en: 'Revenue', 'zh-CN': '收入' }, kind: 'currency' },
];

function result(full: FullTable): AnalysisResult {
  const table: ResultTable = {
    name: 'customers',
    title: { en: 'Customers', 'zh-CN': '客户' },
    columns: COLUMNS,
    rows: [],
  };
  attachFullTable(table, full);
  return { kind: 'rfm', tables: [table] } as unknown as AnalysisResult;
}

async function written(full: FullTable, name: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-full-order-'));
  const files = await writeFullTables([result(full)], path.join(dir, `${name}.xlsx`), ['parquet', 'csv'], []);
  expect(files.map((w) => w.rows)).toEqual([ROWS, ROWS]);
  return files[0].file;
}

/** Row `r`'s text of an encoded block (duck-vectors.ts `EncodedTexts`): null, a long text, or its inlined UTF-8. */
function decoded(buf: EncodedTextWriter, r: number): CellValue {
  if (buf.state[r] === 1) return null;
  if (buf.state[r] === 2) return buf.long.get(r)!;
  const bytes = new Uint8Array(buf.words.buffer, 16 * r, 16);
  return new TextDecoder().decode(bytes.subarray(4, 4 + buf.words[4 * r]));
}

describe('full tables staged in index order', () => {
  const full = fullTableOfFields(ROWS, at, fields);
  // The same rows without their index form: staged row by row, in their order.
  const inRowOrder: FullTable = { rows: ROWS, row: (k) => full.row(k), column: (key) => full.column?.(key) };

  it('writes the rows in their order, only the listed ones, typed as when staged row by row', async () => {
    expect('byIndex' in full).toBe(true);
    const file = await written(full, 'indexed');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const types = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`)).getRows().map((r) => r[1]);
      expect(types).toEqual(['VARCHAR', 'VARCHAR', 'BIGINT', 'DATE', 'DOUBLE']);
      const rows = (
        await connection.runAndReadAll(
          `SELECT customer_id, segment, orders, CAST(last_order - DATE '1899-12-30' AS INTEGER), revenue FROM '${file}'`,
        )
      ).getRows();
      expect(rows).toHaveLength(ROWS);
      const wrong = rows.filter((r, k) => {
        const i = at(k);
        const want = [`C${i}`, fields[1][1](i), BigInt(i % 50), 45000 + (i % 365), fields[4][1](i)];
        return want.some((v, j) => v !== r[j]);
      });
      expect(wrong).toEqual([]);
      // By hand: row 1 is index 2,003 → segment 2,003 mod 3 = 2, orders 2,003 mod 50 = 3, day 45,000 + 178,
      // revenue 2,003 / 8; row 3 is index 6,009 − 5,003 = 1,006.
      expect(rows[1]).toEqual(['C2003', '社群', 3n, 45178, 250.375]);
      expect(rows[3][0]).toBe('C1006');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('gathers each block of rows as the rows give them, the last block short', () => {
    const prepared: PreparedTable = { ...prepareTable(full, COLUMNS, { next: 0 }), files: [], last: true };
    // The customer ids encoded (many texts), the segments coded (three texts); whole numbers narrow from the listed
    // rows' values: orders 0..49 in a byte (the 0.5 where no row points left out), days 45,000..45,364 in two;
    // revenue (a currency, i / 8) as whole numbers of ten-thousandths (eighths are not whole hundredths).
    expect(prepared.columns.map((c) => c.type)).toEqual(['text', 'code', 'int', 'int', 'scaled']);
    expect(prepared.columns.map((c) => (c.type === 'int' ? c.width : null))).toEqual([null, null, 'u8', 'u16', null]);
    const segments = prepared.columns[1];
    expect(segments.type === 'code' && segments.texts).toEqual(['Lost', '社群', 'Champions']);
    // The indexes and the number columns in one buffer (one allocation on the main thread, one to move).
    const numbers = prepared.columns.filter((c) => c.type === 'int' || c.type === 'scaled');
    for (const c of numbers) expect('values' in c && c.values.buffer).toBe(prepared.at!.buffer);
    const buffers = prepared.columns.map((c) =>
      c.type === 'text'
        ? encodedTextWriter(1024)
        : {
            values:
              c.type === 'double' || c.type === 'scaled'
                ? new Float64Array(1024)
                : c.type === 'int'
                  ? intArray(c.width, 1024)
                  : new Uint8Array(1024),
            valid: new Uint32Array(1024 / 32),
          },
    );
    const keys = new Float64Array(1024);
    const wrong: string[] = [];
    // Five blocks of 1,024 rows at most: 4 full, the fifth of 404.
    for (let from = 0; from < ROWS; from += 1024) {
      const n = Math.min(1024, ROWS - from);
      gatherBlock(prepared, from, n, 1024, keys, buffers);
      COLUMNS.forEach((c, j) => {
        const get = full.column!(c.key)!;
        const buf = buffers[j];
        const column = prepared.columns[j];
        for (let r = 0; r < n; r++) {
          let got: CellValue;
          if ('write' in buf) got = decoded(buf, r);
          else if (!(buf.valid[r >>> 5] & (1 << (r & 31)))) got = null;
          else got = column.type === 'code' ? column.texts[buf.values[r]] : buf.values[r];
          const want = get(from + r);
          if (got !== want) wrong.push(`${c.key} row ${from + r}: ${String(got)} ≠ ${String(want)}`);
        }
      });
    }
    expect(wrong).toEqual([]);
  });

  it('writes the same CSV as the rows staged in their own order', async () => {
    const a = await written(full, 'indexed');
    const b = await written(inRowOrder, 'rows');
    const csv = (f: string) => readFileSync(f.replace(/\.parquet$/, '.csv'));
    expect(csv(a).equals(csv(b))).toBe(true);
    expect(csv(a).length).toBeGreaterThan(ROWS * 10);
  });

  it('stages rows that share an index in their own order', async () => {
    const twice: FullTable = { ...full, byIndex: () => ({ at: (k) => at(k % 100), field: full.byIndex!().field }) };
    const file = await written(
      { ...twice, row: (k) => full.row(k % 100), column: (key) => (k) => full.column!(key)!(k % 100) },
      'twice',
    );
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const ids = (await connection.runAndReadAll(`SELECT customer_id FROM '${file}'`)).getRows().map((r) => r[0]);
      expect(ids).toEqual(Array.from({ length: ROWS }, (_, k) => `C${at(k % 100)}`));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 60_000);
  it('hands doubles over as whole numbers of a unit only when each comes back to the last bit', async () => {
    // Expected by construction: hundredths (2 decimals, nulls among them) scale by 100; a third and −0 have no
    // exact Int32 form (−0 would come back as 0) and stay doubles; values of 4 and 6 decimals scale by 10⁴ and 10⁶.
    const n = 3000;
    const cols: [string, (i: number) => CellValue][] = [
      ['cents', (i) => (i % 9 === 0 ? null : Math.round(i * 137.31) / 100)],
      ['third', (i) => i / 3],
      ['negzero', (i) => (i === 5 ? -0 : i / 4)],
      ['four', (i) => Math.round(i * 1.23457 * 1e4) / 1e4],
      ['six', (i) => Math.round((i / n) * 1e6) / 1e6],
    ];
    const columns: ResultTable['columns'] = cols.map(([key]) => ({
      key,
      label: { en: key, 'zh-CN': key },
      kind: 'number',
    }));
    const table = fullTableOfFields(n, (k) => n - 1 - k, cols);
    const prepared = prepareTable(table, columns, { next: 0 }).columns;
    expect(prepared.map((c) => (c.type === 'scaled' ? c.scale : c.type))).toEqual([100, 'double', 'double', 1e4, 1e6]);
    const t: ResultTable = { name: 'customers', title: { en: 'C', 'zh-CN': 'C' }, columns, rows: [] };
    attachFullTable(t, table);
    const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-full-scaled-'));
    const [file] = await writeFullTables(
      [{ kind: 'clv', tables: [t] } as unknown as AnalysisResult],
      path.join(dir, 'b.xlsx'),
      ['parquet'],
      [],
    );
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const rows = (await connection.runAndReadAll(`SELECT * FROM '${file.file}'`)).getRows();
      const wrong = rows.flatMap((r, k) =>
        cols.flatMap(([key, get], j) => (Object.is(r[j], get(n - 1 - k)) ? [] : [`${key} row ${k}: ${String(r[j])}`])),
      );
      expect(wrong).toEqual([]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 60_000);
});
