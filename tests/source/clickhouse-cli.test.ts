// `loopbook analyze --source clickhouse://…` end to end: the CLI's own code, `@clickhouse/client` over HTTP, and a
// real ClickHouse engine behind it (chDB in-process, served by a small HTTP endpoint speaking ClickHouse's HTTP
// interface: tests/source/chdb.ts). The sample workbook's orders, customers and campaigns are loaded into ClickHouse
// from the CSV files the in-memory run reads (tests/source/export.ts); the in-memory run is the reference, and the
// analyses pushed down (RFM, CLV, clusters, cohorts, lifecycle, channel performance, funnel, acquisition quality,
// before/after, segment response, recommendations) must give the same `--json` figures and tables (money to the
// cent, fitted parameters to 1e-6 relative, counts exact: tests/source/differences.ts). Bad sources stop with exit code 1 and a message naming the source, and nothing is
// written. The password is taken from LOOPBOOK_CLICKHOUSE_PASSWORD and written nowhere.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { readLoopbookStore } from '../../src/xlsx/apply.js';
import { ANALYSES } from '../../src/analysis/registry.js';
import {
  CLICKHOUSE_PASSWORD_VARIABLE,
  DUCKDB_ONLY_KINDS,
  ORDER_ROW_KINDS,
  PUSHED_KINDS,
} from '../../src/source/index.js';

/** The kinds pushed down to ClickHouse (any whose rollup runs on DuckDB only would be left out there). */
const CH_KINDS = PUSHED_KINDS.filter((k) => !DUCKDB_ONLY_KINDS.includes(k));
const SOURCES = ['orders', 'customers', 'campaigns'];
import { exportSample } from './export.js';
import { differences } from './differences.js';
import { loadChdb, serveChdb, type ChdbSession, type SeenRequest } from './chdb.js';
import { sink } from '../cli/sink.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-clickhouse-cli-'));
const PASSWORD = 'not-in-the-recipe-7f3a';

interface Run {
  code: number;
  stderr: string;
  summary: Summary | null;
  out: string;
  json: string;
}
interface Summary {
  asOf: string;
  inputs: { source: string; rows: number }[];
  analyses: Record<string, unknown>;
  diagnostics: { code: string; message: { en: string } }[];
}

