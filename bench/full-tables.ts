/**
 * Bench: the full-table files of a run (src/cli/full-tables.ts `writeFullTables`) at N customers, in process, without
 * the DuckDB phase before it (issue 14). The tables are those of a real run read back from its Parquet files (RFM,
 * CLV, clusters and lifecycle customers, the win-back list), repeated `--times` over with ids made distinct, and
 * attached as the analyses attach them: RFM, CLV and clusters column by column (`fullTableOfFields` through an order
 * array), lifecycle and the win-back list row by row. Prints the CPU s and wall of the phase.
 *
 *   npx tsx bench/full-tables.ts --from /tmp/loopbook-bench/an-X --times 10 --out /tmp/fulltab/b/X.xlsx \
 *     [--src ../.bench/base/src] [--formats parquet] [--tables rfm,clv]
 * (`--src`: the source tree whose writer runs, relative to bench/: another commit's, extracted with git archive).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnalysisResult, ResultColumn, ResultTable } from '../src/analysis/types.js';
import type { CellValue, Diagnostic } from '../src/types.js';

const { values: args } = parseArgs({
  options: {
    from: { type: 'string', default: '/tmp/loopbook-bench/an-X' },
    times: { type: 'string', default: '1' },
    out: { type: 'string', default: '/tmp/fulltab/bench/X.xlsx' },
    src: { type: 'string', default: '../src' },
    formats: { type: 'string', default: 'parquet' },
    prof: { type: 'string' },
    // Which of TABLES (by kind, comma-separated): the 100M-order run writes only RFM's and CLV's.
    tables: { type: 'string' },
  },
});
const times = Number(args.times);
const src = args.src.startsWith('/') ? args.src : args.src;
const { attachFullTable, fullTableOfFields } = (await import(
  `${src}/analysis/common/full-table.ts`
)) as typeof import('../src/analysis/common/full-table.js');
const TABLES: [kind: string, table: string, byColumn: boolean][] = [
  ['rfm', 'customers', true],
  ['clv', 'customers', true],
  ['clusters', 'customers', true],
  ['lifecycle', 'customers', false],
  ['recommendations', 'win_back', false],
];

const db = await (await DuckDBInstance.create(':memory:')).connect();
const results: AnalysisResult[] = [];
const only = args.tables?.split(',');
for (const [kind, name, byColumn] of TABLES.filter(([kind]) => !only || only.includes(kind))) {
  const file = `${args.from}.${kind}.${name}.parquet`;
  const reader = await db.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const raw = reader.getColumnsJS();
  const n0 = reader.currentRowCount;
  const n = n0 * times;
  const columns: ResultColumn[] = names.map((key, j) => ({
    key,
    label: { en: key, 'zh-CN': key },
    kind: types[j] === 'VARCHAR' ? 'text' : types[j] === 'DATE' ? 'date' : types[j] === 'BIGINT' ? 'integer' : 'number',
  }));
  // Each column as the analyses hold it: numbers in a Float64Array (NaN: none), texts in an array.
  const data = names.map((key, j): ((i: number) => CellValue) => {
    const col = raw[j];
    if (types[j] === 'VARCHAR') {
      const texts = new Array<string | null>(n);
      for (let t = 0; t < times; t++)
        for (let i = 0; i < n0; i++) {
          const v = col[i] as string | null;
          texts[t * n0 + i] = v === null ? null : key === 'customer_id' && t > 0 ? `${v}-${t}` : v;
        }
      return (i) => texts[i];
    }
    const nums = new Float64Array(n);
    for (let i = 0; i < n0; i++) {
      const v = col[i];
      const x =
        v === null
          ? NaN
          : v instanceof Date
            ? v.getTime() / 86400000 + 25569
            : typeof v === 'bigint'
              ? Number(v)
              : (v as number);
      for (let t = 0; t < times; t++) nums[t * n0 + i] = x;
    }
    return (i) => (Number.isNaN(nums[i]) ? null : nums[i]);
  });
  // The rows in an order of their own (the analyses sort by value): reversed blocks, so `at` is not the identity.
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = n - 1 - k;
  const fields = names.map((key, j) => [key, data[j]] as const);
  const table: ResultTable = { name, title: { en: name, 'zh-CN': name }, columns, rows: [] };
  if (byColumn)
    attachFullTable(
      table,
      fullTableOfFields(n, (k) => order[k], fields),
    );
  else
    attachFullTable(table, {
      rows: n,
      row: (k) => {
        const i = order[k];
        const row: Record<string, CellValue> = {};
        for (const [key, get] of fields) row[key] = get(i);
        return row;
      },
    });
  results.push({ kind, tables: [table] } as unknown as AnalysisResult);
  console.log(`${kind}.${name}: ${n.toLocaleString('en-US')} rows, ${names.length} columns`);
}

const mod = (await import(`${src}/cli/full-tables.ts`)) as typeof import('../src/cli/full-tables.js');
const formats = mod.parseFullTableFormats(args.formats)!;
const diagnostics: Diagnostic[] = [];
// --prof FILE: a CPU profile of the phase alone (the loading before it left out).
const session = args.prof ? new Session() : null;
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => {
    session!.post(method, params, (error, result) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.start');
}
const c0 = process.cpuUsage();
const t0 = performance.now();
const written = await mod.writeFullTables(results, args.out, formats, diagnostics);
const cpu = process.cpuUsage(c0);
const wall = performance.now() - t0;
if (session) {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(args.prof!, JSON.stringify(profile));
}
console.log(
  JSON.stringify({
    src: args.src,
    times,
    cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    user_s: +(cpu.user / 1e6).toFixed(2),
    wall_s: +(wall / 1e3).toFixed(2),
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
    files: written.map((w) => `${path.basename(w.file)} ${w.rows}`),
    diagnostics: diagnostics.length,
  }),
);
