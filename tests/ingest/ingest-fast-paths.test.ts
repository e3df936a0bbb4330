/**
 * The shortcuts ingest and the orders read take on a columnar grid (the .csv reader's, issue 13) give what the
 * row-by-row path gives on the same cells held row-major (the reference: a copy of the grid has no columns behind
 * it, so every cell is read one by one):
 * - a text column of many distinct texts, its rows one run with the empty fields counted, is read with no pass over
 *   its rows (nulls from the reader's count, more than 100 distinct values known from the dictionary's size);
 * - a column of few texts is counted by code (nulls, distinct values, mean length: category or text);
 * - type inference counts each distinct text of its sample once (times the rows holding it);
 * - the orders read takes rows by a small loop up to the first one it would leave out.
 */
import { describe, expect, it } from 'vitest';
import { csvBytesToGrid } from '../../src/xlsx/read-csv.js';
import { gridColumns } from '../../src/ingest/grid-columns.js';
import { ingestGrid } from '../../src/ingest/index.js';
import { isShortCode, sampledCodes } from '../../src/ingest/infer-column.js';
import { shortDecimal } from '../../src/ingest/parse-number.js';
import type { Dataset } from '../../src/ingest/types.js';
import { distinctOrders, groupedOrders, readOrders } from '../../src/analysis/user/orders.js';

const plain = (ds: Dataset) => ({ ...ds, table: ds.table.objects() });

/** The same .csv text ingested as the reader's columns and as rows (the reference). */
function both(text: string): { a: Dataset; b: Dataset } {
  const columnar = csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid!;
  expect(gridColumns(columnar)).not.toBeNull();
  const rows = { ...csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid! };
  expect(gridColumns(rows)).toBeNull();
  return { a: ingestGrid(columnar), b: ingestGrid(rows) };
}

describe('text columns of a columnar grid, counted by code or not at all', () => {
  it('reads labels with 100, 101 and 102 distinct values as the row-by-row path does (category, text)', () => {
    // 100 distinct labels over 300 rows are a category (at most 100 distinct, each at most half the rows); 101 and
    // 102 are text. With 101 (102 texts with the header) the dictionary alone tells there are more than 100.
    for (const k of [100, 101, 102]) {
      const lines = ['Label,Amount'];
      for (let i = 0; i < 300; i++) lines.push(`Item ${i % k},${i + 1}`);
      const { a, b } = both(lines.join('\n'));
      expect(plain(a)).toEqual(plain(b));
      expect(a.columns[0].type).toBe(k === 100 ? 'category' : 'text');
      expect(a.columns[0].nulls).toBe(0);
    }
  });

  it('counts the empty fields of a run from the reader, less those above the header', () => {
    // Hand-made: a title row (empty fields in every column but the last), the header, then 400 rows with an id
    // empty in every 40th row (10 of them) and a label empty in every 50th (8): nulls 10 and 8, as row by row.
    const lines = [',,Orders report', 'Customer ID,Note,Amount'];
    for (let i = 0; i < 400; i++)
      lines.push(`${i % 40 === 7 ? '' : `C${1000 + i}`},${i % 50 === 3 ? '' : `n ${i % 3}`},${i}`);
    const { a, b } = both(lines.join('\n'));
    expect(plain(a)).toEqual(plain(b));
    expect(a.columns.map((c) => c.nulls)).toEqual([10, 8, 0]);
    expect(a.rowNumbers).toHaveLength(400);
    expect(a.rowNumbers[0]).toBe(3);
  });

  it('names the rows of Excel errors in a column of many texts, and counts them as nulls', () => {
    // Hand-made: 300 distinct ids, `#N/A` on rows 12 and 200 (Excel rows 13 and 201 below the header), blank text
    // (two spaces) on row 50: 3 nulls; the error names both rows, as row by row.
    const lines = ['Customer ID,Amount'];
    for (let i = 0; i < 300; i++) lines.push(`${i === 11 || i === 199 ? '#N/A' : i === 49 ? '  ' : `C${i}`},${i}`);
    const { a, b } = both(lines.join('\n'));
    expect(plain(a)).toEqual(plain(b));
    expect(a.columns[0].nulls).toBe(3);
    const err = a.diagnostics.find((d) => d.code === 'excel-errors');
    expect(err?.where?.rows).toEqual([13, 201]);
  });

  it('reads a run broken by a blank line and a total row as the row-by-row path does', () => {
    const lines = ['Customer ID,Amount'];
    for (let i = 0; i < 250; i++) lines.push(`C${i},${i + 1}`);
    lines.splice(100, 0, '');
    lines.push('Total,31375');
    const { a, b } = both(lines.join('\n'));
    expect(plain(a)).toEqual(plain(b));
    expect(a.rowNumbers).toHaveLength(250);
    // 1 + … + 250 = 31375: the total row is left out, not read as a customer.
    expect(a.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['blank-rows-dropped', 'total-rows-excluded']),
    );
  });
});

