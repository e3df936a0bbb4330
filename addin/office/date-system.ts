/**
 * Dates in the workbook's own date system. The engine and the Plan count dates as 1900-system serials
 * (ingest shifts 1904 inputs); a workbook in the 1904 system (Excel for Mac's old default) shows serial n as
 * the date 1,462 days later than the 1900 system does, so "Last order" 2024-12-31 would read 2028-12-31.
 * The applier therefore writes date-formatted numbers less 1,462 there.
 *
 * Which system the open workbook uses: Office.js has `Workbook.use1904DateSystem` only in the preview API
 * ("ExcelApi BETA (PREVIEW ONLY)"; absent from @types/office-js 1.0.612 and from every released requirement
 * set), so it cannot be relied on. `DATE(1904, 1, 1)` through `workbook.functions` (ExcelApi 1.2, below the
 * 1.7 minimum) answers on every supported host: 0 in the 1904 system, 1462 in the 1900 system. The reader
 * asks the same way.
 */
import { parseA1 } from '../../src/a1.js';
import type { CellRect } from '../../src/a1.js';
import { classifyFormat } from '../../src/ingest/number-format.js';
import { serialToIso } from '../../src/report/number-format.js';
import type { Diagnostic, I18nText } from '../../src/types.js';
import type { Plan, PlanValue, WriteValuesOp } from '../../src/plan/types.js';
import type { XlContext } from './excel-api.js';

/** Days from 1900-system serials to 1904-system serials (1904-01-01 is 1462 in one, 0 in the other). */
export const DAYS_1900_TO_1904 = 1462;

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

/** Queues the date-system probe; the function answers after the next `sync()`. */
export function queueDate1904(ctx: XlContext): () => boolean {
  const r = ctx.workbook.functions.date(1904, 1, 1);
  r.load('value');
  return () => r.value === 0;
}

/** Per sheet (lower-case name), the blocks the Plan gives a date or date-time number format. */
export function dateBlocks(plan: Plan): Map<string, CellRect[]> {
  const out = new Map<string, CellRect[]>();
  for (const op of plan.ops) {
    if (op.op !== 'numberFormat') continue;
    const cls = classifyFormat(op.format).cls;
    if (cls !== 'date' && cls !== 'datetime') continue;
    const rect = parseA1(op.address);
    if (!rect) continue;
    const key = op.sheet.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), rect]);
  }
  return out;
}

function intersect(a: CellRect, b: CellRect): CellRect | null {
  const r0 = Math.max(a.r0, b.r0);
  const c0 = Math.max(a.c0, b.c0);
  const r1 = Math.min(a.r0 + a.rows, b.r0 + b.rows);
  const c1 = Math.min(a.c0 + a.cols, b.c0 + b.cols);
  return r1 > r0 && c1 > c0 ? { r0, c0, rows: r1 - r0, cols: c1 - c0 } : null;
}

/**
 * The values of a `writeValues` op as the 1904 system stores them: numbers in date-formatted cells less
 * 1,462. Dates before 1904-01-01, which that system cannot show, are written as their ISO text and
 * counted in `early`. Returns the op's own array when nothing changes (the Plan is never modified).
 */
export function valuesIn1904(
  op: WriteValuesOp,
  blocks: CellRect[] | undefined,
): { values: PlanValue[][]; early: number } {
  const at = parseA1(op.address);
  if (!blocks || !at) return { values: op.values, early: 0 };
  let values = op.values;
  let early = 0;
  for (const block of blocks) {
    const hit = intersect(at, block);
    if (!hit) continue;
    if (values === op.values) values = op.values.map((row) => row.slice());
    for (let r = hit.r0; r < hit.r0 + hit.rows; r++) {
      const row = values[r - at.r0];
      for (let c = hit.c0; c < hit.c0 + hit.cols; c++) {
        const v = row[c - at.c0];
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        if (v >= DAYS_1900_TO_1904) {
          row[c - at.c0] = v - DAYS_1900_TO_1904;
        } else {
          row[c - at.c0] = { text: serialToIso(v) };
          early++;
        }
      }
    }
  }
  return { values, early };
}

/** The warning for dates the 1904 system cannot show, naming the sheets. */
export function earlyDatesWarning(sheets: Map<string, number>): Diagnostic[] {
  if (sheets.size === 0) return [];
  const list = [...sheets].map(([s, n]) => `${s} (${n})`).join(', ');
  return [
    {
      code: 'apply.date1904Early',
      severity: 'warning',
      message: t(
        `This workbook uses the 1904 date system, which cannot show dates before 1904-01-01; those dates are written as text: ${list}.`,
        `此工作簿使用 1904 日期系统，无法显示 1904-01-01 之前的日期；这些日期已写为文本：${list}。`,
      ),
    },
  ];
}
