/**
 * What a run read, said once for both hosts: the "Sources" line of every result sheet and the `inputs` of
 * the run log entry come from the same description, so a workbook analysed in the pane and one analysed
 * by the command line hold the same cells (apart from the run's time and host).
 */
import type { Dataset } from '../ingest/types.js';
import type { Lang } from '../types.js';
import { STORE_SHEET } from './store.js';
import type { RunInput, RunLog } from './types.js';

/** One input of a run, as read by its host. */
export interface InputRead {
  /** The recipe source's id, e.g. `orders`. */
  source: string;
  /** The ingested table (its sheet, table name and row count are what is described). */
  dataset: Pick<Dataset, 'sheet' | 'tableName'> & { table: { numRows(): number } };
  /** The A1 range the cells were read from (`A1:F20001`), when known. */
  range?: string;
  /** `hashCells` of the cells read. */
  hash: string;
}

/**
 * The run log's `inputs` for a run.
 * @example runInputs([{ source: 'orders', dataset: orders, range: 'A1:F20001', hash: 'ab12…' }])
 *   // [{ source: 'orders', sheet: 'Orders', range: 'A1:F20001', rows: 20000, hash: 'ab12…' }]
 */
export function runInputs(read: readonly InputRead[]): RunInput[] {
  return read.map((r) => ({
    source: r.source,
    sheet: r.dataset.sheet,
    ...(r.range ? { range: r.range } : {}),
    rows: r.dataset.table.numRows(),
    hash: r.hash,
  }));
}

/**
 * The sources as the result sheets name them, one entry per input, in the Report's language.
 * @example sourceLines([{ source: 'spend', dataset: spend, hash: '…' }], 'en') // ['Platform spend (299 rows)']
 */
export function sourceLines(read: readonly InputRead[], lang: Lang): string[] {
  return read.map((r) => {
    const d = r.dataset;
    const rows = d.table.numRows().toLocaleString('en-US');
    if (lang === 'zh-CN') return `${d.sheet}（${d.tableName ? `表格 ${d.tableName}，` : ''}${rows} 行）`;
    return `${d.sheet}${d.tableName ? ` [${d.tableName}]` : ''} (${rows} rows)`;
  });
}

/**
 * Sheets that are never read as inputs: the store sheet and every sheet the last run wrote (Loopbook's
 * own results; a re-run must read exactly what the run before it read, never its own output).
 */
export function notInputSheets(log: RunLog | null | undefined): string[] {
  const last = log?.runs.at(-1);
  return [STORE_SHEET, ...(last ? last.sheets.filter((s) => s !== STORE_SHEET) : [])];
}
