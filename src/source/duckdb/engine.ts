/**
 * DuckDB embedded (`@duckdb/node-api`): one in-memory instance per run, with a memory limit and a temp directory
 * so a file larger than memory spills to disk instead of failing. Each source becomes a view with `lb_rn`, its row
 * position in file order (`WITH ORDINALITY` for files, `rowid` for a table), which readOrders' rules need.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import {
  DuckDBInstance,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBConnection,
  type DuckDBDataChunk,
} from '@duckdb/node-api';
import type { DuckSource, EngineSource } from '../spec.js';
import { duckdbDialect } from '../sql/dialect.js';
import { isZoned, readCsvSql, textCsvColumns } from './csv-text.js';
import { SourceError, type InsertColumn, type OpenedSource, type SourceColumn, type SqlEngine } from '../engine.js';

export { SourceError, type OpenedSource, type SourceColumn } from '../engine.js';

export interface EngineOptions {
  /** DuckDB's `memory_limit`, e.g. `4GB` (default: 60 % of the machine's memory, DuckDB's own rule is 80 %). */
  memoryLimit?: string;
  /** Where DuckDB spills what does not fit (default: DuckDB's `.tmp`). */
  tempDirectory?: string;
  /** DuckDB threads (default: DuckDB's, one per core). */
  threads?: number;
}

