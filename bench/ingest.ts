/**
 * Bench: ingest a 1,048,576 × 10 grid (Excel's maximum row count; issue 2: target ≤ 3 s and ≤ 1.5 GB
 * peak RSS). The grid is generated deterministically (seeded mulberry32) the way Office.js delivers a
 * sheet: a header row, then ids as text, customer numbers as numbers, dates and date-times as serials
 * with date formats, money with a currency format, quantities, and text categories with a few blanks
 * and `#N/A` errors.
 *
 * Run: `node --expose-gc --import tsx bench/ingest.ts [rows]` (`--json` prints one JSON line).
 * Peak RSS is the kernel's high-water mark of the process (`process.resourceUsage().maxRSS`), which
 * includes the generated grid itself; RSS is also sampled before and after ingest.
 */
import { pathToFileURL } from 'node:url';
import type { CellGrid, CellValue } from '../src/types.js';
import { ingestGrid } from '../src/ingest/index.js';
import { mulberry32 } from '../src/stats/random.js';

/** A `rows` × 10 grid (header included), seeded. */
export function generateGrid(rows: number, seed = 20240618): CellGrid {
  const rnd = mulberry32(seed);
  const header = [
    'Order ID',
    'Customer ID',
    'Order Date',
    'Order Time',
    'Amount',
    'Quantity',
    'Unit Price',
    'Channel',
    'Campaign',
    'Status',
  ];
  const fmtRow = [
    'General',
    'General',
    'yyyy-mm-dd',
    'yyyy-mm-dd hh:mm',
    '"$"#,##0.00',
    'General',
    '#,##0.00',
    'General',
    'General',
    'General',
  ];
  const channels = ['paid search', 'paid social', 'community', 'email', 'content', 'affiliate', '自然流量', '直播'];
  const statuses = ['paid', 'paid', 'paid', 'paid', 'refunded', 'cancelled'];
  const campaigns = Array.from({ length: 60 }, (_, i) => `CMP-${i + 1}`);
  const values: CellValue[][] = new Array<CellValue[]>(rows);
  const numberFormats: string[][] = new Array<string[]>(rows);
  values[0] = header;
  numberFormats[0] = fmtRow.map(() => 'General');
  for (let i = 1; i < rows; i++) {
    const date = 45292 + Math.floor(rnd() * 731); // 2024-01-01 … 2025-12-31
    const qty = 1 + Math.floor(rnd() * 5);
    const price = Math.round(rnd() * 20_000) / 100;
    const u = rnd();
    values[i] = [
      `O${String(i).padStart(7, '0')}`,
      100_000 + Math.floor(rnd() * 100_000),
      date,
      date + Math.floor(rnd() * 1440) / 1440,
      Math.round(qty * price * 100) / 100,
      qty,
      price,
      channels[Math.floor(rnd() * channels.length)],
      campaigns[Math.floor(rnd() * campaigns.length)],
      u < 0.001 ? '#N/A' : u < 0.002 ? '' : statuses[Math.floor(rnd() * statuses.length)],
    ];
    numberFormats[i] = fmtRow.slice();
  }
  return { sheet: 'Orders', address: `A1:J${rows}`, values, numberFormats };
}

export interface IngestBenchResult {
  rows: number;
  columns: number;
  ingestSeconds: number;
  peakRssMB: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  types: string;
  kind: string | null;
}

export function main(argv: string[] = process.argv.slice(2)): IngestBenchResult {
  const rows = Number(argv.find((a) => /^\d+$/.test(a)) ?? 1_048_576);
  const gc = (globalThis as { gc?: () => void }).gc;
  const t0 = performance.now();
  const grid = generateGrid(rows);
  const genSeconds = (performance.now() - t0) / 1000;
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t1 = performance.now();
  const ds = ingestGrid(grid);
  const ingestSeconds = (performance.now() - t1) / 1000;
  const rssAfter = process.memoryUsage().rss;
  const peak = process.resourceUsage().maxRSS * 1024;
  const mb = (b: number): number => Math.round(b / 1048576);
  const result: IngestBenchResult = {
    rows,
    columns: ds.columns.length,
    ingestSeconds: Math.round(ingestSeconds * 1000) / 1000,
    peakRssMB: mb(peak),
    rssBeforeMB: mb(rssBefore),
    rssAfterMB: mb(rssAfter),
    types: ds.columns.map((c) => `${c.name}:${c.type}${c.role ? `/${c.role}` : ''}`).join(', '),
    kind: ds.kind,
  };
  if (argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    console.log(`ingest ${rows.toLocaleString('en-US')} × 10 grid (generated in ${genSeconds.toFixed(2)} s)`);
    console.log(
      `  table rows ${ds.table.numRows().toLocaleString('en-US')}, kind ${ds.kind ?? '-'}, diagnostics ${ds.diagnostics.length}`,
    );
    console.log(`  columns: ${result.types}`);
    console.log(`  ingest time ${result.ingestSeconds.toFixed(3)} s (target ≤ 3 s)`);
    console.log(
      `  peak RSS ${result.peakRssMB} MB (target ≤ 1536 MB); RSS before ingest ${result.rssBeforeMB} MB, after ${result.rssAfterMB} MB`,
    );
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
