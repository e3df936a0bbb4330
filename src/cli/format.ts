/** Plain-text rendering of diagnostics and detected tables for the terminal. */
import type { Dataset } from '../ingest/types.js';
import type { Diagnostic, Lang } from '../types.js';

const SEVERITY = {
  en: { error: 'error', warning: 'warning', info: 'note' },
  'zh-CN': { error: '错误', warning: '警告', info: '提示' },
} as const;

/** `warning [Orders!D, rows 12, 57]: message` */
export function formatDiagnostic(d: Diagnostic, lang: Lang): string {
  const w = d.where;
  let place = '';
  if (w) {
    const col = w.columnLetter ? `!${w.columnLetter}` : '';
    const name = w.column ? ` "${w.column}"` : '';
    const rows = w.rows?.length
      ? lang === 'zh-CN'
        ? `，第 ${w.rows.join('、')} 行${w.count && w.count > w.rows.length ? `（共 ${w.count} 行）` : ''}`
        : `, row${w.rows.length > 1 ? 's' : ''} ${w.rows.join(', ')}${w.count && w.count > w.rows.length ? ` (${w.count} in all)` : ''}`
      : '';
    place = ` [${w.sheet}${col}${name}${rows}]`;
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