describe('type inference over the distinct texts of a columnar grid', () => {
  it('gives the row-by-row plans: examples in row order with repeats, dates, decimal commas, labels', () => {
    // Hand-made: ids with leading zeros repeating (`007` twice before `012`: the examples are 007, 007, 012 as row
    // by row, not each text once), amounts written with a decimal comma (`1,5` repeated), days repeating, a label.
    const ids = ['007', '007', '012', '0042', '5'];
    const amounts = ['"1,5"', '"1,5"', '"2,25"', '"10,75"', '3'];
    const lines = ['Code,Amount,Day,Label'];
    for (let i = 0; i < 200; i++)
      lines.push(`${ids[i % 5]},${amounts[(i * 3) % 5]},2024-03-${10 + (i % 7)},${['red', 'blue'][i % 2]}`);
    const { a, b } = both(lines.join('\n'));
    expect(plain(a)).toEqual(plain(b));
    expect(a.columns.map((c) => c.type)).toEqual(['identifier', 'number', 'date', 'category']);
    // Rows 1, 2, 3 hold 007, 007, 012; the amounts of rows 1, 2, 3 are 1,5 · 10,75 · 1,5 (row i: (3i mod 5)).
    const zeros = a.diagnostics.find((d) => d.code === 'leading-zeros-kept');
    expect(zeros?.message.en).toContain('(e.g. "007", "007", "012")');
    const comma = a.diagnostics.find((d) => d.code === 'decimal-comma');
    expect(comma?.message.en).toContain('(e.g. "1,5", "10,75", "1,5")');
  });
});

