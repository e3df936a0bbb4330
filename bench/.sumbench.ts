import { readFile } from '../src/xlsx/read.js';
import { ingestGrid } from '../src/ingest/index.js';
import { readOrders } from '../src/analysis/user/orders.js';
import { summarizeCustomers } from '../src/analysis/user/customer-summary.js';
import { createHash } from 'node:crypto';
const read = await readFile(process.argv[2]);
const ds = ingestGrid(read.grids[0]);
const o = readOrders({ orders: ds }, [])!;
const asOf = 45657;
for (let r = 0; r < 5; r++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const a = summarizeCustomers(o, { refunds: 'net', mergeSameDay: false, timeUnit: 'days', asOf });
  const t1 = performance.now(); const c1 = process.cpuUsage(c0);
  const b = summarizeCustomers(o, { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf });
  const t2 = performance.now(); const c2 = process.cpuUsage(c0);
  const h = createHash('md5');
  for (const s of [a, b]) for (const k of ['first','last','orders','days','revenue','x','t_x','T','zbar','recency','holdout'] as const) h.update(Buffer.from((s[k] as Float64Array).buffer));
  h.update(a.ids.join(','));
  console.log("cpu", (c1.user/1e6).toFixed(3), ((c2.user-c1.user)/1e6).toFixed(3), h.digest('hex'));
}
