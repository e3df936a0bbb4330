/**
 * Bench: read a 1,000,000-row × 8-column .xlsx with the streaming reader (issue 3: target ≤ 30 s and
 * ≤ 1.5 GB peak RSS). The input is generated once, deterministically, with ExcelJS's streaming
 * WorkbookWriter and cached under `.bench/`.
 *
 * Run: `npx tsx bench/read.ts [rows]` (prints time and peak RSS; `--json` prints one JSON line).
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsx } from '../src/xlsx/read-xlsx.js';
import { mulberry32 } from '../src/stats/random.js';

const ROWS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const DIR = '.bench';
const FILE = join(DIR, `read-${ROWS}x8.xlsx`);

async function generate(file: string, rows: number): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const tmp = `${file}.tmp`;
  const rnd = mulberry32(20240101);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Orders');
  ws.columns = [
    { header: 'order_id', key: 'id', width: 12 },
    { header: 'customer_id', key: 'cust', width: 12 },
    { header: 'order_date', key: 'date', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    { header: 'amount', key: 'amount', width: 12, style: { numFmt: '#,##0.00' } },
    { header: 'quantity', key: 'qty', width: 8 },
    { header: 'channel', key: 'channel', width: 14 },
    { header: 'campaign', key: 'campaign', width: 16 },
    { header: 'status', key: 'status', width: 10 },
  ];
  const channels = ['paid search', 'paid social', 'community', 'email', 'content', 'affiliate'];
  const statuses = ['paid', 'paid', 'paid', 'paid', 'refunded'];
  for (let i = 0; i < rows; i++) {
    ws.addRow({
      id: `O${String(i + 1).padStart(7, '0')}`,
      cust: `C${String(1 + Math.floor(rnd() * 100_000)).padStart(6, '0')}`,
      // Excel serials of 2024-01-01 (45292) … 2025-12-31 (46022), written as numbers with a date format
      date: 45292 + Math.floor(rnd() * 731),
      amount: Math.round(rnd() * 100_000) / 100,
      qty: 1 + Math.floor(rnd() * 5),
      channel: channels[Math.floor(rnd() * channels.length)],
      campaign: `CMP-${1 + Math.floor(rnd() * 60)}`,
      status: statuses[Math.floor(rnd() * statuses.length)],
    }).commit();
  }
  ws.commit();
  await wb.commit();
  renameSync(tmp, file);
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    const t0 = performance.now();
    await generate(FILE, ROWS);
    console.error(`generated ${FILE} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const size = statSync(FILE).size;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  const result = await readXlsx(FILE);
  const ms = performance.now() - t0;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(timer);
  const grid = result.grids[0];
  const out = {
    bench: 'read-xlsx',
    rows: grid.values.length,
    cols: grid.values[0]?.length ?? 0,
    address: grid.address,
    fileMB: +(size / 2 ** 20).toFixed(1),
    seconds: +(ms / 1000).toFixed(2),
    peakRssMB: Math.round(peak / 2 ** 20),
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(out));
  else {
    console.log(
      `read ${out.rows.toLocaleString('en')} rows × ${out.cols} columns (${out.fileMB} MB .xlsx) in ` +
        `${out.seconds} s, peak RSS ${out.peakRssMB} MB (targets: ≤ 30 s, ≤ 1536 MB)`,
    );
  }
}

await main();
