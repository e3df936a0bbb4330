// Ids as people type them into exports: a customer id with a space before or after it, an order id left as white
// space. The in-memory path trims every text cell and reads a blank one as missing (src/ingest), so ` C1` and `C1`
// are one customer and a white-space order id is no order id. A `duckdb:` source must read the same rows the same
// way: before the fix the pushed-down RFM counted 5 customers where the in-memory path counted 3 (found by the
// ClickHouse loop work). The expected counts below are by hand from the rows; the in-memory run's whole `--json`
// is the reference for everything else.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { differences } from './differences.js';
import { sink } from '../cli/sink.js';

const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-padded-ids-'));

// 3 customers (C1, C2, C3) written 5 ways; C3's two rows carry white-space order ids (no id: two orders), C2's two
// rows of order B7 (one written `B7 `) are one order.
const ROWS = [
  ['customer_id', 'order_id', 'order_date', 'amount', 'channel'],
  ['C1', 'A1', '2024-01-05', '120.00', 'Search'],
  [' C1', 'A2', '2024-03-09', '80.50', 'Search'],
  ['C1', 'A3', '2024-06-20', '45.25', 'Email'],
  ['C2', 'B7', '2024-02-11', '60.00', 'Social'],
  ['C2 ', 'B7 ', '2024-02-11', '15.00', 'Social'],
  ['C2', 'B9', '2024-05-30', '200.00', 'Social'],
  ['C3', '  ', '2024-04-01', '33.00', 'Email'],
  ['C3', ' ', '2024-07-15', '41.00', 'Email'],
  ['  ', 'Z1', '2024-07-16', '10.00', 'Email'],
];

interface Summary {
  analyses: Record<string, { figures: Record<string, unknown> }>;
}

async function analyze(name: string, input: string[]): Promise<{ code: number; err: string; summary: Summary }> {
  const json = path.join(dir, `${name}.json`);
  const stdout = sink(),
    stderr = sink();
  const code = await main(
    ['analyze', ...input, '--as-of', '2024-12-31', '--out', path.join(dir, `${name}.xlsx`), '--json', json],
    { stdout: stdout.stream, stderr: stderr.stream },
  );
  const summary = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Summary) : ({} as Summary);
  return { code, err: stderr.text(), summary };
}

let memory: Awaited<ReturnType<typeof analyze>>, duck: Awaited<ReturnType<typeof analyze>>;

beforeAll(async () => {
  const csv = path.join(dir, 'orders.csv');
  writeFileSync(csv, `${ROWS.map((r) => r.join(',')).join('\n')}\n`);
  memory = await analyze('memory', [csv]);
  duck = await analyze('duckdb', ['--source', `duckdb:${csv}`]);
}, 120_000);

describe('padded ids on a duckdb: source read as the in-memory path reads them', () => {
  it('RFM: 3 customers and 7 orders (by hand: C1 3 orders, C2 B7 and B9, C3 two orders without an id)', () => {
    expect(memory.code, memory.err).toBe(0);
    expect(duck.code, duck.err).toBe(0);
    for (const run of [memory, duck]) {
      expect(run.summary.analyses.rfm.figures.customers).toBe(3);
      expect(run.summary.analyses.rfm.figures.orders).toBe(7);
    }
  });

  it('every analysis both paths ran gives the same figures and tables', () => {
    const kinds = Object.keys(memory.summary.analyses).filter((k) => k in duck.summary.analyses);
    expect(kinds).toContain('rfm');
    for (const kind of kinds)
      expect(differences(memory.summary.analyses[kind], duck.summary.analyses[kind]), kind).toEqual([]);
  });
});
