/**
 * "Use selection" checks, apart from React and Office: a selection that starts below a detected table's header
 * row, one that is only part of a detected table, and one whose first row holds values rather than column names
 * each stop with a message that offers the fix (the whole table, the header row), instead of replacing the
 * table without a word.
 */
import { formatA1, parseA1, type CellRect } from '../../src/a1.js';
import type { CellValue, I18nText } from '../../src/types.js';
import type { SourceView } from '../worker/protocol.js';

/** Where a selection is: its sheet and A1 address. */
interface Place {
  sheet: string;
  address: string;
}

/** One way out the message offers: use a detected table, or read another range as the selection. */
export type SelectionFix =
  | { label: I18nText; use: 'table'; sourceId: string }
  | { label: I18nText; use: 'range'; sheet: string; address: string };

export interface SelectionProblem {
  code: 'pane.selection-no-header' | 'pane.selection-partial' | 'pane.selection-values-header';
  text: I18nText;
  /** The recommended fix first. */
  fixes: SelectionFix[];
}

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });
const n = (x: number, lang: 'en' | 'zh-CN'): string => x.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');

function intersects(a: CellRect, b: CellRect): boolean {
  return a.r0 < b.r0 + b.rows && b.r0 < a.r0 + a.rows && a.c0 < b.c0 + b.cols && b.c0 < a.c0 + a.cols;
}

function contains(outer: CellRect, inner: CellRect): boolean {
  return (
    inner.r0 >= outer.r0 &&
    inner.c0 >= outer.c0 &&
    inner.r0 + inner.rows <= outer.r0 + outer.rows &&
    inner.c0 + inner.cols <= outer.c0 + outer.cols
  );
}

const wholeTable = (v: SourceView): SelectionFix => ({
  use: 'table',
  sourceId: v.id,
  label: t(`Use the whole table ${v.sheet}!${v.address}`, `使用整张表 ${v.sheet}!${v.address}`),
});

/** A selection inside a table Loopbook found: below its header row, or only part of it. */
function againstTable(sel: Place, r: CellRect, v: SourceView, tr: CellRect): SelectionProblem | null {
  const at = `${sel.sheet}!${sel.address}`;
  const table = `${v.sheet}!${v.address}`;
  const headerRow = tr.r0 + 1;
  if (r.r0 > tr.r0) {
    const fixes = [wholeTable(v)];
    // Directly below the header: the header row and the selection make one block.
    if (r.r0 === tr.r0 + 1) {
      const address = formatA1({ ...r, r0: tr.r0, rows: r.rows + 1 });
      fixes.push({
        use: 'range',
        sheet: sel.sheet,
        address,
        label: t(`Add the header row: use ${address}`, `加上标题行，使用 ${address}`),
      });
    }
    return {
      code: 'pane.selection-no-header',
      text: t(
        `The selection ${at} starts below the header row (row ${headerRow}) of the table ${table}, so its first row of data would be read as column names. Nothing was changed.`,
        `所选区域 ${at} 从表 ${table} 的标题行（第 ${headerRow} 行）下方开始，第一行数据会被当作列名。未做任何更改。`,
      ),
      fixes,
    };
  }
  if (contains(tr, r) && (r.rows < tr.rows || r.cols < tr.cols)) {
    return {
      code: 'pane.selection-partial',
      text: {
        en: `The selection ${at} is only part of the table ${table} (${n(r.rows - 1, 'en')} of ${n(tr.rows - 1, 'en')} data rows, ${r.cols} of ${tr.cols} columns); using it would leave the rest out. Nothing was changed.`,
        'zh-CN': `所选区域 ${at} 只是表 ${table} 的一部分（${n(tr.rows - 1, 'zh-CN')} 行数据中的 ${n(r.rows - 1, 'zh-CN')} 行，${tr.cols} 列中的 ${r.cols} 列）；使用它会漏掉其余数据。未做任何更改。`,
      },
      fixes: [
        wholeTable(v),
        {
          use: 'range',
          sheet: sel.sheet,
          address: sel.address,
          label: t(`Use only ${sel.address}`, `仅使用 ${sel.address}`),
        },
      ],
    };
  }
  return null;
}

/** True when a header cell holds a value (a number, true/false): column names are text. */
const isValue = (v: CellValue): boolean => typeof v === 'number' || typeof v === 'boolean';

/**
 * The problem with using `sel` as a source, or null when there is none.
 * `sources`: the tables the pane found (earlier selections are not compared with); `firstRow`: the selection's
 * first row as read, when read.
 * @example a selection Orders!A10:H50 of the table Orders!A1:H45448 → pane.selection-no-header, offering the whole table.
 */
export function checkSelection(
  sel: Place,
  sources: readonly SourceView[],
  firstRow: readonly CellValue[] | null,
): SelectionProblem | null {
  const r = parseA1(sel.address);
  if (!r) return null;
  for (const v of sources) {
    if (v.sheet !== sel.sheet || v.id.startsWith('selection:')) continue;
    const tr = parseA1(v.address);
    if (!tr || !intersects(r, tr)) continue;
    if (tr.r0 === r.r0 && tr.c0 === r.c0 && tr.rows === r.rows && tr.cols === r.cols) return null;
    const problem = againstTable(sel, r, v, tr);
    if (problem) return problem;
  }
  const values = (firstRow ?? []).filter(isValue);
  if (values.length === 0) return null;
  const at = `${sel.sheet}!${sel.address}`;
  const shown = values.slice(0, 3).map(String);
  const fixes: SelectionFix[] = [];
  if (r.r0 > 0) {
    const address = formatA1({ ...r, r0: r.r0 - 1, rows: r.rows + 1 });
    fixes.push({
      use: 'range',
      sheet: sel.sheet,
      address,
      label: t(`Use row ${r.r0} as the header: ${address}`, `以第 ${r.r0} 行为标题行，使用 ${address}`),
    });
  }
  fixes.push({
    use: 'range',
    sheet: sel.sheet,
    address: sel.address,
    label: t('Use it as it is', '仍按原样使用'),
  });
  return {
    code: 'pane.selection-values-header',
    text: t(
      `The first row of the selection ${at} holds values (${shown.join(', ')}), not column names: select the table with its header row. Nothing was changed.`,
      `所选区域 ${at} 的第一行是数值（${shown.join('、')}），不是列名：请连同标题行一起选中。未做任何更改。`,
    ),
    fixes,
  };
}
