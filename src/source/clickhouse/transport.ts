/**
 * How the ClickHouse engine talks to a server: `@clickhouse/client` over the HTTP interface, in one session (the temp
 * tables and settings of a run live in it). Results come as JSONCompactEachRowWithNamesAndTypes, streamed row by
 * row, so a large result (one row per customer) is never held as text.
 */
import { randomUUID } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type Row } from '@clickhouse/client';
import type { ClickHouseSource } from '../spec.js';

/** A connection to a ClickHouse server, in one session. */
export interface ClickHouseTransport {
  /** Runs a statement that returns no rows (SET, CREATE, DROP, INSERT with its data). */
  command(sql: string): Promise<void>;
  /** A query's result as JSONCompactEachRowWithNamesAndTypes rows: the names, the types, then each row. */
  query(sql: string): AsyncIterable<unknown[]>;
  close(): Promise<void>;
}

/** The transport of a source's server through `@clickhouse/client`; the password is given, never in the spec. */
export function clientTransport(source: ClickHouseSource, password: string | undefined): ClickHouseTransport {
  const client = createClient({
    url: source.url,
    username: source.user ?? 'default',
    password: password ?? '',
    database: source.database,
    session_id: `loopbook-${randomUUID()}`,
    application: 'loopbook',
    // A rollup over many rows may run for minutes; a server that does not answer at all fails at connect.
    request_timeout: 3_600_000,
    compression: { response: true, request: false },
    // Errors reach the user once, as a SourceError naming the source (clickhouse/engine.ts), not as the client's log.
    log: { level: ClickHouseLogLevel.OFF },
  });
  return {
    async command(sql) {
      await client.command({ query: sql });
    },
    async *query(sql) {
      const rs = await client.query({ query: sql, format: 'JSONCompactEachRowWithNamesAndTypes' });
      for await (const rows of rs.stream<unknown[]>()) for (const row of rows as Row<unknown[]>[]) yield row.json();
    },
    async close() {
      await client.close();
    },
  };
}