/** The DuckDB engine of a run: open sources, run SQL, read rows as plain JS values. */
export class DuckEngine implements SqlEngine {
  readonly name = 'DuckDB';
  readonly dialect = duckdbDialect;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async create(opts: EngineOptions = {}): Promise<DuckEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const engine = new DuckEngine(instance, connection);
    if (opts.memoryLimit) await connection.run(`SET memory_limit = ${duckdbDialect.literal(opts.memoryLimit)}`);
    if (opts.tempDirectory) await connection.run(`SET temp_directory = ${duckdbDialect.literal(opts.tempDirectory)}`);
    if (opts.threads) await connection.run(`SET threads = ${Math.max(1, Math.floor(opts.threads))}`);
    // Rows in file order where it matters (first appearance, ties of equal dates): ordinality already says it, and
    // tables read in order are made with ORDER BY, which DuckDB keeps regardless; other results need no order, and
    // keeping it costs memory (big CREATE TABLE … AS at 100M rows). Ordered reads switch it on (Dialect.sequential).
    await connection.run('SET preserve_insertion_order = false');
    return engine;
  }

  /** Rows of a query as objects of JS values (BIGINT as number when it fits, DATE as Date). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    // Chunk by chunk, each row's object made once (runAndReadAll + getRowObjectsJS held the whole result and two
    // copies of its objects: at 500,000 customers a summary's rows were hundreds of MB at the run's peak).
    return await traced(sql, async () => {
      const result = await this.connection.run(sql);
      const names = result.deduplicatedColumnNames();
      const out: Record<string, unknown>[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        const start = out.length;
        for (let i = 0; i < n; i++) out.push({});
        for (let j = 0; j < names.length; j++) {
          const name = names[j];
          let i = start;
          for (const v of chunk.convertColumnValues(j, JSDuckDBValueConverter))
            out[i++][name] = typeof v === 'bigint' ? Number(v) : v;
        }
      }
      return out;
    });
  }

  /** Columns of a query's result as arrays of JS values. */
  async columns(sql: string): Promise<{ names: string[]; columns: unknown[][] }> {
    return await traced(sql, async () => {
      const result = await this.connection.run(sql);
      const names = result.columnNames();
      const columns: unknown[][] = names.map(() => []);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (let j = 0; j < columns.length; j++) appendColumn(columns[j], chunk, j);
      }
      return { names, columns };
    });
  }

  /**
   * Columns of a query's result whose columns are all numbers, each a Float64Array (NULL as NaN): at 10M customers a
   * summary's columns as arrays of JS values were gigabytes beside DuckDB's own memory (each double boxed), twice
   * what the doubles take.
   */
  async numberColumns(sql: string): Promise<{ names: string[]; columns: Float64Array[] }> {
    return await traced(sql, async () => {
      const result = await this.connection.run(sql);
      const names = result.columnNames();
      const parts: Float64Array[][] = names.map(() => []);
      let rows = 0;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const n = chunk.rowCount;
        rows += n;
        for (let j = 0; j < names.length; j++) {
          const v = chunk.getColumnVector(j);
          const out = new Float64Array(n);
          if (v.type.typeId === DuckDBTypeId.SQLNULL) {
            parts[j].push(out.fill(NaN));
            continue;
          }
          if (!NUMERIC.has(v.type.typeId)) throw new Error(`numberColumns: column ${names[j]} is not a number column`);
          for (let i = 0; i < n; i++) {
            const x = v.getItem(i);
            out[i] = x === null ? NaN : Number(x);
          }
          parts[j].push(out);
        }
      }
      const columns = parts.map((chunks) => {
        const all = new Float64Array(rows);
        let at = 0;
        for (const c of chunks) {
          all.set(c, at);
          at += c.length;
        }
        return all;
      });
      return { names, columns };
    });
  }

  async run(sql: string): Promise<void> {
    await traced(sql, () => this.connection.run(sql));
  }

  async createTable(name: string, sql: string): Promise<void> {
    const create = `CREATE OR REPLACE TEMP TABLE ${name} AS ${sql}`;
    await traced(create, () => this.connection.run(create));
  }

  async insert(
    name: string,
    columns: readonly InsertColumn[],
    rows: readonly (readonly (number | string)[])[],
  ): Promise<void> {
    const types = columns.map((c) => `${duckdbDialect.ident(c.name)} ${c.type === 'integer' ? 'INTEGER' : 'VARCHAR'}`);
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (${types.join(', ')})`);
    const app = await this.connection.createAppender(name);
    try {
      for (const row of rows) {
        row.forEach((v, j) => {
          if (columns[j].type === 'integer') app.appendInteger(Number(v));
          else app.appendVarchar(String(v));
        });
        app.endRow();
      }
      app.flushSync();
    } finally {
      app.closeSync();
    }
  }

  async dropTable(name: string): Promise<void> {
    await this.connection.run(`DROP TABLE IF EXISTS ${name}`);
  }

  /**
   * Opens a source as views `lb_raw_<i>` and `lb_src_<i>`; a missing file, an unreadable one or a wrong table name
   * is a SourceError naming the source.
   */
  async open(source: EngineSource, index: number): Promise<OpenedSource> {
    if (source.engine !== 'duckdb') throw new Error(`DuckDB cannot open ${source.spec}`);
    const d = duckdbDialect;
    const raw = `lb_raw_${index}`,
      view = `lb_src_${index}`;
    const path = d.literal(source.path);
    // The two views' SQL, `replace` a `REPLACE (…)` of columns read otherwise (times with a UTC offset, below).
    let views: (replace: string) => [raw: string, view: string];
    if (source.format === 'database') {
      const db = `lb_db_${index}`;
      await this.guard(source, () => this.run(`ATTACH ${path} AS ${db} (READ_ONLY)`));
      const table = `${db}.${source
        .table!.split('.')
        .map((x) => d.ident(x))
        .join('.')}`;
      views = (r) => [`SELECT *${r} FROM ${table}`, `SELECT *${r}, rowid AS lb_rn FROM ${table}`];
    } else if (source.format === 'parquet' && !/[*?[{]/.test(source.path)) {
      // One Parquet file: its own row numbers, read by every thread. WITH ORDINALITY numbers the rows in a streaming
      // window, which keeps each query reading the source on one thread (10M rows, the pass numbering customers: 3.6
      // CPU s on two threads, against 4.0 on one).
      views = (r) => [
        `SELECT *${r} FROM read_parquet(${path})`,
        `SELECT * EXCLUDE (file_row_number)${r}, file_row_number AS lb_rn FROM read_parquet(${path}, file_row_number = true)`,
      ];
    } else views = ordinal(source.format === 'parquet' ? `read_parquet(${path})` : `read_csv(${path})`);
    const define = async ([rawSql, viewSql]: [string, string]) => {
      await this.guard(source, () => this.run(`CREATE OR REPLACE TEMP VIEW ${raw} AS ${rawSql}`));
      await this.guard(source, () => this.run(`CREATE OR REPLACE TEMP VIEW ${view} AS ${viewSql}`));
      return await this.describe(source, raw);
    };
    let columns = await define(views(''));
    const zoned = columns.filter((c) => isZoned(c.engineType)).map((c) => c.name);
    if (zoned.length > 0 && source.format === 'csv') {
      // Times written with a UTC offset (`2024-06-01T13:45:10-04:00`): DuckDB's sniffer makes them instants and
      // shows them in the session's time zone, where a sheet keeps the wall clock as written. Read as text, they go
      // through ingest's own date rules (text-cells.ts), as the same file read as a sheet would.
      textCsvColumns(source, zoned);
      columns = await define(ordinal(readCsvSql(source.path, zoned))(''));
    } else if (zoned.length > 0) {
      // A stored TIMESTAMPTZ (Parquet, a database table) keeps the instant, not the offset it was written with:
      // read as the instant's time in UTC, the same on every machine (never the session's local zone).
      columns = await define(
        views(` REPLACE (${zoned.map((c) => `timezone('UTC', ${d.ident(c)}) AS ${d.ident(c)}`).join(', ')})`),
      );
    }
    return { source, view, raw, columns };
  }

  private async describe(source: EngineSource, raw: string): Promise<SourceColumn[]> {
    const described = await this.guard(source, () => this.rows(`DESCRIBE ${raw}`));
    return described.map((r) => {
      const engineType = String(r.column_type);
      return { name: String(r.column_name), engineType, type: duckdbDialect.typeOf(engineType) };
    });
  }

  /** `f`, with a DuckDB error turned into a SourceError that names the source. */
  async guard<T>(source: EngineSource, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (error) {
      throw new SourceError(
        `${source.spec}: ${explain(error instanceof Error ? error.message : String(error), source)}`,
      );
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** A second connection to this engine's database (SqlEngine.fork); `disconnect` closes it, not the database. */
  async fork(): Promise<DuckEngine & { disconnect(): void }> {
    const connection = await this.instance.connect();
    const forked = new DuckEngine(this.instance, connection) as DuckEngine & { disconnect(): void };
    forked.disconnect = () => {
      connection.closeSync();
    };
    return forked;
  }
}

/** Integer and double columns, read item by item (no conversion machinery): per-customer results are millions. */
const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
]);

/** A read function's two views, rows numbered in the order read (WITH ORDINALITY, from 0). */
function ordinal(fn: string): (replace: string) => [raw: string, view: string] {
  return (r) => [
    `SELECT *${r} FROM ${fn}`,
    `SELECT * EXCLUDE (ordinality)${r}, ordinality - 1 AS lb_rn FROM ${fn} WITH ORDINALITY`,
  ];
}

/**
 * Appends column `j` of `chunk` to `out` as JS values: numbers (BIGINT as a number, as `rows` gives it) or null for a
 * numeric column, else what getColumnsJS gives (strings, Dates, lists).
 */
function appendColumn(out: unknown[], chunk: DuckDBDataChunk, j: number): void {
  const v = chunk.getColumnVector(j);
  const n = chunk.rowCount;
  if (NUMERIC.has(v.type.typeId)) {
    for (let i = 0; i < n; i++) {
      const x = v.getItem(i);
      out.push(typeof x === 'bigint' ? Number(x) : x);
    }
    return;
  }
  for (const x of chunk.convertColumnValues(j, JSDuckDBValueConverter)) out.push(x);
}

/**
 * `f`, its time and the statement's start on stderr when LOOPBOOK_TRACE_SQL is set (benchmarks, profiling): the
 * process's CPU over it, and its resident memory (VmRSS) at the end and the highest sampled every 50 ms while it ran.
 */
async function traced<T>(sql: string, f: () => Promise<T>): Promise<T> {
  if (!process.env.LOOPBOOK_TRACE_SQL) return await f();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let high = residentMb();
  const sampler = setInterval(() => (high = Math.max(high, residentMb())), 50);
  let out: T;
  try {
    out = await f();
  } finally {
    clearInterval(sampler);
  }
  const s = ((performance.now() - t0) / 1000).toFixed(2);
  // The process's CPU (DuckDB's threads and ours) over the statement: walls on a shared machine say little.
  const c = process.cpuUsage(c0);
  const cpu = ((c.user + c.system) / 1e6).toFixed(2);
  const rss = residentMb();
  high = Math.max(high, rss);
  process.stderr.write(
    `[sql ${s} s, cpu ${cpu} s, rss ${rss} MB, high ${high} MB] ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n`,
  );
  if (process.env.LOOPBOOK_TRACE_SQL.endsWith('.sql'))
    appendFileSync(process.env.LOOPBOOK_TRACE_SQL, `-- ${s} s\n${sql};\n`);
  return out;
}

/** The process's resident memory in MB (Linux: /proc/self/status VmRSS; elsewhere process.memoryUsage's rss). */
function residentMb(): number {
  try {
    const m = /VmRSS:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.memoryUsage.rss() / 2 ** 20);
}

/** DuckDB's message, said in the user's terms where we know the case. */
function explain(message: string, source: EngineSource): string {
  if (source.engine !== 'duckdb') return message.split('\n')[0];
  return explainDuck(message, source);
}

function explainDuck(message: string, source: DuckSource): string {
  const first = message.split('\n')[0];
  if (source.table && /Table with name .* does not exist|Catalog Error/i.test(first))
    return `the DuckDB file "${source.path}" has no table "${source.table}" (${first}).`;
  if (/No files found|does not exist|Cannot open file|No such file/i.test(first))
    return `no file matches "${source.path}" (the path is read from the folder you run loopbook in).`;
  return first;
}
