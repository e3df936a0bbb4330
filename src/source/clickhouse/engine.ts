/**
 * A ClickHouse server as a run's engine (`clickhouse://host:port/database#table`): the rollups' SQL runs there in one
 * session and only aggregates come back. The session's settings make the shared SQL mean what it means on DuckDB
 * (clickhouse-dialect.ts): outer joins and casts keep NULL, and each query reads with one thread, so a table's
 * rows come in their stored order (row positions, first appearances, ties of equal dates, ordered sums).
 */
import { CLICKHOUSE_PASSWORD_VARIABLE, type ClickHouseSource, type EngineSource } from '../spec.js';
import { clickhouseDialect as d } from '../sql/clickhouse-dialect.js';
import { SourceError, type InsertColumn, type OpenedSource, type SqlEngine } from '../engine.js';
import { clientTransport, type ClickHouseTransport } from './transport.js';

export interface ClickHouseOptions {
  /** The password (default: the environment variable LOOPBOOK_CLICKHOUSE_PASSWORD, else none). */
  password?: string;
  /** How to reach the server (default: `@clickhouse/client` over HTTP); tests give chDB in-process. */
  transport?: (source: ClickHouseSource, password: string | undefined) => ClickHouseTransport;
}

/** Settings of the session (see the module's comment); numbers come back as JSON numbers. */
const SESSION_SETTINGS = [
  'SET join_use_nulls = 1',
  'SET cast_keep_nullable = 1',
  'SET max_threads = 1',
  'SET output_format_json_quote_64bit_integers = 0',
  'SET output_format_json_quote_decimals = 0',
];

/** Rows inserted per statement by `insert`. */
const INSERT_BATCH = 50_000;

export class ClickHouseEngine implements SqlEngine {
  readonly name = 'ClickHouse';
  readonly dialect = d;

  /** Temp tables the run created and has not dropped: dropped at close, not left to the session's timeout. */
  private readonly temps = new Set<string>();

  private constructor(private readonly transport: ClickHouseTransport) {}

  /** Connects to the source's server and database; an unreachable server or a refused login is a SourceError. */
  static async connect(source: ClickHouseSource, opts: ClickHouseOptions = {}): Promise<ClickHouseEngine> {
    const password = opts.password ?? process.env[CLICKHOUSE_PASSWORD_VARIABLE];
    const transport = (opts.transport ?? clientTransport)(source, password || undefined);
    const engine = new ClickHouseEngine(transport);
    try {
      await engine.guard(source, async () => {
        for (const sql of SESSION_SETTINGS) await transport.command(sql);
        // The database param of every request names it: a wrong one fails here, naming it.
        await engine.rows('SELECT currentDatabase() AS db');
      });
    } catch (error) {
      await transport.close();
      throw error;
    }
    return engine;
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const { names, columns } = await this.columns(sql);
    const n = columns[0]?.length ?? 0;
    const out: Record<string, unknown>[] = new Array<Record<string, unknown>>(n);
    for (let i = 0; i < n; i++) {
      const o: Record<string, unknown> = {};
      names.forEach((name, j) => (o[name] = columns[j][i]));
      out[i] = o;
    }
    return out;
  }

  async columns(sql: string): Promise<{ names: string[]; columns: unknown[][] }> {
    let names: string[] | null = null;
    let columns: unknown[][] = [];
    let header = 0;
    for await (const row of this.transport.query(sql)) {
      if (header === 0) {
        names = row.map(String);
        columns = names.map(() => []);
      }
      if (header < 2) {
        header++;
        continue;
      }
      for (let j = 0; j < row.length; j++) columns[j].push(row[j]);
    }
    return { names: names ?? [], columns };
  }

  async numberColumns(sql: string): Promise<{ names: string[]; columns: Float64Array[] }> {
    const { names, columns } = await this.columns(sql);
    const out = columns.map((values, j) =>
      Float64Array.from(values, (v) => {
        if (v === null) return NaN;
        // 64-bit integers come quoted in ClickHouse's JSON: numbers all the same.
        const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
        if (Number.isNaN(x)) throw new Error(`numberColumns: column ${names[j]} is not a number column`);
        return x;
      }),
    );
    return { names, columns: out };
  }

  async run(sql: string): Promise<void> {
    await this.transport.command(sql);
  }

