import { ingestGrid } from './src/ingest/index.ts';
const g = { sheet: 'Budget', address: 'A1:C4', values: [['month', 'channel', 'budget'], ['2024-06', '搜索', 1000], ['2024-07', '搜索', 1200], ['2024年8月', '搜索', 900]] };
const d = ingestGrid(g as any);
console.log(d.columns.map(c => [c.header, c.type, c.role]), d.table.objects(), d.diagnostics.map(x => x.message.en));
const g2 = { sheet: 'Budget', address: 'A1:C4', values: [['month', 'channel', 'budget'], ['6月', '搜索', 1000], ['7月', '搜索', 1200], ['8月', '搜索', 900]] };
const d2 = ingestGrid(g2 as any);
console.log(d2.columns.map(c => [c.header, c.type, c.role]), d2.table.objects());
