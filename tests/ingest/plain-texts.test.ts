/**
 * The .csv reader's plain-text fast path (src/ingest/grid-columns.ts `isPlainText`, `TextColumn.special`): ingest
 * runs its blank, trim, Excel-error and total tests only on the texts the reader did not find plain, and reads each
 * distinct `yyyy-mm-dd` date and plain decimal of a column once. The references are the general paths: the same
 * cells held row-major (spreading the grid builds its rows; a copy has no columns behind it), and the same columns
 * with `special` taken away (every text looked at). Both must give the same Dataset, diagnostics included.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvBytesToGrid } from '../../src/xlsx/read-csv.js';
import { gridColumns, isPlainText } from '../../src/ingest/grid-columns.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { isBlankCell, trimCell } from '../../src/ingest/cells.js';
import { isExcelError } from '../../src/ingest/excel-errors.js';
import { endsLikeTotal, isTotalLabel } from '../../src/ingest/totals.js';
import type { Dataset } from '../../src/ingest/types.js';
import type { CellGrid } from '../../src/types.js';

const plain = (ds: Dataset) => ({ ...ds, table: ds.table.objects() });

/** A columnar grid of `csv`, the same grid row-major, and the same columns with every text looked at. */
function threeWays(csv: string): { columnar: CellGrid; rows: CellGrid; unknown: CellGrid } {
  const read = (): CellGrid => csvBytesToGrid(Buffer.from(csv, 'utf8'), 'orders').grid!;
  const columnar = read();
  const rows = { ...read() };
  const unknown = read();
  for (const col of gridColumns(unknown)!.columns) delete col.special;
  return { columnar, rows, unknown };
}

function expectSameDataset(csv: string): Dataset {
  const { columnar, rows, unknown } = threeWays(csv);
  expect(gridColumns(columnar)!.columns.some((c) => c.special !== undefined)).toBe(true);
  const a = ingestGrid(columnar);
  expect(plain(a)).toEqual(plain(ingestGrid(rows)));
  expect(plain(a)).toEqual(plain(ingestGrid(unknown)));
  return a;
}

/** Whether a text is plain, through its UTF-8 bytes as the reader sees them. */
const plainText = (t: string): boolean => {
  const b = Buffer.from(t, 'utf8');
  return isPlainText(b, 0, b.length);
};

// The edge cases of the brief, hand-picked: signs, exponents, bare dots, leading zeros, thousands separators,
// surrounding blanks, NaN-like text, more significant digits than a double holds, Excel errors, total words.
const EDGE = [
  '-0',
  '1e5',
  '.5',
  '1.',
  '+3',
  '0012',
  '1,234',
  ' 12 ',
  '12 ',
  '\u00a012',
  '12\u3000',
  'NaN',
  'nan',
  'N/A',
  '-',
  '12345678901234567890',
  '0.10000000000000000555',
  '#N/A',
  '#DIV/0!',
  '$5.00',
  '(3.50)',
  '12%',
  'Total',
  'total',
  'Grand total',
  'Subtotal',
  'Search Total',
  'sum',
  '合计',
  '汇总',
  'C3 Total',
  'O0000001',
  'C000001',
  '2024-01-05',
  '31.87',
];

describe('isPlainText', () => {
  it('says plain only of texts that need no trimming and are neither blank, an error nor a total', () => {
    for (const t of EDGE) {
      if (!plainText(t)) continue;
      expect(trimCell(t), t).toBe(t);
      expect(isBlankCell(t), t).toBe(false);
      expect(isExcelError(t), t).toBe(false);
      expect(isTotalLabel(t), t).toBe(false);
      expect(endsLikeTotal(t), t).toBe(false);
    }
    // Hand-checked against the rule (printable ASCII at both ends, no '#', no two-letter start, no l/L/s/S end).
    // Missing markers such as N/A may be plain: plain says nothing of them (ingest looks every text up for those).
    expect(EDGE.filter(plainText)).toEqual([
      '-0',
      '1e5',
      '.5',
      '1.',
      '+3',
      '0012',
      '1,234',
      'N/A',
      '-',
      '12345678901234567890',
      '0.10000000000000000555',
      '$5.00',
      '(3.50)',
      '12%',
      'O0000001',
      'C000001',
      '2024-01-05',
      '31.87',
    ]);
  });

  it('holds for random texts over the characters the tests care about (fast-check, fixed seed)', () => {
    const chars = fc.constantFrom(
      ...' \t\u00a0\u3000#-+.,0123456789eElLsStTOogG$%()合计总 '.split(''),
      'Total',
      'N/A',
      'sum',
    );
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 8 }), (parts) => {
        const t = parts.join('');
        if (!plainText(t)) return;
        expect(trimCell(t)).toBe(t);
        expect(isBlankCell(t)).toBe(false);
        expect(isExcelError(t)).toBe(false);
        expect(isTotalLabel(t)).toBe(false);
        expect(endsLikeTotal(t)).toBe(false);
      }),
      { seed: 20261205, numRuns: 3000 },
    );
  });
});

