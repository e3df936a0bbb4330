/**
 * Type inference per column, on small frozen grids. Expected serials are Excel's DATE() values;
 * other expected numbers are worked by hand from the cells shown.
 */
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import type { IngestOptions } from '../../src/ingest/index.js';
import type { CellGrid, CellValue } from '../../src/types.js';
import { deepFreeze, gridOf } from './helpers/csv.js';

/** One column under a header; returns its ColumnInfo, values and diagnostics. */
function column(
  header: string,
  cells: CellValue[],
  extra: Partial<CellGrid> & { formats?: string[] } = {},
  options: IngestOptions = {},
) {
  const { formats, ...rest } = extra;
  const grid: CellGrid = gridOf('Data', [[header], ...cells.map((c) => [c])], rest);
  if (formats) grid.numberFormats = [['General'], ...formats.map((f) => [f])];
  deepFreeze(grid);
  const before = structuredClone(grid);
  const ds = ingestGrid(grid, options);
  expect(grid).toEqual(before);
  const info = ds.columns[0];
  return {
    info,
    values: ds.table.array(info.name) as unknown[],
    ds,
    diags: ds.diagnostics.filter((d) => d.where?.column === info.name),
  };
}
const plain = (a: unknown[]) => Array.from(a);

describe('numbers', () => {
  it('integers and decimals from Excel numbers', () => {
    expect(column('Qty', [1, 2, 3]).info.type).toBe('integer');
    expect(column('Price', [1.5, 2, 3]).info.type).toBe('number');
  });
  it('numbers written as text (a .csv) become numbers', () => {
    const c = column('Price', ['1.50', '2', '-3.25']);
    expect(c.info.type).toBe('number');
    expect(plain(c.values)).toEqual([1.5, 2, -3.25]);
  });
  it('a numeric column without gaps is a Float64Array; with gaps, nulls', () => {
    expect(column('Qty', [1, 2, 3]).ds.table.column('Qty')).toBeInstanceOf(Float64Array);
    const c = column('Qty', [1, '#N/A', 3]);
    expect(plain(c.values)).toEqual([1, null, 3]);
    expect(c.info.nulls).toBe(1);
  });
  it('currency with symbols, codes, thousands separators and accounting negatives', () => {
    const c = column('Amount', ['$1,234.50', '(1,234)', '$-5', '$0.99']);
    expect(c.info).toMatchObject({ type: 'currency', currency: '$' });
    expect(plain(c.values)).toEqual([1234.5, -1234, -5, 0.99]);
    expect(column('Amount', ['¥1,000', '￥20', '¥3']).info.currency).toBe('¥');
    expect(column('Amount', ['EUR 12.50', 'EUR 3']).info.currency).toBe('EUR');
    expect(column('Amount', ['£5', '£6']).info.currency).toBe('£');
  });
  it('currency from the number format', () => {
    const c = column('Amount', [12.5, 3], { formats: ['"$"#,##0.00', '"$"#,##0.00'] });
    expect(c.info).toMatchObject({ type: 'currency', currency: '$' });
  });
  it('a column written consistently with decimal commas', () => {
    const c = column('Betrag', ['1.234,56', '12,5', '7']);
    expect(c.info.type).toBe('number');
    expect(plain(c.values)).toEqual([1234.56, 12.5, 7]);
    expect(c.diags.map((d) => d.code)).toEqual(['decimal-comma']);
  });
  it('1,234 means one thousand two hundred thirty-four unless the column or locale says otherwise', () => {
    expect(plain(column('Amount', ['1,234', '2,000']).values)).toEqual([1234, 2000]);
    expect(plain(column('Amount', ['1,234', '2,5']).values)).toEqual([1.234, 2.5]);
    expect(plain(column('Betrag', ['1.234', '2.000'], {}, { locale: 'de-DE' }).values)).toEqual([1234, 2000]);
  });
  it('warns when one column mixes currencies', () => {
    const c = column('Amount', ['$5', '$6', '€7', '$8']);
    const d = c.diags.find((x) => x.code === 'mixed-currencies')!;
    expect(d.where).toMatchObject({ rows: [4], count: 1, columnLetter: 'A' });
  });
  it('percentages as text and by format, as fractions', () => {
    const c = column('Rate', ['12%', '7.5%', '100%']);
    expect(c.info.type).toBe('percent');
    expect(plain(c.values)).toEqual([0.12, 0.075, 1]);
    expect(column('Rate', [0.12, 0.5], { formats: ['0%', '0.0%'] }).info.type).toBe('percent');
  });
  it('Chinese magnitudes', () => {
    expect(plain(column('销售额', ['1.2万', '3万', '5000']).values)).toEqual([12000, 30000, 5000]);
  });
});

