import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  csvBytesToGrid,
  csvSheetName,
  detectDelimiter,
  detectEncoding,
  parseCsv,
  parseCsvBytes,
  parseCsvColumns,
  readCsv,
} from '../../src/xlsx/read-csv.js';
import { gridColumns, rowOf } from '../../src/ingest/grid-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-csv-'));
function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

// A Chinese Excel export: headers and values as Excel zh-CN would save them (hand-written fixture).
const zhText =
  '客户ID,订单日期,金额,渠道,城市\r\n' +
  'C001,2024-01-05,128.50,社群,北京\r\n' +
  'C002,2024-02-01,99,付费搜索,上海\r\n' +
  'C003,2024-02-03,"1,280.00",社群,广州\r\n';
const zhRows = [
  ['客户ID', '订单日期', '金额', '渠道', '城市'],
  ['C001', '2024-01-05', '128.50', '社群', '北京'],
  ['C002', '2024-02-01', '99', '付费搜索', '上海'],
  ['C003', '2024-02-03', '1,280.00', '社群', '广州'],
];

describe('parseCsv (RFC 4180)', () => {
  it('splits fields, unescapes doubled quotes and keeps line breaks inside quotes', () => {
    // Expected by hand from RFC 4180 §2 rules 5–7.
    const text = 'id,note,amount\r\n1,"line one\r\nline two",5\r\n2,"say ""hi""",\r\n3,"a,b",7';
    expect(parseCsv(text, ',').rows).toEqual([
      ['id', 'note', 'amount'],
      ['1', 'line one\r\nline two', '5'],
      ['2', 'say "hi"', null],
      ['3', 'a,b', '7'],
    ]);
  });

  it('treats a final line break as the end, a blank line as one empty record, LF and CR as line ends', () => {
    expect(parseCsv('a,b\n\n1,2\n', ',').rows).toEqual([['a', 'b'], [null], ['1', '2']]);
    expect(parseCsv('a\rb\r', ',').rows).toEqual([['a'], ['b']]);
  });

  it('keeps text after a closing quote (as Excel does) and flags an unclosed quote', () => {
    expect(parseCsv('"ab"cd,e', ',').rows).toEqual([['abcd', 'e']]);
    const open = parseCsv('a,"bc\nd', ',');
    expect(open.rows).toEqual([['a', 'bc\nd']]);
    expect(open.unclosedQuote).toBe(true);
  });

  it('handles empty input, a lone delimiter and a single value', () => {
    expect(parseCsv('', ',').rows).toEqual([]);
    expect(parseCsv(',', ',').rows).toEqual([[null, null]]);
    expect(parseCsv('x', ',').rows).toEqual([['x']]);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n4,5,6\n', ','],
    ['a;b;c\n1,5;2,5;3\n4;5;6\n', ';'], // decimal commas must not win over the consistent semicolon
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['"x,y";b\n"1,2";3\n', ';'], // commas inside quotes do not count
    ['single\ncolumn\n', ','],
  ] as const)('%j → %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('detectEncoding', () => {
  it('recognises UTF-8, with and without BOM', () => {
    expect(detectEncoding(Buffer.from(zhText, 'utf8'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zhText)]))).toEqual({
      encoding: 'utf-8',
      bom: true,
    });
  });

  it('recognises GB18030 for a short Chinese export (too short for chardet alone)', () => {
    expect(detectEncoding(iconv.encode(zhText, 'gb18030')).encoding).toBe('gb18030');
    expect(detectEncoding(iconv.encode('活动\n', 'gbk')).encoding).toBe('gb18030');
  });

  it('recognises UTF-16LE with a BOM and without one', () => {
    expect(detectEncoding(iconv.encode(zhText, 'utf-16le', { addBOM: true }))).toEqual({
      encoding: 'utf-16le',
      bom: true,
    });
    expect(detectEncoding(iconv.encode('name,amount\nAnn,5\n', 'utf-16le')).encoding).toBe('utf-16le');
  });

  it('falls back to a single-byte encoding for Latin-1 text', () => {
    const enc = detectEncoding(iconv.encode('name;city\nMüller;Köln\nBjörk;Åre\n', 'latin1')).encoding;
    expect(iconv.decode(iconv.encode('Müller', 'latin1'), enc)).toBe('Müller');
  });
});

