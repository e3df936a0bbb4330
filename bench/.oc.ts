import { readFile } from '../src/xlsx/read.js';
import { ingestGrid } from '../src/ingest/index.js';
import { readOrders } from '../src/analysis/user/orders.js';
const read = await readFile(process.argv[2]);
const ds = ingestGrid(read.grids[0]);
const o = readOrders({ orders: ds }, [])!;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const seen = new Map<string, number>();
  const ids = o.orderId!;
  const codes = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) { const id = ids[i]!; let c = seen.get(id); if (c === undefined) { c = seen.size; seen.set(id, c); } codes[i] = c; }
  console.log('map', ((performance.now() - t0) / 1000).toFixed(3));
}
