/**
 * Workbooks for the applier tests: a user's workbook with a formula, an Excel table, a chart, a pivot
 * table, defined names and a sheet of their own named "Dashboard" — all built with excelize-wasm.
 */
import { excelize } from '../../src/xlsx/apply.js';
import { buildReport } from '../../src/report/build-report.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import type { Plan } from '../../src/plan/types.js';
import { emptyRunLog } from '../../src/recipe/store.js';
import type { RunLog } from '../../src/recipe/types.js';
import type { AnalysisResult } from '../../src/analysis/types.js';
import { channelResult, context, rfmResult } from '../report/fixtures.js';

function ok(r: { error: string | null | undefined }, what: string): void {
  if (r.error) throw new Error(`${what}: ${r.error}`);
}

export async function userWorkbook(): Promise<Uint8Array> {
  const ex = await excelize();
  const f = ex.NewFile();
  ok(f.SetSheetName('Sheet1', 'Data'), 'rename');
  ok(f.SetSheetRow('Data', 'A1', ['Channel', 'Spend', 'Revenue', 'ROAS']), 'header');
  const channels = ['Search', 'Social', 'Community', 'Email', 'Content'];
  for (let i = 0; i < 10; i++) {
    ok(f.SetSheetRow('Data', `A${i + 2}`, [channels[i % 5], 100 + i * 10, 300 + i * 25]), 'row');
    ok(f.SetCellFormula('Data', `D${i + 2}`, `C${i + 2}/B${i + 2}`), 'formula');
  }
  ok(f.AddTable('Data', { Range: 'A1:D11', Name: 'UserTable', StyleName: 'TableStyleLight9' }), 'table');
  ok(
    f.AddChart('Data', 'F2', {
      Type: ex.Col,
      Series: [{ Name: 'Data!$B$1', Categories: 'Data!$A$2:$A$11', Values: 'Data!$B$2:$B$11' }],
      Title: { Paragraph: [{ Text: 'User chart' }] },
    }),
    'chart',
  );
  ok(f.NewSheet('Pivot'), 'pivot sheet');
  ok(
    f.AddPivotTable({
      DataRange: 'Data!A1:C11',
      PivotTableRange: 'Pivot!A1:C8',
      Name: 'UserPivot',
      Rows: [{ Data: 'Channel' }],
      Data: [{ Data: 'Spend', Subtotal: 'Sum', Name: 'Sum of Spend' }],
      RowGrandTotals: true,
      ColGrandTotals: true,
    }),
    'pivot',
  );
  ok(f.SetDefinedName({ Name: 'SpendRange', RefersTo: 'Data!$B$2:$B$11' }), 'name');
  ok(f.SetDefinedName({ Name: 'TaxRate', RefersTo: '0.06' }), 'name 2');
  // A sheet big enough (> 32 KB of XML) to be set aside while excelize works, with a formula into
  // Loopbook's own Dashboard: it must come through byte for byte.
  ok(f.NewSheet('Big'), 'big');
  for (let i = 1; i <= 800; i++) ok(f.SetSheetRow('Big', `A${i}`, [i, `row ${i}`, i * 0.5]), 'big row');
  ok(f.SetCellFormula('Big', 'D1', "'Dashboard (2)'!A1"), 'formula into ours');
  ok(f.NewSheet('Dashboard'), 'user dashboard');
  ok(f.SetCellStr('Dashboard', 'A1', 'mine'), 'mine');
  const w = f.WriteToBuffer();
  ok(w, 'write');
  return new Uint8Array(w.buffer as ArrayBuffer);
}

export const RUN = { at: '2025-01-01T00:00:00.000Z', host: 'cli' as const, loopbook: '0.1.0', inputs: [] };

export function planFor(
  existing: string[],
  owned: string[],
  log: RunLog = emptyRunLog(),
  results: AnalysisResult[] = [channelResult(), rfmResult()],
  lang: 'en' | 'zh-CN' = 'en',
): Plan {
  const report = buildReport(results, context(lang));
  return buildPlan(report, {
    existingSheetNames: existing,
    ownedSheets: owned,
    store: { recipe: null, log, run: RUN },
  });
}
