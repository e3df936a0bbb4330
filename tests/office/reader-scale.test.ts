/**
 * The reader at Excel's full height: a 1,048,576 × 10 sheet (text, dates with a number format, numbers) read
 * through the stand-in, which rejects any request or response over 5 MB and any read over 5,000,000 cells.
 * Its own file so it runs beside the other reader tests (≈ 10–20 s on the 2-core machine).
 */
import { describe, expect, it } from 'vitest';
import { createSimExcel, MAX_CELLS_PER_READ, MAX_ROWS, PAYLOAD_LIMIT_BYTES } from '../../addin/excel-sim/index.js';
import type { Stored } from '../../addin/excel-sim/index.js';
import { readGrid } from '../../addin/office/reader.js';
import type { ReadProgress } from '../../addin/office/reader.js';
import { TARGET_PAYLOAD_BYTES } from '../../addin/office/payload.js';

const COLS = 10;
/** What the generated sheet holds at 0-based row r, column c (row 0 is the header). */
function cell(r: number, c: number): Stored {
  if (r === 0) return `col${c}`;
  if (c === 0) return `C${r}`;
  // 45292 = DATE(2024,1,1); two years of days.
  if (c === 1) return 45292 + (r % 730);
  return Math.round(r * 1.37 * c) / 100;
}

describe('reader at 1,048,576 rows', () => {
  it('reads 1,048,576 × 10 in row chunks under 4 MB, one sync per chunk (order of rows / chunk size), with progress', async () => {
    const sim = createSimExcel();
    const sheet = sim.model.addSheet('Orders');
    // Columnar generation: one array per column, handed to the model in one call.
    for (let c = 0; c < COLS; c++) {
      const col = new Array<Stored>(MAX_ROWS);
      for (let r = 0; r < MAX_ROWS; r++) col[r] = cell(r, c);
      sheet.setColumnRaw(c, 0, col);
    }
    for (let r = 1; r < MAX_ROWS; r++) sheet.setFormat(r, 1, 'yyyy-mm-dd');
    const progress: ReadProgress[] = [];
    const r = await sim.run((ctx) =>
      readGrid(ctx, { kind: 'usedRange', sheet: 'Orders' }, { onProgress: (p) => progress.push(p) }),
    );
    expect(r.diagnostics).toEqual([]);
    const g = r.grid!;
    expect(g.address).toBe('A1:J1048576');
    expect(r.totalRows).toBe(MAX_ROWS);
    expect(g.values.length).toBe(MAX_ROWS);
    expect(g.numberFormats!.length).toBe(MAX_ROWS);

    // Chunks are stitched without gaps or repeats: the rows on both sides of every chunk boundary, the first and last.
    expect(progress.map((p) => p.totalRows).every((n) => n === MAX_ROWS)).toBe(true);
    expect(progress.at(-1)!.rowsRead).toBe(MAX_ROWS);
    const rowsToCheck = [0, 1, 2, MAX_ROWS - 1, ...progress.flatMap((p) => [p.rowsRead - 1, p.rowsRead])].filter(
      (x) => x < MAX_ROWS,
    );
    for (const row of rowsToCheck) {
      expect(g.values[row], `row ${row + 1}`).toEqual(Array.from({ length: COLS }, (_, c) => cell(row, c)));
      expect(g.numberFormats![row], `row ${row + 1}`).toEqual(
        Array.from({ length: COLS }, (_, c) => (c === 1 && row > 0 ? 'yyyy-mm-dd' : 'General')),
      );
    }
    // Formats: the header row's, then one row shared by every data row (all formatted alike): two arrays.
    expect(new Set(g.numberFormats).size).toBe(2);
    // Last row by hand: C1048575, 45292 + 1048575 mod 730 (= 295) = 45587, ROUND(1048575 × 1.37 × 9, 0) / 100 = ROUND(12928929.75, 0) / 100 = 129289.3.
    expect(g.values[MAX_ROWS - 1][0]).toBe('C1048575');
    expect(g.values[MAX_ROWS - 1][1]).toBe(45587);
    expect(g.values[MAX_ROWS - 1][9]).toBe(129289.3);

    // Payload: no response over the reader's 4 MB budget (nor the stand-in's 5 MB limit), no read over 5,000,000 cells.
    const log = sim.counters.log;
    expect(log.every((l) => l.failed === null)).toBe(true);
    expect(Math.max(...log.map((l) => l.responseBytes))).toBeLessThan(TARGET_PAYLOAD_BYTES);
    expect(Math.max(...log.map((l) => l.requestBytes))).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    const steps = progress.map((p, i) => p.rowsRead - (i === 0 ? 0 : progress[i - 1].rowsRead));
    expect(Math.max(...steps) * COLS).toBeLessThanOrEqual(MAX_CELLS_PER_READ);

    // Syncs: 2 to locate (sheet, used range) + one per chunk. Every chunk but the 100-row probe and the
    // remainder carries more than 2 MB, so the count is of the order total bytes / 4 MB — a few dozen, not per row.
    expect(r.syncs).toBe(log.length);
    const chunks = log.slice(2);
    expect(chunks.length).toBe(progress.length);
    expect(steps[0]).toBe(100);
    expect(chunks.slice(1, -1).every((l) => l.responseBytes > 2_000_000)).toBe(true);
    const total = chunks.reduce((a, l) => a + l.responseBytes, 0);
    expect(total).toBeGreaterThan(150_000_000);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(total / TARGET_PAYLOAD_BYTES));
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(total / 2_000_000) + 2);
    expect(r.syncs).toBeLessThan(MAX_ROWS / 10_000);
  });
});