describe('the reader marks the texts that are not plain', () => {
  it('lists a column’s header and labels as special, and gives up past 64 of them', () => {
    const lines = ['Order ID,Note'];
    for (let i = 0; i < 100; i++) lines.push(`O${String(i).padStart(7, '0')},note ${i}`);
    const cols = gridColumns(csvBytesToGrid(Buffer.from(lines.join('\n'), 'utf8'), 'orders').grid!)!;
    // 'Order ID' (code 0) starts with two letters; the ids are plain.
    expect([...cols.columns[0].special!]).toEqual([0]);
    // 'Note' and 100 notes: none plain, too many to list.
    expect(cols.columns[1].special).toBeUndefined();
  });
});

describe('ingesting plain texts through the fast path', () => {
  it('gives the general path’s Dataset for every edge case in an amount column', () => {
    // One edge case per row under plain amounts (hand-written): the column stays a number column, the
    // others are strays, errors, missing markers or money, each reported on its row. `0012` would make the column
    // an identifier (the next test has it).
    const lines = ['Order ID,Customer ID,Order Date,Amount'];
    EDGE.filter((t) => t !== '0012').forEach((t, i) => {
      lines.push(`O${i},C${i % 3},2024-01-0${(i % 9) + 1},10.50`);
      lines.push(`O${i}b,C${i % 3},2024-01-0${(i % 9) + 1},"${t}"`);
    });
    lines.push('O99,C1,2024-02-01,');
    const ds = expectSameDataset(lines.join('\n'));
    expect(ds.columns.map((c) => c.type)).toEqual(['identifier', 'identifier', 'date', 'number']);
    // The Excel errors on their rows: edge case i (0-based, `0012` left out) is on Excel row 3 + 2i, so `#N/A`
    // (i = 16) on row 35 and `#DIV/0!` (i = 17) on row 37.
    expect(ds.diagnostics.find((d) => d.code === 'excel-errors')?.where?.rows).toEqual([35, 37]);
  });

  it('gives the general path’s Dataset for the edge cases as ids, dates and labels', () => {
    // Each edge case in every column at once (hand-written): ids with blanks around them, totals in the first
    // cells (total rows out), errors and blanks in a date column, leading zeros in a code column.
    const lines = ['Order ID,Customer ID,Order Date,Code,Amount'];
    const dates = ['2024-01-05', ' 2024-01-06', '2024-13-01', '2024-02-30', '#N/A', '', '2024-01-05 '];
    EDGE.forEach((t, i) => {
      lines.push(`"${t}",C${i % 4},${dates[i % dates.length]},0012,${i}.25`);
      lines.push(`O${i},"${t}",2024-01-07,12,${i}`);
    });
    lines.push('Total,,,,999');
    expectSameDataset(lines.join('\n'));
  });

  it('reads repeated dates and amounts once per text with the values the row-by-row pass gives', () => {
    // 200 rows over 5 dates and 4 amounts (hand-written), plus one date out of Excel's range repeated on two rows
    // (both reported) and a leading-zero amount at the end (the column becomes an identifier, as row by row).
    const lines = ['Customer ID,Order Date,Amount'];
    for (let i = 0; i < 200; i++) lines.push(`C${i % 7},2024-03-0${(i % 5) + 1},${['1.5', '-0', '20', '7.25'][i % 4]}`);
    lines.push('C1,1899-12-30,1.5', 'C2,1899-12-30,2');
    let ds = expectSameDataset(lines.join('\n'));
    expect(ds.table.array('Order Date').slice(0, 5)).toEqual([45352, 45353, 45354, 45355, 45356]);
    expect(ds.diagnostics.find((d) => d.code === 'date-out-of-range')?.where?.rows).toEqual([202, 203]);
    expect(Object.is(ds.table.array('Amount')[1], -0)).toBe(true);
    lines.push('C3,2024-03-01,0012');
    ds = expectSameDataset(lines.join('\n'));
    expect(ds.columns[2].type).toBe('identifier');
  });

  it('reads day/month dates row by row: each ambiguous row is reported, repeated texts too', () => {
    // Hand-written: `03/04/2024` (March 4 or April 3) on rows 2, 3 and 5, `05/06/2024` on row 4; no text tells the
    // order, so each of the four rows is named as ambiguous, as the row-major pass names them.
    const csv = [
      'Customer ID,Order Date,Amount',
      'C1,03/04/2024,1',
      'C2,03/04/2024,2',
      'C1,05/06/2024,3',
      'C3,03/04/2024,4',
    ];
    const ds = expectSameDataset(csv.join('\n'));
    expect(ds.diagnostics.find((d) => d.code === 'date-order-ambiguous')?.where?.rows).toEqual([2, 3, 4, 5]);
  });
});
