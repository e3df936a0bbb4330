import { DuckEngine } from '../src/source/duckdb/engine.ts';
const e = await DuckEngine.create({ threads: 1 });
await e.run(`CREATE TABLE t AS SELECT CAST(i AS INTEGER) AS code, CAST(i % 1000 AS INTEGER) AS first, i*2 AS a, i*3 AS b, i*4 AS c, CAST(i*0.5 AS DOUBLE) AS d, i*5 AS e, CAST(i*0.25 AS DOUBLE) AS f, i*6 AS g, i*7 AS h, CAST(i*0.125 AS DOUBLE) AS j, i*8 AS k FROM range(1000000) r(i)`);
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  await e.numberColumns('SELECT * FROM t');
  const a = performance.now() - t;
  t = performance.now();
  await e.numberColumns('SELECT code, first, CAST(a AS DOUBLE), CAST(b AS DOUBLE), CAST(c AS DOUBLE), d, CAST(e AS DOUBLE), f, CAST(g AS DOUBLE), CAST(h AS DOUBLE), j, CAST(k AS DOUBLE) FROM t');
  const b = performance.now() - t;
  t = performance.now();
  await e.rows('SELECT count(*) FROM (SELECT * FROM t)');
  console.log('bigint', a.toFixed(0), 'double', b.toFixed(0));
}