describe('csvBytesToGrid', () => {
  const cases: [string, Uint8Array][] = [
    ['UTF-8', Buffer.from(zhText, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zhText)])],
    ['GB18030', iconv.encode(zhText, 'gb18030')],
    ['UTF-16LE with BOM', iconv.encode(zhText, 'utf-16le', { addBOM: true })],
  ];
  it.each(cases)('%s decodes to the same grid', (_name, bytes) => {
    const frozen = Buffer.from(bytes);
    const { grid, diagnostics } = csvBytesToGrid(bytes, 'orders');
    expect(grid).toEqual({ sheet: 'orders', address: 'A1:E4', values: zhRows });
    expect(diagnostics).toEqual([]);
    expect(Buffer.from(bytes).equals(frozen)).toBe(true); // input not changed
  });

  it('pads short rows with null so the grid is rectangular', () => {
    const { grid } = csvBytesToGrid(Buffer.from('Report\na,b,c\n1,2,3\n'), 'x');
    expect(grid?.address).toBe('A1:C3');
    expect(grid?.values[0]).toEqual(['Report', null, null]);
  });

  it('a UTF-8 BOM over bytes that are not UTF-8: decoded first (the BOM skips the check, the read makes it)', () => {
    // By hand: 0xE9 and 0xE8 alone are no UTF-8; decoded, each is U+FFFD, so the two cells are one value. Split as
    // bytes (had the read taken the BOM for a check) they would be two distinct values of the same text. 40 lines
    // of `ok` keep the share of U+FFFD under the not-text threshold.
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('name\nCaf'),
      Buffer.from([0xe9]),
      Buffer.from('\nCaf'),
      Buffer.from([0xe8]),
      Buffer.from('\nok'.repeat(40)),
    ]);
    const { grid, detection } = csvBytesToGrid(bytes, 'x');
    expect(detection).toEqual({ encoding: 'utf-8', bom: true, delimiter: ',' });
    const col = gridColumns(grid!)!.columns[0];
    expect([...col.dict]).toEqual(['name', 'Caf\uFFFD', 'ok']);
    expect(Array.from(col.codes.subarray(0, 4))).toEqual([0, 1, 1, 2]);
  });

  it('honours an Excel "sep=" line', () => {
    const { grid, detection } = csvBytesToGrid(Buffer.from('sep=|\na|b,c\n1|2\n'), 'x');
    expect(detection.delimiter).toBe('|');
    expect(grid?.values).toEqual([
      ['a', 'b,c'],
      ['1', '2'],
    ]);
  });

  it('returns no grid for an empty file, and one cell for one value', () => {
    expect(csvBytesToGrid(new Uint8Array(0), 'e').grid).toBeNull();
    expect(csvBytesToGrid(Buffer.from('42'), 'one').grid).toEqual({ sheet: 'one', address: 'A1', values: [['42']] });
  });

  it('keeps numeric-looking text exactly, including NaN and leading zeros', () => {
    const { grid } = csvBytesToGrid(Buffer.from('id,v\n007,NaN\n'), 'x');
    expect(grid?.values[1]).toEqual(['007', 'NaN']);
  });
});

