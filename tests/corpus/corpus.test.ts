/**
 * Every corpus file (tests/corpus/cases.ts: one per known export format, in its documented layout) read as a
 * user's file is read — through the real .csv/.xlsx reader — and ingested. Expected figures come from the
 * generator's own records (plain sums, each documented status meaning written in the generator), never from
 * Loopbook's code.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import { columnValues } from '../../src/ingest/column-values.js';
import { statusClassOf } from '../../src/ingest/status.js';
import type { Dataset, Role } from '../../src/ingest/types.js';
import { readFile } from '../../src/xlsx/read.js';
import { corpusCases } from './cases.js';
import { writeCase } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'loopbook-corpus-'));
const cents = (x: number): number => Math.round(x * 100);

function col(ds: Dataset, role: Role): ArrayLike<unknown> | null {
  const c = ds.columns.find((x) => x.role === role);
  return c ? columnValues(ds, c.name) : null;
}

/**
 * Revenue as the orders analysis counts it (src/analysis/user/orders.ts): paid, won or partially refunded, less the
 * refunded amount column where there is one (Stripe keeps a partial refund `Paid`); a row of an order already seen
 * with a blank amount is a line of that order (Shopify), a row with an amount counts. So an export that repeats an
 * order's amount on each of its rows counts it several times unless ingest keeps it once (a format rule).
 */
function countedRevenue(ds: Dataset): number {
  const amount = col(ds, 'amount')!;
  const status = col(ds, 'status');
  const refunded = col(ds, 'refunded_amount');
  const classify = statusClassOf(ds);
  let total = 0;
  for (let i = 0; i < amount.length; i++) {
    const a = amount[i];
    if (typeof a !== 'number') continue;
    const cls = status ? classify(status[i]) : 'paid';
    const r = refunded?.[i];
    if (cls === 'paid' || cls === 'won' || cls === 'partially_refunded') total += a - (typeof r === 'number' ? r : 0);
  }
  return total;
}

describe.each(corpusCases().map((c) => [c.file, c] as const))('%s', (_file, c) => {
  it(`is read as ${c.format ?? c.expect.kind}, with the roles, rows and money of its documented layout (${c.docs})`, async () => {
    const path = await writeCase(c, dir);
    const read = await readFile(path);
    const grid = c.sheet && path.endsWith('.xlsx') ? read.grids.find((g) => g.sheet === c.sheet)! : read.grids[0];
    const ds = ingestGrid(grid);
    expect(ds.format?.id).toBe(c.format);
    expect(ds.diagnostics.some((d) => d.code === 'format-recognised')).toBe(c.format !== undefined);
    expect(ds.kind).toBe(c.expect.kind);
    const roles = Object.fromEntries(ds.columns.map((x) => [x.header, x.role]));
    expect(roles).toMatchObject(c.expect.roles);
    expect(ds.table.numRows()).toBe(c.expect.rows);
    const left = ds.diagnostics.filter((d) =>
      ['total-rows-excluded', 'subtotal-rows-excluded', 'summary-row-excluded'].includes(d.code),
    );
    expect(left.reduce((n, d) => n + (d.where?.count ?? 0), 0)).toBe(c.expect.excluded.length);
    expect(left.flatMap((d) => d.where?.rows ?? []).sort((a, b) => a - b)).toEqual(c.expect.excluded.slice(0, 5));
    expect(ds.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (c.expect.spend !== undefined) {
      const spend = col(ds, 'spend')!;
      let s = 0;
      for (let i = 0; i < spend.length; i++) if (typeof spend[i] === 'number') s += spend[i] as number;
      expect(cents(s)).toBe(cents(c.expect.spend));
    }
    if (c.expect.revenue !== undefined) {
      if (c.expect.kind === 'orders') expect(cents(countedRevenue(ds))).toBe(cents(c.expect.revenue));
      else {
        const rev = col(ds, 'revenue')!;
        let s = 0;
        for (let i = 0; i < rev.length; i++) if (typeof rev[i] === 'number') s += rev[i] as number;
        expect(cents(s)).toBe(cents(c.expect.revenue));
      }
    }
    for (const [header, total] of Object.entries(c.expect.columnTotals ?? {})) {
      const values = columnValues(ds, ds.columns.find((x) => x.header === header)!.name);
      let s = 0;
      for (let i = 0; i < values.length; i++) if (typeof values[i] === 'number') s += values[i] as number;
      expect(cents(s)).toBe(cents(total));
    }
    if (c.expect.budget !== undefined) {
      const budget = col(ds, 'amount')!;
      let s = 0;
      for (let i = 0; i < budget.length; i++) if (typeof budget[i] === 'number') s += budget[i] as number;
      expect(cents(s)).toBe(cents(c.expect.budget));
    }
    if (c.expect.unpivot) {
      expect(ds.unpivot?.headerRange).toBe(c.expect.unpivot.headerRange);
      expect([...new Set(Array.from(col(ds, 'period')!))]).toEqual(c.expect.unpivot.periods);
    }
    if (c.expect.ambiguous) {
      expect(
        ds.ambiguous?.map((a) => ({ role: a.role, candidates: a.candidates.map((x) => `${x.header} (${x.letter})`) })),
      ).toEqual(c.expect.ambiguous);
      const warning = ds.diagnostics.find((d) => d.code === 'money-column-ambiguous')!;
      for (const name of c.expect.ambiguous[0].candidates) expect(warning.message.en).toContain(name.split(' ')[0]);
    } else expect(ds.ambiguous).toBeUndefined();
    if (c.expect.warnings) {
      expect(ds.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code)).toEqual(c.expect.warnings);
    }
    if (c.expect.customers !== undefined) {
      const ids = col(ds, 'customer_id')!;
      expect(new Set(Array.from(ids)).size).toBe(c.expect.customers);
    }
  });
});
