// `loopbook analyze --in-place` on a workbook in the 1904 date system, run twice: the result dates read
// back with an independent reader (openpyxl, through Debian's /usr/bin/python3) are the days of the
// orders, the file opens on the Dashboard alone, and the second run reads exactly what the first read
// (Loopbook's own result sheets are never inputs), writing the same sheets.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readLoopbookStore, sheetNames } from '../../src/xlsx/apply.js';
import type { Store } from '../../src/recipe/types.js';
import { orders, ordersWorkbook } from './workbook-1904.js';

const PY = '/usr/bin/python3';
const haveOpenpyxl = spawnSync(PY, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-in-place-'));
const book = path.join(dir, 'orders-1904.xlsx');
const afterFirst = path.join(dir, 'after-first.xlsx');

async function run(args: string[]): Promise<number> {
  return await main(args, { stdout: new PassThrough(), stderr: new PassThrough() });
}

/** What openpyxl sees: the epoch, the active sheet, the selected tabs, and the RFM customer table. */
function openpyxlView(file: string): {
  epoch: string;
  active: string;
  selected: string[];
  lastOrder: Record<string, string>;
} {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['RFM']
rows = list(ws.iter_rows(values_only=True))
h = next(i for i, r in enumerate(rows) if r[0] == 'Customer' and r[1] == 'Last order')
last = {}
for r in rows[h + 1:]:
    if r[0] is None: break
    last[r[0]] = r[1].date().isoformat()
print(json.dumps({'epoch': wb.epoch.date().isoformat(), 'active': wb.active.title,
  'selected': [s.title for s in wb.worksheets if s.sheet_view.tabSelected], 'lastOrder': last}))
`;
  const r = spawnSync(PY, ['-c', script, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as ReturnType<typeof openpyxlView>;
}

let first: Store;
let second: Store;

beforeAll(async () => {
  writeFileSync(book, ordersWorkbook(true));
  expect(await run(['analyze', book, '--in-place', '--as-of', '2024-12-31'])).toBe(0);
  copyFileSync(book, afterFirst);
  first = (await readLoopbookStore(new Uint8Array(readFileSync(book)))).store!;
  expect(await run(['analyze', book, '--in-place', '--as-of', '2024-12-31'])).toBe(0);
  second = (await readLoopbookStore(new Uint8Array(readFileSync(book)))).store!;
}, 600_000);

describe('analyze --in-place on a 1904 workbook, twice', () => {
  it.skipIf(!haveOpenpyxl)(
    "writes result dates in the 1904 system: an independent reader reads the orders' days",
    () => {
      // Expected: each customer's latest order date, from the rule that made the workbook (workbook-1904.ts).
      const expected: Record<string, string> = {};
      for (const o of orders())
        if (!(o.customer in expected) || o.date > expected[o.customer]) expected[o.customer] = o.date;
      for (const file of [afterFirst, book]) {
        const view = openpyxlView(file);
        expect(view.epoch).toBe('1904-01-01');
        expect(Object.keys(view.lastOrder).length).toBe(40);
        // A 1900-system number in a 1904 workbook would read 1,462 days (four years and a day) late.
        expect(view.lastOrder).toEqual(expected);
      }
    },
  );

  it.skipIf(!haveOpenpyxl)('opens on the Dashboard alone (the input had no <bookViews>)', () => {
    const view = openpyxlView(book);
    expect(view.active).toBe('Dashboard');
    expect(view.selected).toEqual(['Dashboard']);
  });

  it('reads exactly what the first run read and writes the same sheets', async () => {
    expect(first.log.runs).toHaveLength(1);
    expect(second.log.runs).toHaveLength(2);
    const [a, b] = second.log.runs;
    // One input, the user's Orders sheet, as written: 100 orders (Σ_{i<40} ((i % 4) + 1)) and a header.
    expect(a.inputs).toEqual([
      { source: 'orders', sheet: 'Orders', range: 'A1:E101', rows: 100, hash: expect.stringMatching(/^[0-9a-f]{16}$/) },
    ]);
    expect(b.inputs).toEqual(a.inputs);
    expect(b.sheets).toEqual(a.sheets);
    expect(await sheetNames(new Uint8Array(readFileSync(book)))).toEqual(
      await sheetNames(new Uint8Array(readFileSync(afterFirst))),
    );
  });
});
