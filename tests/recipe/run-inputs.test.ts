// What a run read, said once for both hosts (src/recipe/run-inputs.ts).
import { describe, expect, it } from 'vitest';
import { notInputSheets, runInputs, sourceLines } from '../../src/recipe/run-inputs.js';
import type { InputRead } from '../../src/recipe/run-inputs.js';
import type { RunLog } from '../../src/recipe/types.js';

const rows = (n: number) => ({ numRows: () => n });
const read: InputRead[] = Object.freeze([
  {
    source: 'spend',
    dataset: { sheet: 'Platform spend', tableName: undefined, table: rows(299) },
    range: 'A1:H300',
    hash: '0123456789abcdef',
  },
  {
    source: 'orders',
    dataset: { sheet: 'Orders', tableName: 'OrdersTable', table: rows(20000) },
    hash: 'fedcba9876543210',
  },
]) as InputRead[];

describe('run inputs', () => {
  it("name each source with its table and row count, in the Report's language", () => {
    expect(sourceLines(read, 'en')).toEqual(['Platform spend (299 rows)', 'Orders [OrdersTable] (20,000 rows)']);
    expect(sourceLines(read, 'zh-CN')).toEqual(['Platform spend（299 行）', 'Orders（表格 OrdersTable，20,000 行）']);
  });

  it('give the run log entry its inputs, with the range read when known', () => {
    expect(runInputs(read)).toEqual([
      { source: 'spend', sheet: 'Platform spend', range: 'A1:H300', rows: 299, hash: '0123456789abcdef' },
      { source: 'orders', sheet: 'Orders', rows: 20000, hash: 'fedcba9876543210' },
    ]);
  });

  it('never read the store sheet, nor the sheets the last run wrote', () => {
    const run = (sheets: string[]) => ({ at: '', host: 'cli' as const, loopbook: '0.1.0', inputs: [], sheets });
    const log: RunLog = {
      version: 1,
      runs: [run(['Dashboard', 'Old sheet', '_loopbook']), run(['Dashboard', 'RFM', '_loopbook'])],
    };
    expect(notInputSheets(log)).toEqual(['_loopbook', 'Dashboard', 'RFM']);
    expect(notInputSheets(null)).toEqual(['_loopbook']);
  });
});
