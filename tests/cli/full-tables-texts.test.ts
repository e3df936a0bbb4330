// Text columns of the full tables: a column of few distinct texts is staged in DuckDB as codes into its texts and
// turned back into them on the way out (src/cli/full-tables.ts); a column of many is staged text by text. Both must
// come out as the very texts the table gives, nulls as nulls, whatever characters the texts hold. The expected
// values are the table's own, built here.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { writeFullTables } from '../../src/cli/full-tables.js';
import { attachFullTable, fullTableOfFields } from '../../src/analysis/common/index.js';
import type { AnalysisResult, ResultTable } from '../../src/analysis/types.js';
import type { CellValue } from '../../src/types.js';

const ROWS = 3000;
/** Few distinct texts, with quotes, commas, a line break, Chinese, brackets and an empty text. */
const SEGMENTS = ["It's", 'a, "b"', 'line\nbreak', '社群', '[x]', '', 'x]'];
const segmentOf = (i: number): CellValue => (i % 11 === 0 ? null : SEGMENTS[i % SEGMENTS.length]);
/** Many distinct texts (more than the coded limit), some of them null. */
const idOf = (i: number): CellValue => (i % 13 === 0 ? null : `C'${i}`);
/** A text column holding numbers and booleans too: written as their text. */
const mixedOf = (i: number): CellValue => (i % 3 === 0 ? i : i % 3 === 1 ? i % 2 === 0 : `t${i % 5}`);

function result(): AnalysisResult {
  const table: ResultTable = {
    name: 'customers',
    title: { en: 'Customers', 'zh-CN': '客户' },
    columns: [
      { key: 'customer_id', label: { en: 'Customer', 'zh-CN': '客户' }, kind: 'text' },
      { key: 'segment', label: { en: 'Segment', 'zh-CN': '分群' }, kind: 'text' },
      { key: 'mixed', label: { en: 'Mixed', 'zh-CN': '混合' }, kind: 'text' },
      { key: 'amount', label: { en: 'Amount', 'zh-CN': '金额' }, kind: 'currency' },
    ],
    rows: [],
  };
  attachFullTable(
    table,
    fullTableOfFields(ROWS, (k) => k, [
      ['customer_id', idOf],
      ['segment', segmentOf],
      ['mixed', mixedOf],
      ['amount', (i) => i / 4],
    ]),
  );
  return { kind: 'rfm', tables: [table] } as unknown as AnalysisResult;
}

describe('full tables: text columns', () => {
  it('writes every text as the table gives it, coded or not, in Parquet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-full-texts-'));
    const out = path.join(dir, 'book.xlsx');
    const written = await writeFullTables([result()], out, ['parquet'], []);
    expect(written.map((w) => w.rows)).toEqual([ROWS]);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const file = written[0].file.replace(/'/g, "''");
      const types = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`)).getRows().map((r) => r[1]);
      expect(types).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE']);
      const rows = (await connection.runAndReadAll(`SELECT * FROM '${file}'`)).getRows();
      expect(rows).toHaveLength(ROWS);
      rows.forEach((r, i) => {
        const mixed = mixedOf(i);
        expect(r).toEqual([idOf(i), segmentOf(i), String(mixed), i / 4]);
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
