/** Plain-text rendering of diagnostics and detected tables for the terminal. */
import type { ColumnType, Dataset } from '../ingest/types.js';
import { zhKind } from '../ingest/diagnostics.js';
import { ZH_ROLES } from '../run/detect.js';
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

/**
 * `warning [Orders!D "Amount", rows 12, 57]: message`; `warning [预算 "预算", cells F7, G7]: …` for unpivoted values;
 * in Chinese `警告【Orders!D“金额”，第 12、57 行】…`.
 */
export function formatDiagnostic(d: Diagnostic, lang: Lang): string {
  const w = d.where;
  let place = '';
  if (w) {
    // The cells name their own columns; one letter would be wrong for cells across several.
    const col = w.columnLetter && !w.cells?.length ? `!${w.columnLetter}` : '';
    if (lang === 'zh-CN') {
      const name = w.column ? `“${w.column}”` : '';
      return `${SEVERITY[lang][d.severity]}【${w.sheet}${col}${name}${placeOfRows(w, lang)}】${d.message[lang]}`;
    }
    const name = w.column ? ` "${w.column}"` : '';
    place = ` [${w.sheet}${col}${name}${placeOfRows(w, lang)}]`;
  }
  return `${SEVERITY[lang][d.severity]}${place}${lang === 'zh-CN' ? '：' : ': '}${d.message[lang]}`;
}

/** Column types in Chinese, for `inspect --lang zh-CN`. */
const ZH_TYPES: Record<ColumnType, string> = {
  integer: '整数',
  number: '数字',
  currency: '金额',
  percent: '百分比',
  date: '日期',
  datetime: '日期时间',
  boolean: '是/否',
  category: '类别',
  text: '文本',
  identifier: '标识',
  empty: '空',
};

/** A dataset's detected kind, types and roles as a small text table. */
export function formatDataset(ds: Dataset, chosen: boolean, lang: Lang): string {
  const zh = lang === 'zh-CN';
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const rows = ds.table.numRows().toLocaleString('en-US');
  let head: string;
  if (zh) {
    const kind = ds.kind ? `${zhKind(ds.kind)}（置信度 ${pct(ds.kindConfidence)}）` : '未识别';
    head = `${ds.sheet}${ds.tableName ? `（表格 ${ds.tableName}）` : ''}：${kind}，${rows} 行${chosen ? '' : '（未使用）'}`;
  } else {
    const kind = ds.kind ? `${ds.kind} (${pct(ds.kindConfidence)})` : 'not recognised';
    head = `${ds.sheet}${ds.tableName ? ` [${ds.tableName}]` : ''}: ${kind}, ${rows} rows${chosen ? '' : ' (not used)'}`;
  }
  const lines = [`\n${head}`];
  const width = Math.max(6, ...ds.columns.map((c) => c.header.length));
  for (const c of ds.columns) {
    const roleName = c.role && (zh ? ZH_ROLES[c.role] : c.role);
    const role = roleName
      ? zh
        ? `${roleName}（${pct(c.roleConfidence)}）`
        : `${roleName} (${pct(c.roleConfidence)})`
      : '—';
    const type = zh ? ZH_TYPES[c.type] : c.type;
    lines.push(
      `  ${c.letter.padEnd(3)} ${c.header.padEnd(width)}  ${type.padEnd(zh ? 6 : 10)} ${role}${c.nulls ? `  ${c.nulls} ${zh ? '个空值' : 'empty'}` : ''}`,
    );
  }
  for (const d of ds.diagnostics) lines.push(`  ${formatDiagnostic(d, lang)}`);
  return `${lines.join('\n')}\n`;
}
