/**
 * ClickHouse for the tests: chDB (npm `chdb`, ClickHouse in-process), installed into .cache/chdb by
 * scripts/ensure-chdb.mjs (npm test runs it) and never a dependency. Without it the ClickHouse tests fail, saying
 * how to install it; they never skip. Two ways in: a transport that runs the engine's SQL in a chDB session
 * directly, and a small HTTP server speaking ClickHouse's HTTP interface over the same session, for
 * `@clickhouse/client`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ClickHouseTransport } from '../../src/source/clickhouse/transport.js';

/** The part of chdb@3.4.0's Session the tests use (its own types are not installed with the project). */
export interface ChdbSession {
  query(sql: string, format?: string): string;
  close(): void;
}
interface ChdbModule {
  Session: new (path?: string) => ChdbSession;
}

const PREFIX = path.resolve('.cache/chdb');

/** chDB from .cache/chdb; an Error saying how to install it when it is not there. */
export function loadChdb(): ChdbModule {
  const pkg = path.join(PREFIX, 'node_modules', 'chdb', 'package.json');
  if (!existsSync(pkg))
    throw new Error(
      `chDB is not installed in ${PREFIX}: run \`node scripts/ensure-chdb.mjs\` (npm test does) for the ClickHouse tests.`,
    );
  return createRequire(pkg)('chdb') as ChdbModule;
}

/** A chDB error as ClickHouse's HTTP interface words it: `Code: 60. DB::Exception: … (UNKNOWN_TABLE)`. */
export function chdbError(error: unknown): { code: number; text: string } {
  const message = error instanceof Error ? error.message : String(error);
  const text = message.replace(/^Query failed: /, '');
  const code = Number(/Code: (\d+)\./.exec(text)?.[1] ?? 1000);
  return { code, text };
}

/** The engine's transport over a chDB session, in `database` (what the HTTP interface's `database` param does). */
export function chdbTransport(session: ChdbSession, database: string): ClickHouseTransport {
  return {
    command(sql) {
      try {
        session.query(`USE ${database}`);
        session.query(sql);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(Object.assign(new Error(chdbError(error).text), { code: chdbError(error).code }));
      }
    },
    async *query(sql) {
      session.query(`USE ${database}`);
      const text = session.query(sql, 'JSONCompactEachRowWithNamesAndTypes');
      for (const line of text.split('\n')) if (line) yield JSON.parse(line) as unknown[];
      await Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

/** What the HTTP endpoint saw of each request: its parameters and the user it came as. */
export interface SeenRequest {
  params: Record<string, string>;
  user: string;
  query: string;
}

/** Parameters of ClickHouse's HTTP interface that are not settings. */
const NOT_SETTINGS = new Set(['query', 'database', 'default_format', 'query_id', 'session_id', 'session_timeout']);

/**
 * ClickHouse's HTTP interface over a chDB session, as `@clickhouse/client` uses it: POST with the query in the
 * body (or `query=`), `database` and settings as URL parameters, HTTP basic authentication checked against
 * `login`, `X-ClickHouse-Summary` on success, and on failure ClickHouse's status, `X-ClickHouse-Exception-Code`
 * and `Code: N. DB::Exception: …` body; gzip when `enable_http_compression=1` and the client accepts it.
 * GET /ping answers `Ok.`.
 */
export async function serveChdb(
  session: ChdbSession,
  login: { user: string; password: string },
): Promise<{ port: number; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    void body(req).then((text) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/ping') {
        res.end('Ok.\n');
        return;
      }
      const params = Object.fromEntries(url.searchParams);
      const [user, password] = basicAuth(req);
      const query = params.query ? `${params.query}\n${text}` : text;
      seen.push({ params, user, query });
      const reply = (status: number, payload: string, headers: Record<string, string>) => {
        const gzip = params.enable_http_compression === '1' && /gzip/.test(req.headers['accept-encoding'] ?? '');
        res.writeHead(status, { ...headers, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
        res.end(gzip ? gzipSync(payload) : payload);
      };
      if (user !== login.user || password !== login.password) {
        const msg = `Code: 516. DB::Exception: ${user}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 26.7)\n`;
        reply(403, msg, { 'X-ClickHouse-Exception-Code': '516' });
        return;
      }
      try {
        if (params.database) session.query(`USE ${params.database}`);
        for (const [k, v] of Object.entries(params))
          if (!NOT_SETTINGS.has(k) && !k.startsWith('param_'))
            session.query(`SET ${k} = ${/^-?\d+$/.test(v) ? v : `'${v}'`}`);
        const out = session.query(query, params.default_format ?? 'TabSeparated');
        reply(200, out, {
          'X-ClickHouse-Summary': '{"read_rows":"0","read_bytes":"0","written_rows":"0","written_bytes":"0"}',
          'X-ClickHouse-Query-Id': params.query_id ?? '',
        });
      } catch (error) {
        const { code, text: msg } = chdbError(error);
        reply(code === 60 || code === 81 ? 404 : 500, `${msg}\n`, { 'X-ClickHouse-Exception-Code': String(code) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function basicAuth(req: IncomingMessage): [string, string] {
  const h = req.headers.authorization ?? '';
  const m = /^Basic (.+)$/.exec(h);
  if (m) {
    const s = Buffer.from(m[1], 'base64').toString('utf8');
    const i = s.indexOf(':');
    return [s.slice(0, i), s.slice(i + 1)];
  }
  return [String(req.headers['x-clickhouse-user'] ?? 'default'), String(req.headers['x-clickhouse-key'] ?? '')];
}
