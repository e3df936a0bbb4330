import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run('SET threads = 1');
await c.run(`CREATE TABLE t AS SELECT CAST(i AS INTEGER) AS code, CAST(i % 1000 AS INTEGER) AS first, i*2 AS a, i*3 AS b, i*4 AS c, CAST(i*0.5 AS DOUBLE) AS d, i*5 AS e, CAST(i*0.25 AS DOUBLE) AS f, CASE WHEN i%3=0 THEN NULL ELSE i*6 END AS g, i*7 AS h, CAST(i*0.125 AS DOUBLE) AS j, i*8 AS k FROM range(1000000) r(i)`);
async function slow() {
  const r = await c.run('SELECT * FROM t'); let s = 0;
  for (;;) { const ch = await r.fetchChunk(); if (!ch || ch.rowCount === 0) break; const n = ch.rowCount;
    for (let j = 0; j < ch.columnCount; j++) { const v = ch.getColumnVector(j); const out = new Float64Array(n);
      for (let i = 0; i < n; i++) { const x = v.getItem(i); out[i] = x === null ? NaN : Number(x); } s += out[n-1]; } }
  return s;
}
async function fast() {
  const r = await c.run('SELECT * FROM t'); let s = 0;
  for (;;) { const ch = await r.fetchChunk(); if (!ch || ch.rowCount === 0) break; const n = ch.rowCount;
    for (let j = 0; j < ch.columnCount; j++) { const v: any = ch.getColumnVector(j); const out = new Float64Array(n);
      const items = v.items;
      if (items instanceof BigInt64Array) { const w = new Int32Array(items.buffer, items.byteOffset, 2 * n); for (let i = 0; i < n; i++) out[i] = w[2*i+1] * 4294967296 + (w[2*i] >>> 0); }
      else out.set(items);
      const data = v.validity.data;
      if (data) { const m = new Uint32Array(data.buffer, data.byteOffset, Math.ceil(n / 32)); for (let i = 0; i < n; i++) if (!((m[i >>> 5] >>> (i & 31)) & 1)) out[i] = NaN; }
      s += out[n-1]; } }
  return s;
}
for (let k = 0; k < 3; k++) {
  let t = performance.now(); const a = await slow(); const ta = performance.now() - t;
  t = performance.now(); const b = await fast(); const tb = performance.now() - t;
  t = performance.now(); await c.run('SELECT count(*) FROM (SELECT * FROM t OFFSET 0) x'); const tc = performance.now() - t;
  console.log('slow', ta.toFixed(0), 'fast', tb.toFixed(0), 'scan', tc.toFixed(0), a === b);
}
