// How a `clickhouse://` spec is read (src/source/spec.ts), what the recipe keeps of it (src/recipe/types.ts), and the
// lint rule keeping `@clickhouse/client` in the Node-only layers (eslint.config.js, as for DuckDB).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parseSourceSpec, SourceSpecError, CLICKHOUSE_PASSWORD_VARIABLE } from '../../src/source/spec.js';
import { SourceSchema } from '../../src/recipe/types.js';
import { explain } from '../../src/source/clickhouse/engine.js';

describe('parseSourceSpec: clickhouse://', () => {
  it('reads server, user, database and table; the table names the source', () => {
    expect(parseSourceSpec('clickhouse://ch1.internal:8123/shop#orders')).toEqual({
      engine: 'clickhouse',
      spec: 'clickhouse://ch1.internal:8123/shop#orders',
      url: 'http://ch1.internal:8123',
      database: 'shop',
      table: 'orders',
      label: 'orders',
    });
    expect(parseSourceSpec('clickhouse://analyst@10.0.0.5:8123/sales_dw#orders_dist')).toMatchObject({
      user: 'analyst',
      url: 'http://10.0.0.5:8123',
      table: 'orders_dist',
    });
    // clickhouses:// is the HTTPS interface; an IPv6 host is written in brackets.
    expect(parseSourceSpec('clickhouses://[::1]:8443/shop#orders')).toMatchObject({ url: 'https://[::1]:8443' });
  });

  it.each([
    [
      'clickhouse://analyst:hunter2@ch1:8123/shop#orders',
      new RegExp(
        `never written in the source.*${CLICKHOUSE_PASSWORD_VARIABLE}.*clickhouse://analyst@ch1:8123/shop#orders`,
      ),
    ],
    ['clickhouse://ch1:8123/shop', /name the table after #/],
    ['clickhouse://ch1:8123/shop#', /name the table after #/],
    ['clickhouse://ch1/shop#orders', /write a ClickHouse table as clickhouse:\/\/\[user@\]host:port\/database#table/],
    ['clickhouse://ch1:8123/#orders', /after the port comes the database/],
    ['clickhouse://ch1:99999/shop#orders', /99999 is not a port/],
    ['clickhouse://@ch1:8123/shop#orders', /no user before @/],
    ['clickhouse://ch1:8123/shop#orders;drop', /name the table after #/],
  ])('refuses %s, saying what to write', (spec, says) => {
    expect(() => parseSourceSpec(spec)).toThrow(SourceSpecError);
    expect(() => parseSourceSpec(spec)).toThrow(says);
  });

  it('names clickhouse:// among the sources it knows', () => {
    expect(() => parseSourceSpec('postgres://db:5432/shop#orders')).toThrow(/clickhouse:\/\/host:port\/database#table/);
  });
});

describe("the recipe's location", () => {
  const source = (location: string) =>
    SourceSchema.safeParse({ id: 'orders', sheet: 'orders', kind: 'orders', roles: {}, location });
  it('keeps a clickhouse:// table, with a user', () => {
    expect(source('clickhouse://analyst@ch1:8123/shop#orders').success).toBe(true);
  });
  it('refuses one holding a password', () => {
    const r = source('clickhouse://analyst:hunter2@ch1:8123/shop#orders');
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(CLICKHOUSE_PASSWORD_VARIABLE);
  });
});

describe("the server's errors in the user's terms", () => {
  const src = parseSourceSpec('clickhouse://bob@ch1:8123/shop#orders');
  it.each([
    [
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.5:8123' },
      /cannot reach a ClickHouse server at http:\/\/ch1:8123/,
    ],
    [{ code: '81', type: 'UNKNOWN_DATABASE', message: 'Database shop does not exist.' }, /no database "shop"/],
    [
      { code: '60', type: 'UNKNOWN_TABLE', message: 'Table shop.orders does not exist.' },
      /"shop" has no table "orders"/,
    ],
    [
      { code: '516', type: 'AUTHENTICATION_FAILED', message: 'bob: Authentication failed' },
      /refused user "bob".*LOOPBOOK_CLICKHOUSE_PASSWORD/,
    ],
    [
      { code: '164', type: 'READONLY', message: 'Cannot execute query in readonly mode.' },
      /may not change settings or create temporary tables/,
    ],
  ])('%o', (error, says) => {
    expect(explain(error, src)).toMatch(says);
  });
});

describe('layering: @clickhouse/client stays in the Node-only layers', () => {
  const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
  const code = "import { createClient } from '@clickhouse/client';\nexport const c = createClient;\n";
  const ids = async (filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId ?? m.message);
  it('is refused in src/analysis and in the add-in, allowed in src/source', async () => {
    expect(await ids('src/analysis/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ids('addin/taskpane/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ids('src/source/lint-probe.ts')).not.toContain('no-restricted-imports');
  });
});
