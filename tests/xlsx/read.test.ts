import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fileKind, readFile } from '../../src/xlsx/read.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-read-'));

describe('readFile dispatch', () => {
  it('chooses the reader by extension', () => {
    expect(['a.xlsx', 'A.XLSM', 'b.csv', 'c.CSV.GZ', 'd.tsv', 'e.xls', 'f.ods', 'g'].map(fileKind)).toEqual([
      'xlsx',
      'xlsx',
      'csv',
      'csv',
      'csv',
      null,
      null,
      null,
    ]);
  });

  it('reads a .csv and an .xlsx into grids', async () => {
    const csv = join(dir, 'budget.csv');
    writeFileSync(csv, '渠道,月份,预算\n社群,2025-01,5000\n');
    const a = await readFile(csv);
    expect(a.kind).toBe('csv');
    expect(a.grids[0].values[1]).toEqual(['社群', '2025-01', '5000']);

    const wb = new ExcelJS.Workbook();
    const budget = wb.addWorksheet('Budget');
    budget.addRow(['channel', 'amount']);
    budget.addRow(['search', 1200]);
    const xlsx = join(dir, 'b.xlsx');
    writeFileSync(xlsx, new Uint8Array(await wb.xlsx.writeBuffer()));
    const b = await readFile(xlsx);
    expect(b.kind).toBe('xlsx');
    expect(b.grids[0]).toMatchObject({
      sheet: 'Budget',
      address: 'A1:B2',
      values: [
        ['channel', 'amount'],
        ['search', 1200],
      ],
    });
  });

  it('refuses other files with a bilingual error diagnostic', async () => {
    const r = await readFile(join(dir, 'old.xls'));
    expect(r.grids).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'read.unsupported_file', severity: 'error' });
    expect(r.diagnostics[0].message['zh-CN']).toContain('.xlsx');
  });
});
