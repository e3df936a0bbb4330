/**
 * Order-level amounts repeated on every line-item row (抖店 writes one row per 子订单 and the 订单应付金额 of the
 * whole order on each): a known format names such columns (ExportFormat.orderLevel). Each order keeps its amount
 * on its first row; the copies on its other rows are left blank, so the order counts once (the analyses read a
 * follow-on row of a known order with a blank amount as a line of that order, as in Shopify's export). An order
 * whose rows disagree is left as it is and reported: those are not copies.
 */
import type { Diagnostic } from '../types.js';
import type { ColumnData } from './convert-column.js';
import { plainColumn, type CodedTexts } from './coded-texts.js';
import { ingestDiagnostic, RowCollector } from './diagnostics.js';
import type { ColumnInfo } from './types.js';

/**
 * Blank the repeated copies of each order-level column `cols` (indexes into `columns`) after the order's first row;
 * `data` is changed in place. Returns what was done, for the user.
 *
 * @example 主订单编号 [A, A, B], 订单应付金额 [30, 30, 9] → [30, null, 9], one info naming 1 row of 1 order.
 */
export function countOncePerOrder(
  sheet: string,
  columns: ColumnInfo[],
  data: Map<string, ColumnData | CodedTexts>,
  cols: readonly number[],
  rowNumbers: readonly number[],
  formatName: string,
): Diagnostic[] {
  const orderCol = columns.find((c) => c.role === 'order_id');
  if (!orderCol || cols.length === 0) return [];
  const keys = plainColumn(data.get(orderCol.name)!);
  const out: Diagnostic[] = [];
  for (const j of cols) {
    const info = columns[j];
    const values = Array.from(plainColumn(data.get(info.name)!) as ArrayLike<number | null>);
    const first = new Map<string, number>();
    const repeats: number[] = [];
    const differ = new RowCollector();
    const orders = new Set<string>();
    for (let i = 0; i < values.length; i++) {
      const k = keys[i];
      if (k === null || k === undefined || k === '') continue;
      const key = String(k);
      const f = first.get(key);
      if (f === undefined) first.set(key, i);
      else if (values[i] !== null && values[f] !== null && Math.abs(values[i]! - values[f]) > 0.005) {
        differ.add(rowNumbers[i], key);
      } else if (values[i] !== null) {
        repeats.push(i);
        orders.add(key);
      }
    }
    if (differ.count > 0) {
      out.push(
        ingestDiagnostic(
          'order-amount-differs',
          { sheet, column: info.name, columnLetter: info.letter, rows: differ.rows, count: differ.count },
          { examples: differ.examples, other: orderCol.name },
        ),
      );
      continue;
    }
    if (repeats.length === 0) continue;
    for (const i of repeats) values[i] = null;
    data.set(info.name, values);
    info.nulls += repeats.length;
    out.push(
      ingestDiagnostic(
        'order-amount-once',
        {
          sheet,
          column: info.name,
          columnLetter: info.letter,
          rows: repeats.slice(0, 5).map((i) => rowNumbers[i]),
          count: repeats.length,
        },
        { other: orderCol.name, value: formatName, n: orders.size },
      ),
    );
  }
  return out;
}