describe('parseCsvBytes (columns straight from UTF-8 bytes)', () => {
  /** The rows parseCsv splits, padded to the widest, as the columns hold them. */
  const padded = (rows: (string | null)[][]): (string | null)[][] => {
    const w = Math.max(0, ...rows.map((r) => r.length));
    return rows.map((r) => [...r, ...new Array<null>(w - r.length).fill(null)]);
  };
  const rowsOf = (text: string): (string | null)[][] => {
    const { columns } = parseCsvColumns(text, ',');
    return Array.from({ length: columns.rows }, (_, r) => rowOf(columns, r) as (string | null)[]);
  };
  // Each text is split by parseCsv (the reference, tested above) and by the byte splitter: same fields.
  const texts: [string, string][] = [
    ['quotes, doubled quotes and line breaks', 'a,"b\nc",""\n1,2\n"x""y",z\n'],
    ['text after a closing quote', '"ab"cd,e\n'],
    ['CR, CRLF and blank lines', 'a\rb\r\n\r\nc,d\n'],
    ['a trailing delimiter and short rows', 'a,b,\nc\n,\n'],
    ['multi-byte characters beside delimiters', '客户,金额\n张三,"1,5"\nÅre,€\n😀,x😀y\n'],
    ['an unclosed quote', 'a,"bc\nd'],
    ['repeated values share one code', 'C1,2024\nC2,2024\nC1,2025\n'],
  ];
  it.each(texts)('splits %s as parseCsv does', (_name, text) => {
    expect(rowsOf(text)).toEqual(padded(parseCsv(text, ',').rows));
    expect(parseCsvColumns(text, ',').unclosedQuote).toBe(parseCsv(text, ',').unclosedQuote);
  });

  it('splits random text with any of the four delimiters as parseCsv does (fast-check, fixed seed)', () => {
    // Pieces that end fields and records for one delimiter and are plain text for the others, quotes, and
    // multi-byte characters; parseCsv (the reference, tested above) splits the same text.
    const piece = fc.constantFrom(
      ',',
      ';',
      '\t',
      '|',
      '"',
      '""',
      '\n',
      '\r',
      '\r\n',
      'a',
      'bc',
      'O0001',
      '客',
      '€',
      ' ',
    );
    const text = fc.array(piece, { maxLength: 400 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(',', ';', '\t', '|'), (t, d: ',' | ';' | '\t' | '|') => {
        const { columns, unclosedQuote } = parseCsvColumns(t, d);
        const ref = parseCsv(t, d);
        for (const c of columns.columns) expect(c.codes.length).toBe(columns.rows);
        const rows = Array.from({ length: columns.rows }, (_, r) => rowOf(columns, r) as (string | null)[]);
        expect(rows).toEqual(padded(ref.rows));
        expect(unclosedQuote).toBe(ref.unclosedQuote);
      }),
      { seed: 13, numRuns: 400 },
    );
  });

  it('gives each column exactly a code per record, however close the row guess was', () => {
    // 3,000 short records after one long line: the guess from the first 64 KB is far off (codes copied); 3,000
    // records of one length: the guess is close (codes kept in their buffer). Either way one code per record; the
    // last record by hand: 2999 = 7 · 428 + 3.
    const long = 'x'.repeat(70_000);
    const same = Array.from({ length: 3000 }, (_, i) => `C${i % 7},${i}`).join('\n') + '\n';
    for (const t of [`${long},y\n${same}`, same]) {
      const { columns } = parseCsvColumns(t, ',');
      expect(columns.rows).toBe(parseCsv(t, ',').rows.length);
      for (const c of columns.columns) expect(c.codes.length).toBe(columns.rows);
      expect(rowOf(columns, columns.rows - 1)).toEqual(['C3', '2999']);
    }
  });

  it('codes each distinct text once per column, -1 for an empty field', () => {
    const { columns } = parseCsvColumns('C1,2024\nC2,\n C1,2024\nC1,2024\n', ',');
    expect(columns.columns[0].dict).toEqual(['C1', 'C2', ' C1']);
    expect([...columns.columns[0].codes]).toEqual([0, 1, 2, 0]);
    expect([...columns.columns[1].codes]).toEqual([0, -1, 0, 0]);
  });

  it('numbers 50,000 values of every length 1–12 as a Map numbers them, through several table growths', () => {
    // Values of 1 to 12 bytes (held in their slot up to 7, compared against the kept bytes beyond), ones that differ
    // only in length ('a' and 'a\0', a NUL byte being a byte like any other), repeats far apart and multi-byte text.
    // The reference: a Map numbering each text at its first appearance, which is what the codes must be.
    const values: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const n = (i * 7919) % 20_000;
      const len = 1 + (n % 12);
      values.push((n.toString(36) + 'x客\u0000abcdefghijkl').slice(0, len));
    }
    values.push('a', 'a\u0000', 'a\u0000\u0000', 'a');
    const { columns } = parseCsvColumns(values.join('\n') + '\n', ',');
    const seen = new Map<string, number>();
    const expected = values.map((v) => {
      if (!seen.has(v)) seen.set(v, seen.size);
      return seen.get(v)!;
    });
    expect(columns.columns[0].dict).toEqual([...seen.keys()]);
    expect([...columns.columns[0].codes]).toEqual(expected);
  });

  it('numbers a column that goes up, then falls out of order, as a Map numbers it', () => {
    // A header, then 30,000 values that only go up (order ids with repeats, a prefix before its extensions, bytes
    // above 0x7F), kept without a table; then values out of order — earlier ones again, the header, new ones — once
    // every value kept so far is in the table. The reference: a Map numbering each text at its first appearance.
    const values = ['order_id'];
    for (let i = 0; i < 30_000; i++) {
      const id = `O${String(i).padStart(6, '0')}`;
      values.push(id);
      if (i % 7 === 0) values.push(id); // a repeat of the row above
      if (i % 1000 === 0) values.push(`${id}\u0000`, `${id}é`); // after their prefix, in byte order
    }
    values.push('O000100', 'order_id', 'O000099é', 'A', 'O029999', 'Z', 'O000005', 'Z');
    const { columns } = parseCsvColumns(values.join('\n') + '\n', ',');
    const seen = new Map<string, number>();
    const expected = values.map((v) => {
      if (!seen.has(v)) seen.set(v, seen.size);
      return seen.get(v)!;
    });
    expect(columns.columns[0].dict).toEqual([...seen.keys()]);
    expect([...columns.columns[0].codes]).toEqual(expected);
  });

  it('starts past a BOM or sep= line', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')]);
    expect(rowOf(parseCsvBytes(bytes, 3, ',').columns, 0)).toEqual(['a', 'b']);
  });

  it('counts characters, not bytes, against the cell cap', () => {
    // Ten Chinese characters are 30 bytes of UTF-8 and 10 characters: within a 10-character cap.
    const text = `${'客'.repeat(10)},x\n`;
    const limits = { maxRows: 10, maxColumns: 10, maxCellChars: 10, part: 't' };
    expect(rowOf(parseCsvColumns(text, ',', limits).columns, 0)).toEqual(['客'.repeat(10), 'x']);
    expect(() => parseCsvColumns(`${'客'.repeat(11)}\n`, ',', limits)).toThrow();
  });

  it('reads text with a lone surrogate (broken UTF-16) into rows, as before', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,\ud800b\n', 'utf16le')]);
    const { grid } = csvBytesToGrid(bytes, 'x');
    expect(grid?.values).toEqual([['a', '\ud800b']]);
    expect(gridColumns(grid!)).toBeNull();
  });

  it('keeps its columns behind the grid until something asks for the rows', () => {
    const { grid } = csvBytesToGrid(Buffer.from('a,b\n1,2\n'), 'x');
    expect(gridColumns(grid!)?.rows).toBe(2);
    expect(grid?.values).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(gridColumns(grid!)).toBeNull(); // rows built: they are what the grid holds now
  });
});

