// DuckDB's trim and text cell (src/source/sql/dialect.ts): text whose first and last characters are printable ASCII
// ('!'…'~') is taken as it is, found by comparing bytes; anything else goes through trim with JS_WHITESPACE. The
// expected values are JavaScript's own String.prototype.trim on each text (and null for what it leaves empty), as
// ingest reads a cell. The texts sit on the edges of the byte test: '!' and '~' themselves, U+007F (DEL, just past
// '~'), a space or a no-break space after '~', a line break pair, a combining accent, and each JavaScript white
// space character alone, around text and doubled, as the ClickHouse test of the same dialect method has them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { JS_WHITESPACE, duckdbDialect as d } from '../../src/source/sql/dialect.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

const TEXTS: (string | null)[] = [
  ...Array.from(JS_WHITESPACE).flatMap((w) => [w, `${w}a b${w}`, `${w}${w}中${w}${w}`, `x${w}`, `${w}x`]),
  '!',
  '~',
  '!x~',
  '~ ',
  '~\u00a0',
  '\u007f',
  'a\u007f',
  '\u007fa',
  'a\r\n',
  'a\u0301',
  'é',
  'aé',
  'éa',
  '\u0085x\u0085',
  'x\u200b',
  '\u2060x',
  'à',
  '〡',
  'ﻼ',
  ` ${JS_WHITESPACE}`,
  '',
  'C0000001',
  'O0000001-9',
  null,
];

async function column(expr: (x: string) => string): Promise<unknown[]> {
  const list = TEXTS.map((x) => (x === null ? 'NULL' : d.literal(x))).join(', ');
  const reader = await connection.runAndReadAll(
    `SELECT ${expr('s')} AS v FROM (SELECT unnest([${list}]) AS s, generate_subscripts([${list}], 1) AS i) ORDER BY i`,
  );
  return reader.getRowObjectsJS().map((r) => r.v);
}

describe('DuckDB trim and text cell', () => {
  it('trim gives what String.prototype.trim gives', async () => {
    expect(await column((x) => d.trim!(x))).toEqual(TEXTS.map((s) => (s === null ? null : s.trim())));
  });

  it('a cell is the trimmed text, null when nothing is left', async () => {
    expect(await column((x) => d.cell!(x))).toEqual(
      TEXTS.map((s) => (s === null || s.trim() === '' ? null : s.trim())),
    );
  });
});