describe('ids counted from their bytes (isShortCode)', () => {
  it('takes one or two letters, a digit, then letters and digits; nothing a number, date or currency could start', () => {
    const short = (t: string): boolean => isShortCode(Buffer.from(t, 'latin1'), 0, t.length);
    expect(['C1', 'C000001', 'AB12', 'x9z', 'O0000001', 'Ab3Cd'].map(short)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    // Three letters (a currency code: USD12 is money), a `$`, a dash, a space, a leading digit, letters alone.
    expect(['USD12', 'RMB5', 'A$1', 'C-01', 'C 1', '1C', 'Jan', 'C', ''].map(short)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('gives the row-by-row plans for columns of ids, codes and money written with a code', () => {
    // Hand-made: customer ids (one letter), SKUs (two letters), amounts written `USD12` (three letters: money, not
    // ids), and a column mixing ids with a few plain words, over 6,000 rows so that inference samples 5,000.
    const lines = ['Customer,SKU,Price,Tag'];
    for (let i = 0; i < 6000; i++)
      lines.push(
        `C${String(i % 1500).padStart(5, '0')},AB${i % 40},USD${(i % 90) + 1},${i % 3 === 0 ? 'gift' : `T${i % 7}`}`,
      );
    const { a, b } = both(lines.join('\n'));
    expect(plain(a)).toEqual(plain(b));
    // Customers: 1,500 distinct ids in 5,000 sampled rows are too few apart for ids without an id header (text); SKU
    // is an id header; USD12 is money.
    expect(a.columns.map((c) => c.type)).toEqual(['text', 'identifier', 'currency', 'category']);
  });
});

describe('the orders read of a columnar grid', () => {
  it('keeps, numbers and leaves out the rows the row-by-row read does', () => {
    // Hand-made: 600 orders over 150 customers (in a shuffled order of first appearance), a refund every 37th row,
    // a missing customer id on row 300 (the small loop stops there; the general pass goes on).
    const lines = ['Order ID,Customer ID,Order Date,Amount'];
    for (let i = 0; i < 600; i++) {
      const c = (i * 7) % 150;
      const amount = i % 37 === 5 ? -(i % 13) - 1 : (i % 29) + 0.5;
      lines.push(`O${i},${i === 300 ? '' : `C${c}`},2024-0${1 + (i % 9)}-1${i % 10},${amount}`);
    }
    const { a, b } = both(lines.join('\n'));
    expect(plain(a)).toEqual(plain(b));
    const da: never[] = [];
    const db: never[] = [];
    const oa = readOrders({ orders: a }, da)!;
    const ob = readOrders({ orders: b }, db)!;
    expect(oa.orderCode).toBeDefined(); // the columnar read, through the codes
    expect(ob.orderCode).toBeUndefined(); // the reference, through the strings
    expect(oa.customers).toEqual(ob.customers);
    expect(oa.code).toEqual(ob.code);
    expect(oa.source).toEqual(ob.source);
    expect(oa.refund).toEqual(ob.refund);
    expect(oa.date).toEqual(ob.date);
    expect(oa.amount).toEqual(ob.amount);
    expect(da).toEqual(db);
    // 599 rows kept, 150 customers, refunds on rows i ≡ 5 (mod 37): 17 of them (5, 42, …, 597).
    expect(oa.code).toHaveLength(599);
    expect(oa.customers).toHaveLength(150);
    expect(oa.refund.reduce((s, x) => s + x, 0)).toBe(17);
  });

  it('gives the source rows of a read whose every row is kept as they are, when asked', () => {
    // Hand-made: 50 orders, every row kept by the small loop (no source rows made while reading): rows 0 … 49, as the
    // row-by-row read numbers them.
    const lines = ['Order ID,Customer ID,Order Date,Amount'];
    for (let i = 0; i < 50; i++) lines.push(`O${i},C${i % 7},2024-03-1${i % 10},${i + 1}`);
    const { a, b } = both(lines.join('\n'));
    const oa = readOrders({ orders: a }, [])!;
    const ob = readOrders({ orders: b }, [])!;
    expect(oa.source).toEqual(ob.source);
    expect(Array.from(oa.source)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(oa.orderId).toEqual(ob.orderId);
  });
});

describe('amounts read from their bytes (shortDecimal)', () => {
  it('gives what Number gives the text, for plain decimals of up to 15 digits; NaN for the others', () => {
    const read = (t: string, comma = false): number => shortDecimal(Buffer.from(t, 'latin1'), 0, t.length, comma);
    // Generated: amounts with 0-6 decimals over many magnitudes (a fixed-seed generator), and hand-picked edges.
    const texts = [
      '0',
      '-0',
      '5.',
      '.5',
      '-.5',
      '007',
      '0.1',
      '0.3',
      '2.675',
      '1.005',
      '123456789012345',
      '9007199254.740993',
    ];
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 20000; i++) {
      const whole = String(Math.floor(rand() * 10 ** Math.floor(rand() * 10)));
      const dec = Math.floor(rand() * 7);
      const frac = Array.from({ length: dec }, () => String(Math.floor(rand() * 10))).join('');
      texts.push(`${rand() < 0.2 ? '-' : ''}${whole}${dec > 0 ? `.${frac}` : ''}`);
    }
    for (const t of texts) {
      const want = /^-?\d*\.?\d*$/.test(t) && t.replace(/[-.]/g, '').length <= 15 ? Number(t) : NaN;
      if (!Object.is(read(t), want)) expect(read(t), t).toBe(want);
    }
    // Sixteen digits, signs and marks a plain decimal has not, a decimal point where the column's mark is a comma.
    for (const t of ['1234567890123456', '+1', '1,5', '1.2.3', '1e5', ' 1', '', '-', '.', '12.5']) {
      expect(read(t, t === '12.5'), t).toBeNaN();
    }
  });
});

describe('sampled codes counted by sorting (sampledCodes)', () => {
  it('gives the codes in order of first appearance and their counts, as counting by code does', () => {
    // Generated (a fixed-seed generator): columns of 5,000 rows, a code per row from dictionaries of 10 to 1,000,000
    // texts (empty fields as -1), sampled at every row and at a spread; the dictionary size decides which way they
    // are counted, so the same codes are counted both ways by giving a small and a large size.
    let seed = 3;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const size of [10, 1000, 40000]) {
      const codes = Int32Array.from({ length: 5000 }, () => (rand() < 0.05 ? -1 : Math.floor(rand() * size)));
      const rows = Int32Array.from({ length: 5000 }, (_, i) => i);
      for (const idx of [rows, Int32Array.from({ length: 1200 }, (_, i) => (i * 4) % 5000)]) {
        const dense = sampledCodes(codes, rows, idx, size);
        const sparse = sampledCodes(codes, rows, idx, 1_000_000);
        expect(sparse.n).toBe(dense.n);
        expect(Array.from(sparse.order.subarray(0, sparse.n))).toEqual(Array.from(dense.order.subarray(0, dense.n)));
        expect(Array.from(sparse.times.subarray(0, sparse.n))).toEqual(Array.from(dense.times.subarray(0, dense.n)));
        // The counts add up to the sampled rows holding a code.
        expect(dense.times.reduce((a, b) => a + b, 0)).toBe(Array.from(idx).filter((i) => codes[i] >= 0).length);
      }
    }
  });
});

describe('numbers in the inference sample counted from their bytes', () => {
  it('gives the row-by-row plans where the counts of points, digits, dates and serials decide', () => {
    // Hand-made columns over 6,000 rows (inference samples 5,000, many texts repeated): `1.234`-style amounts only
    // (either reading: a German locale makes them decimal commas), amounts mixing `1.234` with `12.5` (a decimal
    // point), yyyymmdd numbers under a date header (compact dates), serials under a date header, integers with
    // leading zeros (ids, counted by countText with their examples), negatives and `.5`.
    const lines = ['Dot,Price,Order Date,Ship Date,Code,Delta'];
    for (let i = 0; i < 6000; i++) {
      const dot = `${1 + (i % 9)}.${String(100 + (i % 800)).padStart(3, '0')}`;
      const price = i % 3 === 0 ? `${i % 50}.5` : dot;
      const compact = `2024${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
      const serial = String(45000 + (i % 700));
      const code = String(i % 400).padStart(4, '0');
      const delta = i % 4 === 0 ? `-${i % 30}` : i % 4 === 1 ? `.${i % 10}` : `${i % 77}`;
      lines.push([dot, price, compact, serial, code, delta].join(','));
    }
    for (const locale of [undefined, 'de-DE']) {
      const text = lines.join('\n');
      const columnar = csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid!;
      const rows = { ...csvBytesToGrid(Buffer.from(text, 'utf8'), 'orders').grid! };
      const a = ingestGrid(columnar, { locale });
      const b = ingestGrid(rows, { locale });
      expect(plain(a)).toEqual(plain(b));
      // `1.234` alone reads either way: a German locale reads it with a decimal comma (1234, whole numbers).
      const dot = locale ? 'integer' : 'number';
      expect(a.columns.map((c) => c.type)).toEqual([dot, 'number', 'date', 'date', 'identifier', 'number']);
    }
  });
});

describe('order codes grouped by customer', () => {
  it('are the order codes of the grouped rows, whether each row is an order of its own or not', () => {
    // Hand-made: 300 rows over 40 customers, order ids one per row (codes 1, 2 … after the header's: written from the
    // grouped rows) and the same rows with every fifth order on two rows (codes scattered with the rows).
    for (const repeat of [false, true]) {
      const lines = ['Order ID,Customer ID,Order Date,Amount'];
      for (let i = 0; i < 300; i++)
        lines.push(`O${repeat && i % 5 === 1 ? i - 1 : i},C${(i * 7) % 40},2024-03-01,${i}`);
      const { a } = both(lines.join('\n'));
      const o = readOrders({ orders: a }, [])!;
      const g = groupedOrders(o);
      expect(Array.from(g.orderCode!)).toEqual(Array.from(g.idx, (i) => o.orderCode![i]));
      expect(distinctOrders(g)).toBe(!repeat);
    }
  });
});