describe('readCsv', () => {
  it('reads a semicolon GB18030 file with quoted newlines; sheet is the base name', async () => {
    const text = '活动;渠道;花费\r\n"春季\r\n大促";社群;"1 200,50"\r\n双十一;付费社交;300\r\n';
    const p = file('活动数据.csv', iconv.encode(text, 'gb18030'));
    const r = await readCsv(p);
    expect(r.detection).toEqual({ encoding: 'gb18030', bom: false, delimiter: ';' });
    expect(r.grids).toEqual([
      {
        sheet: '活动数据',
        address: 'A1:C3',
        values: [
          ['活动', '渠道', '花费'],
          ['春季\r\n大促', '社群', '1 200,50'],
          ['双十一', '付费社交', '300'],
        ],
      },
    ]);
    expect(r.sheets).toEqual([{ name: '活动数据', state: 'visible', address: 'A1:C3', rows: 3, columns: 3 }]);
    expect(r.diagnostics).toEqual([]);
  });

  it('reads a gzipped tab-separated file', async () => {
    const p = file('touches.csv.gz', gzipSync(Buffer.from('customer\tchannel\nC1\temail\n')));
    const r = await readCsv(p);
    expect(r.grids[0]).toEqual({
      sheet: 'touches',
      address: 'A1:B2',
      values: [
        ['customer', 'channel'],
        ['C1', 'email'],
      ],
    });
  });

  it('returns an error diagnostic for a missing file instead of throwing', async () => {
    const r = await readCsv(join(dir, 'missing.csv'));
    expect(r.grids).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['read.unreadable', 'error']]);
    expect(r.diagnostics[0].message['zh-CN']).toContain('无法读取');
  });

  it('warns about an unclosed quote', async () => {
    const r = await readCsv(file('bad.csv', 'a,b\n1,"oops\n2,3\n'));
    expect(r.grids[0].values).toEqual([
      ['a', 'b'],
      ['1', 'oops\n2,3\n'],
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['read.csv_unclosed_quote']);
  });

  it('names sheets after the file', () => {
    expect(csvSheetName('/x/y/Orders 2024.csv')).toBe('Orders 2024');
    expect(csvSheetName('a.CSV.gz')).toBe('a');
  });
});

describe('an encoding asked for by name', () => {
  it('UTF-8 under any of its names reads as detected UTF-8; a name iconv-lite does not know is warned of', () => {
    // UTF-8 is known without asking iconv-lite (read-csv.ts prepareCsv); the names it must still take as known.
    const bytes = Buffer.from('客户,金额\nC1,1.5\n', 'utf8');
    const detected = csvBytesToGrid(bytes, 's');
    for (const name of ['utf-8', 'UTF-8', 'utf8', 'UTF8']) {
      const asked = csvBytesToGrid(bytes, 's', { encoding: name });
      expect(asked.diagnostics).toEqual([]);
      expect(asked.detection?.encoding).toBe(name);
      expect(gridColumns(asked.grid!)!.columns.map((c) => [...c.dict])).toEqual(
        gridColumns(detected.grid!)!.columns.map((c) => [...c.dict]),
      );
    }
    const unknown = csvBytesToGrid(bytes, 's', { encoding: 'utf-9' });
    expect(unknown.diagnostics.map((d) => d.code)).toEqual(['read.csv_unknown_encoding']);
  });
});
