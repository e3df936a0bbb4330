/**
 * besideEachOther (src/source/engine.ts): jobs run on an engine's connection and a second one beside it, results handed
 * on in job order whatever order they finish in. The engines are real DuckDB ones (an in-memory database and a forked
 * connection); the expected orders are written out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { besideEachOther, type SqlEngine } from '../../src/source/engine.js';
import { DuckEngine } from '../../src/source/duckdb/engine.js';

let engine: DuckEngine;
beforeAll(async () => {
  engine = await DuckEngine.create({ threads: 1 });
  await engine.run('CREATE TABLE shared AS SELECT range AS x FROM range(10)');
});
afterAll(() => {
  engine.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('besideEachOther', () => {
  it('runs jobs on two connections and hands their results on in job order', async () => {
    const ran = new Map<number, SqlEngine>();
    const order: number[] = [];
    const prepared: SqlEngine[] = [];
    // Job 0 finishes last: its result must still come first, then 1, 2, 3 in order.
    await besideEachOther(
      engine,
      4,
      async (e, i) => {
        ran.set(i, e);
        await sleep(i === 0 ? 60 : 5);
        const [{ n }] = await e.rows(`SELECT sum(x) + ${i} AS n FROM shared`);
        return Number(n);
      },
      (i, n) => order.push(i, n),
      async (e) => {
        prepared.push(e);
        await e.run('CREATE TEMP VIEW mine AS SELECT 1 AS one');
      },
    );
    expect(order).toEqual([0, 45, 1, 46, 2, 47, 3, 48]);
    // The second connection was readied once and took jobs while the first waited on job 0.
    expect(prepared).toHaveLength(1);
    expect(prepared[0]).not.toBe(engine);
    expect(new Set(ran.values()).size).toBe(2);
    // Its temp view was its own: the first connection does not see it.
    await expect(engine.rows('SELECT one FROM mine')).rejects.toThrow();
  });

  it('stops taking jobs after an error and throws it once both connections are idle', async () => {
    const started: number[] = [];
    const delivered: number[] = [];
    await expect(
      besideEachOther(
        engine,
        6,
        async (_e, i) => {
          started.push(i);
          await sleep(10);
          if (i === 1) throw new Error('job 1 failed');
          return i;
        },
        (i) => delivered.push(i),
        async () => {},
      ),
    ).rejects.toThrow('job 1 failed');
    // Jobs 0 and 1 start together; after job 1 fails, at most the job the other connection took next runs.
    expect(started.length).toBeLessThan(6);
    expect(delivered).toEqual([0]);
  });

  it('runs every job on the engine itself when it cannot fork', async () => {
    // An engine without fork (ClickHouse's): nothing else of it is used here.
    const plain = { name: 'no fork' } as unknown as SqlEngine;
    const seen: SqlEngine[] = [];
    const order: number[] = [];
    await besideEachOther(
      plain,
      3,
      (e, i) => {
        seen.push(e);
        return Promise.resolve(i * 10);
      },
      (_i, v) => order.push(v),
      () => Promise.reject(new Error('not called without a second connection')),
    );
    expect(order).toEqual([0, 10, 20]);
    expect(seen.every((e) => e === plain)).toBe(true);
  });
});
