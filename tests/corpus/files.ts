/** Writing a corpus case as the file a user would have: csv (UTF-8 or GB18030) or xlsx. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Cell, CorpusCase } from './cases.js';

function csvField(v: Cell): string {
  if (v === null) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write `c` into `dir`; returns the file's path. */
export async function writeCase(c: CorpusCase, dir: string): Promise<string> {
  const path = join(dir, c.file);
  if (c.file.endsWith('.csv')) {
    const text = c.rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
    writeFileSync(path, c.gb18030 ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
    return path;
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(c.sheet ?? 'Sheet1');
  for (const r of c.rows) {
    const row = ws.addRow(r.map((v) => (v === null ? undefined : v)));
    r.forEach((v, i) => {
      if (v instanceof Date && c.dateFormat) row.getCell(i + 1).numFmt = c.dateFormat;
    });
  }
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
  return path;
}
