import { describe, expect, it } from 'vitest';
import { feedInWorker, hashGridAside } from '../../src/cli/hash-worker.js';
import { gridUnits, hashCells, hashGrid, hashHex } from '../../src/recipe/hash.js';
import { gridColumns } from '../../src/ingest/grid-columns.js';
import { csvBytesToGrid } from '../../src/xlsx/read-csv.js';
import type { CellGrid } from '../../src/types.js';

/** A columnar grid read from CSV text (the .csv reader builds columns, not rows). */
function csvGrid(text: string): CellGrid {
  const grid = csvBytesToGrid(Buffer.from(text), 's').grid!;
  expect(gridColumns(grid)).not.toBeNull();
  return grid;
}

// The pinned CSV of tests/recipe/recipe.test.ts: its hash 'b30730f215ad7fa9' was printed by hashCells/hashGrid as of
// commit e9f0dce, before any of the fast paths, and run logs saved since carry it.
const PINNED = 'id,名,v\n1,社群,2.5\n2,,x\n3,社群,"q,""r"""\n';

/** Seeded rows with empty cells, Chinese and repeated values: a grid large enough for several units per row. */
function seededCsv(rows: number): string {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const lines = ['order,customer,channel,amount'];
  for (let r = 0; r < rows; r++) {
    const ch = ['微信', 'email', '', 'Google Ads'][Math.floor(next() * 4)];
    lines.push(`O${r},C${Math.floor(next() * 500)},${ch},${next() < 0.05 ? '' : (next() * 100).toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

describe('the input hash beside the analyses', () => {
  it('gives the pinned hash from the worker thread', async () => {
    const grid = csvGrid(PINNED);
    const [h1, h2] = await feedInWorker(gridUnits(gridColumns(grid)!));
    expect(hashHex(h1, h2)).toBe('b30730f215ad7fa9');
    // Asked aside with no size floor (the thread runs), then on the main thread: the same.
    expect(await hashGridAside(csvGrid(PINNED), 0)()).toBe('b30730f215ad7fa9');
  });

  it("equals hashCells of the grid's rows on seeded data", async () => {
    const text = seededCsv(20_000);
    const aside = hashGridAside(csvGrid(text), 0);
    // hashCells over the rows, built from another read of the same text (the rows of a grid end its columns).
    const expected = hashCells(csvGrid(text).values);
    expect(await aside()).toBe(expected);
    // The worker's own result, not a main-thread fallback: the thread is asked directly.
    const [h1, h2] = await feedInWorker(gridUnits(gridColumns(csvGrid(text))!));
    expect(hashHex(h1, h2)).toBe(expected);
  });

  it('hashes the cells as they are when the rows were built and changed since the start', async () => {
    const grid = csvGrid(PINNED);
    const aside = hashGridAside(grid, 0);
    (grid.values[2] as unknown[])[1] = '改';
    const changed = hashCells(grid.values);
    expect(changed).not.toBe('b30730f215ad7fa9');
    expect(await aside()).toBe(changed);
  });

  it('hashes a small grid on the main thread, as hashGrid', async () => {
    const grid = csvGrid(PINNED);
    expect(await hashGridAside(grid)()).toBe(hashGrid(csvGrid(PINNED)));
  });
});