describe('stray text, errors, NaN', () => {
  it('a mostly numeric column stays numeric and reports the strays with rows and count', () => {
    const cells: CellValue[] = [1, 2, 'see note', 4, 5, 6, 7, 8, 9, 'n.a. (ask Bob)', 11, 12];
    const c = column('Qty', cells);
    expect(c.info.type).toBe('integer');
    expect(c.values[2]).toBeNull();
    const d = c.diags.find((x) => x.code === 'stray-values')!;
    expect(d.severity).toBe('warning');
    expect(d.where).toEqual({ sheet: 'Data', column: 'Qty', columnLetter: 'A', rows: [4, 11], count: 2 });
    expect(d.message.en).toContain('"see note"');
    expect(d.message['zh-CN']).toContain('数字');
  });
  it('lists at most five example rows but counts them all', () => {
    const cells: CellValue[] = Array.from({ length: 60 }, (_, i) => (i % 10 === 0 ? 'x' : i));
    const d = column('Qty', cells).diags.find((x) => x.code === 'stray-values')!;
    expect(d.where?.rows).toEqual([2, 12, 22, 32, 42]);
    expect(d.where?.count).toBe(6);
  });
  it.each(['#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA'])(
    'Excel error %s becomes null with a diagnostic',
    (err) => {
      const c = column('Amount', [1.5, err, 2.5]);
      expect(plain(c.values)).toEqual([1.5, null, 2.5]);
      expect(c.info.type).toBe('number');
      expect(c.diags.find((d) => d.code === 'excel-errors')?.where).toMatchObject({ rows: [3], count: 1 });
    },
  );
  it('errors in a text column become null too', () => {
    const c = column('Name', ['Ann', '#REF!', 'Bob']);
    expect(plain(c.values)).toEqual(['Ann', null, 'Bob']);
    expect(c.diags.map((d) => d.code)).toEqual(['excel-errors']);
  });
  it('NaN and Infinity become null with a diagnostic, never a number', () => {
    const c = column('Amount', [1.5, NaN, Infinity, 2.5]);
    expect(plain(c.values)).toEqual([1.5, null, null, 2.5]);
    expect(c.diags.find((d) => d.code === 'invalid-numbers')?.where?.count).toBe(2);
  });
  it('missing markers (-, N/A, 无) in a numeric column are blanks, said in an info', () => {
    const c = column('Amount', [1, '-', 'N/A', '无', 2]);
    expect(plain(c.values)).toEqual([1, null, null, null, 2]);
    expect(c.diags.map((d) => [d.code, d.severity])).toEqual([['missing-markers', 'info']]);
  });
  it('a measure header (amount, 金额) needs only a plain majority of numbers; the text cells are named', () => {
    // Two of three filled cells are numbers: under "Amount" or "金额" that is a number column whose text
    // cell is reported with its Excel row (row 3 = second data row); under "Note" it stays mixed text.
    for (const header of ['Amount', '金额', 'order_value']) {
      const c = column(header, [-20, 'abc', 30]);
      expect(c.info.type).toBe('integer');
      expect(plain(c.values)).toEqual([-20, null, 30]);
      const d = c.diags.find((x) => x.code === 'stray-values')!;
      expect(d.where?.rows).toEqual([3]);
      expect(d.message.en).toContain('"abc"');
    }
    expect(column('Note', [-20, 'abc', 30]).info.type).toBe('text');
    // A tie is no majority, even under a measure header.
    expect(column('Amount', [1, 'a', 2, 'b']).info.type).toBe('text');
  });
  it('a column with no clear majority is text and says so', () => {
    const c = column('Mixed', [1, 'a', '2024-01-01', 'b', 2, true]);
    expect(c.info.type).toBe('text');
    expect(c.diags.map((d) => d.code)).toContain('mixed-types');
  });
});

