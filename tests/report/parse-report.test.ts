import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/report/build-report.js';
import { ReportSchema, type Report, type ReportValue } from '../../src/report/types.js';

/** A report with one table of `n` rows of (id, amount); `bad` replaces row 1,500's amount. */
function report(n: number, bad?: unknown): Report {
  const rows: ReportValue[][] = Array.from({ length: n }, (_, i) => [`C${i}`, i * 1.5]);
  if (bad !== undefined) rows[1500][1] = bad as ReportValue;
  return {
    lang: 'en',
    asOf: 45000,
    title: 'Report',
    sheets: [
      {
        key: 'facts',
        name: 'Facts',
        role: 'result',
        blocks: [
          {
            type: 'table',
            key: 'facts.table',
            columns: [
              { key: 'id', header: 'Customer', kind: 'text', numberFormat: '@' },
              { key: 'amount', header: 'Amount', kind: 'currency', numberFormat: '#,##0.00' },
            ],
            rows,
            style: 'TableStyleLight9',
            freezeHeader: true,
            conditionalFormats: [],
          },
        ],
      },
    ],
  };
}

describe('parseReport', () => {
  it('gives what ReportSchema.parse gives for a table past the schema-checked size, keeping its rows', () => {
    const r = report(5000);
    const parsed = parseReport(r);
    // Expected: the schema's own parse of the same report.
    expect(parsed).toEqual(ReportSchema.parse(r));
    const block = parsed.sheets[0].blocks[0];
    expect(block.type === 'table' && block.rows).toBe((r.sheets[0].blocks[0] as { rows: unknown }).rows);
  });

  it('refuses what the schema refuses in a large table, with the schema error', () => {
    // The schema's numbers are finite, its values never objects, and its rows one value per column.
    const cases = [report(5000, Number.NaN), report(5000, Number.POSITIVE_INFINITY), report(5000, { text: 'x' })];
    const narrow = report(5000);
    (narrow.sheets[0].blocks[0] as { rows: unknown[][] }).rows[1500] = ['C1500'];
    for (const r of [...cases, narrow]) {
      expect(() => ReportSchema.parse(r)).toThrow();
      expect(() => parseReport(r)).toThrow();
    }
  });
});
