// The customers' ids by code as pushOrders reads them from DuckDB (src/source/duckdb/orders.ts customerIds): joined
// into one text per 65,536 codes and split in JS. Expected: the ids themselves, by code, as `SELECT cust … ORDER BY
// code` gives them one by one (the query it replaces), including ids past a text's end and an id holding a NUL (then
// the ids are read one by one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckEngine } from '../../src/source/duckdb/engine.js';
import { customerIds } from '../../src/source/duckdb/orders.js';
import { idRanks } from '../../src/analysis/common/id-ranks.js';

/** Each id's place in JavaScript's string order: what the ranks must agree with. */
const jsRanks = (ids: string[]): number[] => {
  const byId = ids.map((_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : 1));
  const rank = new Array<number>(ids.length);
  byId.forEach((i, p) => (rank[i] = p));
  return rank;
};

let engine: DuckEngine;

beforeAll(async () => {
  engine = await DuckEngine.create({ threads: 2 });
});

afterAll(() => {
  engine.close();
});

/** `lb_cust` of ids (code = index), stored in another order than the codes'. */
async function customers(ids: string[]): Promise<void> {
  await engine.run('CREATE OR REPLACE TEMP TABLE lb_ids (cust VARCHAR, code INTEGER)');
  for (let start = 0; start < ids.length; start += 5000) {
    const values = ids
      .slice(start, start + 5000)
      .map((id, j) => `('${id.replace(/'/g, "''").replace(/\0/g, "' || chr(0) || '")}', ${start + j})`);
    await engine.run(`INSERT INTO lb_ids VALUES ${values.join(', ')}`);
  }
  await engine.run('CREATE OR REPLACE TEMP TABLE lb_cust AS SELECT cust, code FROM lb_ids ORDER BY hash(code)');
}

describe('customerIds (DuckDB)', () => {
  it('gives every id by code across several texts', async () => {
    // 150,000 ids: three texts (65,536 codes each); an accented id, a blank-free one with spaces inside, a long one.
    const ids = Array.from({ length: 150_000 }, (_, i) => `C${String(i).padStart(7, '0')}`);
    ids[7] = 'Zoë Øster';
    ids[65_536] = 'a b';
    ids[149_999] = 'x'.repeat(300);
    await customers(ids);
    expect(await customerIds(engine)).toEqual(ids);
  });

  it('reads the ids one by one when one holds a NUL', async () => {
    const ids = ['A', 'B\u0000C', 'D'];
    await customers(ids);
    expect(await customerIds(engine)).toEqual(ids);
  });

  it('gives none without customers', async () => {
    await customers([]);
    expect(await customerIds(engine)).toEqual([]);
  });
  it("ranks the ids in JavaScript's string order (DuckDB's sort), accents, case and digits included", async () => {
    const ids = ['b', 'B', 'a10', 'a9', 'Zoë', 'Zoe', 'é', 'e', '\uE000x', ' lead', 'ab', 'a'];
    await customers(ids);
    const got = await customerIds(engine);
    expect(got).toEqual(ids);
    expect(Array.from(idRanks(got)!.rank)).toEqual(jsRanks(ids));
  });

  it('ranks nothing when an id holds a character beyond U+FFFF (DuckDB orders it after U+E000-U+FFFF, JS before)', async () => {
    const ids = ['\uFF21', '\u{1F600}', 'a'];
    await customers(ids);
    const got = await customerIds(engine);
    expect(got).toEqual(ids);
    expect(idRanks(got)).toBeUndefined();
  });
});