describe('dates', () => {
  it('Excel serials with a date format are dates; with a time format, date-times', () => {
    const d = column('Day', [45461, 45462], { formats: ['yyyy-mm-dd', 'yyyy-mm-dd'] });
    expect(d.info.type).toBe('date');
    expect(plain(d.values)).toEqual([45461, 45462]);
    expect(column('When', [45461.5, 45462.25], { formats: ['m/d/yyyy h:mm', 'm/d/yyyy h:mm'] }).info.type).toBe(
      'datetime',
    );
  });
  it('serials without a date format stay numbers', () => {
    expect(column('Amount', [45461, 45462]).info.type).toBe('integer');
  });
  it('the 1904 date system is shifted to 1900 serials (+1462)', () => {
    // 1904-01-01 is serial 0 in the 1904 system and =DATE(1904,1,1) = 1462 in the 1900 system
    const c = column('Day', [0, 43999], { formats: ['yyyy-mm-dd', 'yyyy-mm-dd'], date1904: true });
    expect(plain(c.values)).toEqual([1462, 45461]);
    expect(c.diags.map((d) => d.code)).toEqual(['date-1904-shifted']);
  });
  it("serial 60 (Excel's 29 Feb 1900, which never existed) is null with a warning", () => {
    const c = column('Day', [59, 60, 61], { formats: ['yyyy-mm-dd', 'yyyy-mm-dd', 'yyyy-mm-dd'] });
    expect(plain(c.values)).toEqual([59, null, 61]);
    expect(c.diags.find((d) => d.code === 'date-1900-leap-bug')?.where?.rows).toEqual([3]);
  });
  it('ISO, 2024/6/18, 2024年6月18日 and named months', () => {
    const c = column('Order Date', ['2024-06-18', '2024/6/19', '2024年6月20日', '21 Jun 2024']);
    expect(c.info).toMatchObject({ type: 'date', dateOrder: 'ymd' });
    expect(plain(c.values)).toEqual([45461, 45462, 45463, 45464]); // =DATE(2024,6,18) … 21
  });
  it('date-times written as text', () => {
    const c = column('Order Time', ['2010-12-01 08:26:00', '2010-12-01 18:00:00']);
    expect(c.info.type).toBe('datetime');
    expect(c.values[1]).toBeCloseTo(40513.75, 9); // =DATE(2010,12,1)+TIME(18,0,0)
  });
  it('tells day/month from month/day per column', () => {
    const dmy = column('Date', ['18/06/2024', '05/06/2024']);
    expect(dmy.info.dateOrder).toBe('dmy');
    expect(plain(dmy.values)).toEqual([45461, 45448]); // 5 June 2024 = 45448
    const mdy = column('Date', ['06/18/2024', '06/05/2024']);
    expect(mdy.info.dateOrder).toBe('mdy');
    expect(plain(mdy.values)).toEqual([45461, 45448]);
  });
  it('warns when the order cannot be told, and follows the locale', () => {
    const us = column('Date', ['05/06/2024', '01/02/2024']);
    expect(us.info.dateOrder).toBe('mdy');
    expect(us.diags.find((d) => d.code === 'date-order-ambiguous')?.severity).toBe('warning');
    const gb = column('Date', ['05/06/2024', '01/02/2024'], {}, { locale: 'en-GB' });
    expect(gb.info.dateOrder).toBe('dmy');
    expect(gb.values[0]).toBe(45448);
  });
  it('finds the order beyond the inference sample', () => {
    const cells: CellValue[] = [...Array.from({ length: 6000 }, () => '05/06/2024'), '25/06/2024'];
    const c = column('Date', cells);
    expect(c.info.dateOrder).toBe('dmy');
    expect(c.values[0]).toBe(45448);
    expect(c.diags).toEqual([]);
  });
  it('reports dates that contradict the column order', () => {
    const c = column('Date', ['18/06/2024', '19/06/2024', '06/20/2024']);
    expect(c.values[2]).toBeNull();
    expect(c.diags.find((d) => d.code === 'date-order-mixed')?.where?.rows).toEqual([4]);
  });
  it('impossible and out-of-range dates become null with diagnostics', () => {
    const c = column('Date', ['2024-06-18', '2024-02-30', '1850-01-01', '2024-06-19']);
    expect(plain(c.values)).toEqual([45461, null, null, 45462]);
    expect(c.diags.find((d) => d.code === 'stray-values')?.where?.rows).toEqual([3]);
    expect(c.diags.find((d) => d.code === 'date-out-of-range')?.where?.rows).toEqual([4]);
  });
  it('yyyymmdd numbers and plain serials are dates when the header says date', () => {
    const c = column('date', ['19970101', '19970112']);
    expect(c.info.type).toBe('date');
    expect(plain(c.values)).toEqual([35431, 35442]); // =DATE(1997,1,1), =DATE(1997,1,12)
    const s = column('Order Date', [45461, 45462]);
    expect(s.info.type).toBe('date');
    expect(s.diags.map((d) => d.code)).toEqual(['serials-as-dates']);
  });
});