  async createTable(name: string, sql: string): Promise<void> {
    await this.dropTable(name);
    this.temps.add(name);
    await this.run(`CREATE TEMPORARY TABLE ${name} ENGINE = Memory AS ${sql}`);
  }

  async insert(
    name: string,
    columns: readonly InsertColumn[],
    rows: readonly (readonly (number | string)[])[],
  ): Promise<void> {
    await this.dropTable(name);
    this.temps.add(name);
    const types = columns.map((c) => `${d.ident(c.name)} ${c.type === 'integer' ? 'Int32' : 'String'}`);
    await this.run(`CREATE TEMPORARY TABLE ${name} (${types.join(', ')}) ENGINE = Memory`);
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const data = rows
        .slice(i, i + INSERT_BATCH)
        .map((r) => JSON.stringify(r))
        .join('\n');
      await this.run(`INSERT INTO ${name} FORMAT JSONCompactEachRow\n${data}`);
    }
  }

  async dropTable(name: string): Promise<void> {
    await this.run(`DROP TEMPORARY TABLE IF EXISTS ${name}`);
    this.temps.delete(name);
  }

  /**
   * The source's table, and its rows numbered in stored order (`lb_rn`, read with one thread). A table the
   * database does not have is a SourceError naming both.
   */
  async open(source: EngineSource, _index: number): Promise<OpenedSource> {
    if (source.engine !== 'clickhouse') throw new Error(`ClickHouse cannot open ${source.spec}`);
    const raw = `${d.ident(source.database)}.${d.ident(source.table)}`;
    const described = await this.guard(source, () => this.rows(`DESCRIBE TABLE ${raw}`));
    // The columns `SELECT *` reads: not MATERIALIZED, ALIAS or EPHEMERAL ones, which a table's rows do not show.
    const stored = described.filter((r) => !['MATERIALIZED', 'ALIAS', 'EPHEMERAL'].includes(String(r.default_type)));
    const columns = stored.map((r) => {
      const engineType = String(r.type);
      return { name: String(r.name), engineType, type: d.typeOf(engineType) };
    });
    // The LIMIT keeps ClickHouse from moving a later filter below the numbering (it would number the rows kept).
    const view = `(SELECT *, toInt64(rowNumberInAllBlocks()) AS lb_rn FROM ${raw} LIMIT 18446744073709551615)`;
    return { source, view, raw, columns };
  }

  async guard<T>(source: EngineSource, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (error) {
      if (error instanceof SourceError) throw error;
      throw new SourceError(`${source.spec}: ${explain(error, source)}`);
    }
  }

  /** Drops the run's temp tables (freeing the server's memory now) and closes the connection. */
  async close(): Promise<void> {
    try {
      for (const name of [...this.temps]) await this.dropTable(name);
    } catch {
      // The server is gone or the session expired: its temp tables went with it.
    } finally {
      await this.transport.close();
    }
  }
}

/** The server's (or the network's) error, said in the user's terms where we know the case. */
export function explain(error: unknown, source: EngineSource): string {
  const e = (error ?? {}) as { message?: unknown; code?: unknown; type?: unknown };
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const message = (str(e.message) || str(error)).split('\n')[0];
  if (source.engine !== 'clickhouse') return message;
  const code = str(e.code);
  const type = str(e.type);
  if (/^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(code))
    return `cannot reach a ClickHouse server at ${source.url} (${message}); check the host and the HTTP port (8123 by default, 8443 with clickhouses://).`;
  if (type === 'UNKNOWN_DATABASE' || code === '81')
    return `the server has no database "${source.database}" (${message}).`;
  if (type === 'UNKNOWN_TABLE' || code === '60')
    return `the database "${source.database}" has no table "${source.table}" (${message}).`;
  if (type === 'AUTHENTICATION_FAILED' || code === '516' || type === 'REQUIRED_PASSWORD' || code === '194')
    return `the server refused user "${source.user ?? 'default'}" (${message}); the password is read from the environment variable ${CLICKHOUSE_PASSWORD_VARIABLE}, never from the source.`;
  if (type === 'READONLY' || code === '164')
    return `user "${source.user ?? 'default'}" may not change settings or create temporary tables, which the run needs (${message}); use a user with readonly = 0.`;
  return message;
}