async function analyze(name: string, args: string[]): Promise<Run> {
  const out = path.join(dir, `${name}.xlsx`),
    json = path.join(dir, `${name}.json`);
  const stdout = sink(),
    stderr = sink();
  const code = await main(['analyze', ...args, '--out', out, '--json', json], {
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  const summary = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Summary) : null;
  return { code, stderr: stderr.text(), summary, out, json };
}

let session: ChdbSession;
let server: Awaited<ReturnType<typeof serveChdb>>;
let files: Record<string, { csv: string; parquet: string }>;
let memory: Run, ch: Run;
const spec = (table: string, db = 'shop') => `clickhouse://analyst@127.0.0.1:${server.port}/${db}#${table}`;

/** A CSV file as a table of `shop`, its rows in file order (a MergeTree without a sorting key keeps them). */
function load(table: string, csv: string): void {
  session.query(
    `CREATE TABLE shop.${table} ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM file('${csv}', CSVWithNames)`,
  );
}

beforeAll(async () => {
  files = await exportSample(dir, [...SOURCES, 'touchpoints']);
  session = new (loadChdb().Session)();
  session.query('CREATE DATABASE shop');
  for (const k of [...SOURCES, 'touchpoints']) load(k, files[k].csv);
  server = await serveChdb(session, { user: 'analyst', password: PASSWORD });
  process.env[CLICKHOUSE_PASSWORD_VARIABLE] = PASSWORD;
  memory = await analyze(
    'memory',
    SOURCES.map((k) => files[k].csv),
  );
  ch = await analyze(
    'clickhouse',
    SOURCES.flatMap((k) => ['--source', spec(k)]),
  );
}, 300_000);

afterAll(async () => {
  await server.close();
  session.close();
});

describe('--source clickhouse:// equals the in-memory path on the sample workbook', () => {
  it('runs, reading the tables in ClickHouse through @clickhouse/client', () => {
    for (const r of [memory, ch]) expect(r.code, r.stderr).toBe(0);
    expect(ch.summary!.asOf).toBe(memory.summary!.asOf);
    // The orders rows are counted in ClickHouse; the customers table is read whole.
    expect(ch.summary!.inputs).toEqual(memory.summary!.inputs);
  });

  it('pushes every rollup down to ClickHouse, the loop analyses included', () => {
    // src/source/duckdb/run.ts: no rollup is DuckDB's only.
    expect(DUCKDB_ONLY_KINDS).toEqual([]);
    expect(CH_KINDS).toEqual([
      'rfm',
      'clv',
      'clusters',
      'cohorts',
      'lifecycle',
      'channel-performance',
      'funnel',
      'acquisition-quality',
      'before-after',
      'segment-response',
      'recommendations',
    ]);
  });

  // Segment response needs touchpoints or an experiment: compared in the run with touchpoints below.
  it.each(CH_KINDS.filter((k) => k !== 'segment-response').map((k) => [k]))(
    '%s: the same figures and tables',
    (kind) => {
      const want = memory.summary!.analyses[kind];
      expect(want).toBeDefined();
      expect(differences(want, ch.summary!.analyses[kind])).toEqual([]);
    },
  );

  it('RFM segment counts are exact', () => {
    type Seg = { segment: string; customers: number }[];
    const counts = (r: Run) =>
      (r.summary!.analyses.rfm as { tables: { segments: Seg } }).tables.segments.map(
        (s) => `${s.segment}:${s.customers}`,
      );
    expect(counts(ch)).toEqual(counts(memory));
    expect(counts(memory).length).toBeGreaterThan(5);
  });

  it('leaves out the analyses that need order rows, naming the source and ClickHouse', () => {
    const ran = Object.keys(ch.summary!.analyses).sort();
    expect(ran).toEqual(
      Object.keys(memory.summary!.analyses)
        .filter((k) => !ORDER_ROW_KINDS.includes(k) && !DUCKDB_ONLY_KINDS.includes(k))
        .sort(),
    );
    const note = ch.summary!.diagnostics.find((d) => d.code === 'source.left_out');
    expect(note?.message.en).toContain(`${spec('orders')}:`);
    expect(note?.message.en).toContain('which stay in ClickHouse');
  });

  it('spoke to the server as the HTTP interface expects: one session, the database, the user', () => {
    const requests: SeenRequest[] = server.seen;
    const sessions = new Set(requests.map((r) => r.params.session_id));
    // One engine for both tables (same server, user and database), so one session.
    expect(sessions.size).toBe(1);
    expect([...sessions][0]).toMatch(/^loopbook-/);
    expect(requests.every((r) => r.params.database === 'shop' && r.user === 'analyst')).toBe(true);
    expect(requests.some((r) => /CREATE TEMPORARY TABLE lb_kept/.test(r.query))).toBe(true);
    // The loop analyses' lines: acquisition quality's and the histories', stored in the session.
    expect(requests.some((r) => /CREATE TEMPORARY TABLE lb_acq_l /.test(r.query))).toBe(true);
    expect(requests.some((r) => /CREATE TEMPORARY TABLE lb_hist /.test(r.query))).toBe(true);
    // The customers' channels (the customers table, matched in TypeScript) went to the server for the cohorts.
    expect(requests.some((r) => /^INSERT INTO lb_coh_ch FORMAT JSONCompactEachRow\n\[0,"/.test(r.query))).toBe(true);
  });

  it('keeps the sources in the saved recipe, without the password; --recipe reads them again', async () => {
    const store = (await readLoopbookStore(new Uint8Array(readFileSync(ch.out)))).store!;
    expect(store.recipe!.sources.find((s) => s.kind === 'orders')!.location).toBe(spec('orders'));
    expect(store.recipe!.sources.find((s) => s.kind === 'customers')!.location).toBe(spec('customers'));
    // Nowhere in the workbook's parts, nor in the summary.
    const parts = unzipSync(new Uint8Array(readFileSync(ch.out)));
    for (const [name, bytes] of Object.entries(parts)) expect(strFromU8(bytes), name).not.toContain(PASSWORD);
    expect(readFileSync(ch.json, 'utf8')).not.toContain(PASSWORD);
    const recipe = path.join(dir, 'recipe.json');
    writeFileSync(recipe, JSON.stringify(store.recipe));
    const again = await analyze('again', ['--recipe', recipe]);
    expect(again.code, again.stderr).toBe(0);
    expect(differences(ch.summary!.analyses, again.summary!.analyses)).toEqual([]);
  });
});

describe('with touchpoints: before/after compares the customers reached, segment response segments them', () => {
  let mem: Run, chRun: Run;
  beforeAll(async () => {
    const kinds = ['orders', 'customers', 'touchpoints'];
    mem = await analyze(
      'touches-memory',
      kinds.map((k) => files[k].csv),
    );
    chRun = await analyze(
      'touches-clickhouse',
      kinds.flatMap((k) => ['--source', spec(k)]),
    );
  }, 300_000);

  it.each([['before-after'], ['acquisition-quality'], ['segment-response'], ['recommendations']])(
    '%s: the same figures and tables',
    (kind) => {
      expect(chRun.code, chRun.stderr).toBe(0);
      const want = mem.summary!.analyses[kind] as { figures: Record<string, unknown> };
      // Not trivial: figures computed (the in-memory run's).
      expect(Object.keys(want.figures).length).toBeGreaterThan(0);
      expect(differences(want, chRun.summary!.analyses[kind])).toEqual([]);
    },
  );

  it('runs every analysis the in-memory path runs but those that read order rows', () => {
    expect(Object.keys(chRun.summary!.analyses).sort()).toEqual(
      Object.keys(mem.summary!.analyses)
        .filter((k) => !ORDER_ROW_KINDS.includes(k))
        .sort(),
    );
  });
});

describe("segments by lifecycle stage (each customer's purchase days, not pushed down)", () => {
  it('leave out before/after and the recommendations that run it, in both languages; the rest runs', async () => {
    // The recipe the ClickHouse run saved, before/after switched to lifecycle segments.
    const store = (await readLoopbookStore(new Uint8Array(readFileSync(ch.out)))).store!;
    const analyses = store.recipe!.analyses.map((a) =>
      a.kind === 'before-after' ? { ...a, options: { ...a.options, segmentBasis: 'lifecycle' } } : a,
    );
    expect(analyses.some((a) => a.kind === 'recommendations' && a.enabled)).toBe(true);
    const recipe = path.join(dir, 'recipe-lifecycle.json');
    writeFileSync(recipe, JSON.stringify({ ...store.recipe, analyses }));
    const r = await analyze('lifecycle-segments', ['--recipe', recipe]);
    expect(r.code, r.stderr).toBe(0);
    const off = ['before-after', 'recommendations'];
    expect(Object.keys(r.summary!.analyses).sort()).toEqual(
      Object.keys(ch.summary!.analyses)
        .filter((k) => !off.includes(k))
        .sort(),
    );
    const note = r.summary!.diagnostics.find((d) => d.code === 'source.left_out') as
      { message: { en: string; 'zh-CN': string } } | undefined;
    const title = (k: string) => ANALYSES.find((d) => d.kind === k)!.title;
    // Why: the segments by lifecycle stage, not the order rows (ClickHouse has those for the other analyses).
    expect(note!.message.en).toContain('They need segments by lifecycle stage');
    expect(note!.message.en).not.toContain('order rows');
    expect(note!.message['zh-CN']).toContain('按生命周期阶段分群');
    const [notRun] = note!.message.en.split('. They need');
    const [notRunZh] = note!.message['zh-CN'].split('。它们需要');
    for (const k of off) {
      expect(notRun).toContain(title(k).en);
      expect(notRunZh).toContain(title(k)['zh-CN']);
    }
    // What ran is unchanged: acquisition quality, for one, as in the first run.
    expect(
      differences(ch.summary!.analyses['acquisition-quality'], r.summary!.analyses['acquisition-quality']),
    ).toEqual([]);
  });
});

describe('engines mixed in one run', () => {
  it('orders in ClickHouse, customers and campaigns in CSVs through DuckDB: the same figures', async () => {
    const r = await analyze('mixed', [
      '--source',
      spec('orders'),
      '--source',
      `duckdb:${files.customers.csv}`,
      '--source',
      `duckdb:${files.campaigns.csv}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    for (const kind of CH_KINDS)
      expect(differences(memory.summary!.analyses[kind], r.summary!.analyses[kind])).toEqual([]);
  });
});

describe('without a customers table', () => {
  it("the funnel's buyers take the channel of their first order, as in memory", async () => {
    const mem = await analyze('memory-nocust', [files.orders.csv, files.campaigns.csv]);
    const r = await analyze('clickhouse-nocust', ['--source', spec('orders'), '--source', spec('campaigns')]);
    for (const x of [mem, r]) expect(x.code, x.stderr).toBe(0);
    for (const kind of ['funnel', 'channel-performance', 'lifecycle']) {
      expect(mem.summary!.analyses[kind], kind).toBeDefined();
      expect(differences(mem.summary!.analyses[kind], r.summary!.analyses[kind])).toEqual([]);
    }
    // The channel rows of the funnel count first purchases: from the orders' channels here.
    expect(JSON.stringify(mem.summary!.analyses.funnel)).not.toEqual(JSON.stringify(memory.summary!.analyses.funnel));
  });
});

/** A port nothing listens on: one the system gave and took back. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) =>
    s.close(() => {
      resolve();
    }),
  );
  return port;
}

describe('bad ClickHouse sources: a clear error naming the source, exit code 1, nothing written', () => {
  const refused = async (name: string, args: string[], says: RegExp) => {
    const r = await analyze(name, args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(says);
    expect(existsSync(r.out)).toBe(false);
    expect(r.summary).toBeNull();
    return r;
  };
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  it('an unreachable server', async () => {
    const port = await closedPort();
    const s = `clickhouse://127.0.0.1:${port}/shop#orders`;
    await refused(
      'unreachable',
      ['--source', s],
      new RegExp(`${esc(s)}: cannot reach a ClickHouse server at http://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`),
    );
  });

  it('a wrong database', async () => {
    await refused(
      'database',
      ['--source', spec('orders', 'shopp')],
      new RegExp(`${esc(spec('orders', 'shopp'))}: the server has no database "shopp"`),
    );
  });

  it('a wrong table', async () => {
    await refused(
      'table',
      ['--source', spec('order')],
      new RegExp(`${esc(spec('order'))}: the database "shop" has no table "order"`),
    );
  });

  it('a column of the wrong type', async () => {
    const bad = path.join(dir, 'bad-amounts.csv');
    const rows = readFileSync(files.orders.csv, 'utf8').split('\n');
    // Amounts written as words from line 3,000 on (most of the file; one typo is left out as on a sheet): ClickHouse
    // reads the column as text, and the rows the in-memory path infers its type from are mostly words.
    for (let i = 3000; i < rows.length; i++) rows[i] = rows[i].replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1twelve');
    writeFileSync(bad, rows.join('\n'));
    load('bad_orders', bad);
    await refused(
      'type',
      ['--source', spec('bad_orders')],
      new RegExp(
        `${esc(spec('bad_orders'))}: column "amount" \\(the amount column\\) holds text, not numbers, in too many of its rows; for example "twelve"`,
      ),
    );
  });

  it('a date column holding text', async () => {
    const bad = path.join(dir, 'bad-dates.csv');
    const rows = readFileSync(files.orders.csv, 'utf8').split('\n');
    // Dates written as a word from line 3,000 on (most of the file): ClickHouse reads the column as text, and the rows
    // the in-memory path infers its type from are mostly words.
    for (let i = 3000; i < rows.length; i++) rows[i] = rows[i].replace(/^([^,]*,[^,]*,)[^,]*/, '$1someday');
    writeFileSync(bad, rows.join('\n'));
    load('bad_dates', bad);
    await refused(
      'date-type',
      ['--source', spec('bad_dates')],
      new RegExp(
        `${esc(spec('bad_dates'))}: column "order_date" \\(the date column\\) holds text, not dates, in too many of its rows; for example "someday"`,
      ),
    );
  });

  it('a wrong password, saying where the password is read from', async () => {
    process.env[CLICKHOUSE_PASSWORD_VARIABLE] = 'wrong';
    try {
      await refused(
        'password',
        ['--source', spec('orders')],
        new RegExp(
          `${esc(spec('orders'))}: the server refused user "analyst" .*environment variable ${CLICKHOUSE_PASSWORD_VARIABLE}`,
        ),
      );
    } finally {
      process.env[CLICKHOUSE_PASSWORD_VARIABLE] = PASSWORD;
    }
  });

  it('a password written in the spec', async () => {
    const s = `clickhouse://analyst:${PASSWORD}@127.0.0.1:${server.port}/shop#orders`;
    const r = await refused('inline-password', ['--source', s], /never written in the source/);
    expect(r.stderr).toContain(CLICKHOUSE_PASSWORD_VARIABLE);
  });
});