describe('booleans, categories, text, identifiers', () => {
  it.each([
    [
      [true, false, true],
      [true, false, true],
    ],
    [
      ['TRUE', 'FALSE', 'true'],
      [true, false, true],
    ],
    [
      ['是', '否', '是'],
      [true, false, true],
    ],
    [
      ['Y', 'N', 'y'],
      [true, false, true],
    ],
    [
      ['Yes', 'No', 'yes'],
      [true, false, true],
    ],
  ])('%j is boolean', (cells, expected) => {
    const c = column('Flag', cells);
    expect(c.info.type).toBe('boolean');
    expect(plain(c.values)).toEqual(expected);
  });
  it('0/1 stays integer', () => {
    expect(column('visit', [0, 1, 0]).info.type).toBe('integer');
  });
  it('few distinct labels are a category; unique names are text', () => {
    expect(column('Channel', ['Email', 'Search', 'Email', 'Social']).info.type).toBe('category');
    expect(column('Name', ['Ann', 'Bob', 'Cy', 'Dee']).info.type).toBe('text');
    const many = Array.from({ length: 300 }, (_, i) => `Customer comment number ${i}`);
    expect(column('Comment', many).info.type).toBe('text');
  });
  it('trims the blanks around labels', () => {
    expect(plain(column('Channel', [' Email', 'Email ', 'Search']).values)).toEqual(['Email', 'Email', 'Search']);
  });
  it('keeps leading zeros: digits with leading zeros are identifiers', () => {
    const c = column('Area', ['02134', '10001', '00501']);
    expect(c.info.type).toBe('identifier');
    expect(plain(c.values)).toEqual(['02134', '10001', '00501']);
    expect(c.diags.map((d) => d.code)).toEqual(['leading-zeros-kept']);
  });
  it('finds leading zeros beyond the sample', () => {
    const cells: CellValue[] = [...Array.from({ length: 6000 }, (_, i) => String(100000 + i)), '000123'];
    const c = column('Ref', cells);
    expect(c.info.type).toBe('identifier');
    expect(c.values[6000]).toBe('000123');
  });
  it.each(['Customer ID', 'CustomerID', '客户ID', '用户编号', 'Order No', '订单号', 'Invoice Number'])(
    'numbers under a header like %s are identifiers, written as Excel shows them',
    (header) => {
      const c = column(header, [17850, 13047, 17850]);
      expect(c.info.type).toBe('identifier');
      expect(plain(c.values)).toEqual(['17850', '13047', '17850']);
    },
  );
  it('a zero-padded number format keeps the zeros', () => {
    expect(plain(column('Store', [12, 345], { formats: ['00000', '00000'] }).values)).toEqual(['00012', '00345']);
  });
  it('"number of …" and a code column with few words are not ids', () => {
    expect(column('number_of_cds', ['1', '5']).info.type).toBe('integer');
    expect(column('zip_code', ['Urban', 'Rural', 'Urban', 'Rural', 'Surburban']).info.type).toBe('category');
  });
  it('long digit strings (beyond 15 digits) stay text ids', () => {
    const c = column('Txn', ['2024061812345678901', '2024061812345678902']);
    expect(c.info.type).toBe('identifier');
    expect(c.values[0]).toBe('2024061812345678901');
  });
  it('unique codes mixing letters and digits are identifiers', () => {
    expect(column('Ref', ['INV-0001', 'INV-0002', 'INV-0003']).info.type).toBe('identifier');
  });
  it('an empty column under a header is typed empty with a warning', () => {
    const grid = deepFreeze(
      gridOf('S', [
        ['A', 'B'],
        [1, null],
        [2, ''],
      ]),
    );
    const ds = ingestGrid(grid);
    expect(ds.columns[1]).toMatchObject({ type: 'empty', nulls: 2 });
    expect(ds.diagnostics.find((d) => d.code === 'column-empty')?.where?.columnLetter).toBe('B');
  });
});
