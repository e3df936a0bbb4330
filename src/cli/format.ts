/** Plain-text rendering of diagnostics and detected tables for the terminal. */
import type { Dataset } from '../ingest/types.js';
import type { Diagnostic, Lang, Where } from '../types.js';

const SEVERITY = {
  en: { error: 'error', warning: 'warning', info: 'note' },
  'zh-CN': { error: '错误', warning: '警告', info: '提示' },
} as const;

/** Where the rows are: `, rows 12, 57 (9 in all)`, or the original cells of unpivoted values `, cells B5, C5`. */
function placeOfRows(w: Where, lang: Lang): string {
  const zh = lang === 'zh-CN';
  // Values Loopbook unpivoted from across the columns: the cells the user sees, not the unpivoted rows.
  const cells = w.cells?.length ? w.cells : null;
  const shown = cells ?? w.rows ?? [];
  if (shown.length === 0) return '';
  const total = w.count ?? shown.length;
  if (zh) {
    const what = cells ? `单元格 ${shown.join('、')}` : `第 ${shown.join('、')} 行`;
    return `，${what}${total > shown.length ? `（共 ${total} ${cells ? '个' : '行'}）` : ''}`;
  }
  const noun = cells ? 'cell' : 'row';
  return `, ${noun}${shown.length > 1 ? 's' : ''} ${shown.join(', ')}${total > shown.length ? ` (${total} in all)` : ''}`;
}

/** `warning [Orders!D "Amount", rows 12, 57]: message`; `warning [预算 "预算", cells F7, G7]: …` for unpivoted values. */
export function formatDiagnostic(d: Diagnostic, lang: Lang): string {
  const w = d.where;
  let place = '';
  if (w) {
    // The cells name their own columns; one letter would be wrong for cells across several.
    const col = w.columnLetter && !w.cells?.length ? `!${w.columnLetter}` : '';
    const name = w.column ? ` "${w.column}"` : '';
    place = ` [${w.sheet}${col}${name}${placeOfRows(w, lang)}]`;
  }
  return `${SEVERITY[lang][d.severity]}${place}: ${d.message[lang]}`;
}

/** A dataset's detected kind, types and roles as a small text table. */
export function formatDataset(ds: Dataset, chosen: boolean, lang: Lang): string {
  const zh = lang === 'zh-CN';
  const kind = ds.kind ? `${ds.kind} (${Math.round(ds.kindConfidence * 100)}%)` : zh ? '未识别' : 'not recognised';
  const lines = [
    `\n${ds.sheet}${ds.tableName ? ` [${ds.tableName}]` : ''}: ${kind}, ${ds.table.numRows().toLocaleString('en-US')} ${zh ? '行' : 'rows'}${chosen ? '' : zh ? '（未使用）' : ' (not used)'}`,
  ];
  const width = Math.max(6, ...ds.columns.map((c) => c.header.length));
  for (const c of ds.columns) {
    const role = c.role ? `${c.role} (${Math.round(c.roleConfidence * 100)}%)` : '—';
    lines.push(
      `  ${c.letter.padEnd(3)} ${c.header.padEnd(width)}  ${c.type.padEnd(10)} ${role}${c.nulls ? `  ${c.nulls} ${zh ? '空值' : 'empty'}` : ''}`,
    );
  }
  for (const d of ds.diagnostics) lines.push(`  ${formatDiagnostic(d, lang)}`);
  return `${lines.join('\n')}\n`;
}
