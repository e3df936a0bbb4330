/**
 * The `_loopbook` store sheet: recipe and run log as JSON, split across cells of column A.
 *
 * Cell layout (column A, one value per row, all text):
 *   A1 `loopbook-store`   marker
 *   A2 `1`                store format version
 *   A3 `<n>`              number of JSON chunks that follow
 *   A4 … A(3+n)           the JSON of `{ recipe, log }`, in chunks of ≤ 30,000 characters
 *                         (Excel holds at most 32,767 characters per cell)
 * The add-in and the command line both read and write exactly this layout.
 */
import type { CellValue, Diagnostic } from '../types.js';
import { parseRecipe } from './parse-recipe.js';
import { RUN_LOG_VERSION, RunLogSchema } from './types.js';
import type { RunEntry, RunLog, Store } from './types.js';

export const STORE_SHEET = '_loopbook';
export const STORE_MARKER = 'loopbook-store';
export const STORE_FORMAT = 1;
/** Characters per cell; Excel's limit is 32,767. */
export const CHUNK_CHARS = 30_000;
/** Runs kept in the log. */
export const MAX_RUNS = 20;

export function emptyRunLog(): RunLog {
  return { version: RUN_LOG_VERSION, runs: [] };
}

/** The log with `run` appended, keeping the last `MAX_RUNS`. */
export function appendRun(log: RunLog, run: RunEntry): RunLog {
  return { version: RUN_LOG_VERSION, runs: [...log.runs, run].slice(-MAX_RUNS) };
}

/** Sheets Loopbook owns: those the last run wrote (empty when there was none). */
export function ownedSheets(log: RunLog): string[] {
  const last = log.runs.at(-1);
  return last ? [...last.sheets] : [];
}

/** Split a string into chunks of at most `size` UTF-16 code units, never splitting a surrogate pair. */
export function splitChunks(s: string, size: number = CHUNK_CHARS): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    let end = Math.min(i + size, s.length);
    const last = s.charCodeAt(end - 1);
    if (end < s.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    out.push(s.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * The store as column-A cell texts (see the layout above).
 * @example storeToCells({ recipe: null, log: emptyRunLog() }).slice(0, 3) // ['loopbook-store', '1', '1']
 */
export function storeToCells(store: Store): string[] {
  const json = JSON.stringify({ recipe: store.recipe, log: store.log });
  const chunks = splitChunks(json);
  return [STORE_MARKER, String(STORE_FORMAT), String(chunks.length), ...chunks];
}

const msg = (en: string, zh: string) => ({ en, 'zh-CN': zh });

function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

/**
 * Read the store back from the `_loopbook` sheet's cells (a column of values, or a 2-D grid whose first
 * column is used). Never throws: a damaged store gives `store: null` and an error diagnostic; a recipe that
 * fails validation gives `recipe: null` with the recipe's diagnostics and keeps the run log.
 */
export function storeFromCells(cells: readonly CellValue[] | readonly (readonly CellValue[])[]): {
  store: Store | null;
  diagnostics: Diagnostic[];
} {
  const col = cells.map((c) => cellText(Array.isArray(c) ? (c as readonly CellValue[])[0] : (c as CellValue)));
  const where = { sheet: STORE_SHEET };
  const fail = (en: string, zh: string) => ({
    store: null,
    diagnostics: [{ code: 'store.damaged', severity: 'error' as const, message: msg(en, zh), where }],
  });
  if (col[0] !== STORE_MARKER)
    return fail(
      'The _loopbook sheet is not a Loopbook store (cell A1).',
      '_loopbook 工作表不是 Loopbook 存储（A1 单元格）。',
    );
  const format = Number(col[1]);
  if (format !== STORE_FORMAT)
    return fail(
      `Store format ${col[1]} is not supported (expected ${STORE_FORMAT}).`,
      `不支持存储格式 ${col[1]}（应为 ${STORE_FORMAT}）。`,
    );
  const n = Number(col[2]);
  if (!Number.isInteger(n) || n < 0 || col.length < 3 + n)
    return fail('The _loopbook sheet is incomplete (chunk count in A3).', '_loopbook 工作表不完整（A3 中的分块数）。');
  let parsed: unknown;
  try {
    parsed = JSON.parse(col.slice(3, 3 + n).join(''));
  } catch {
    return fail('The _loopbook sheet holds damaged JSON.', '_loopbook 工作表中的 JSON 已损坏。');
  }
  const obj = (parsed ?? {}) as { recipe?: unknown; log?: unknown };
  const diagnostics: Diagnostic[] = [];
  const logResult = RunLogSchema.safeParse(obj.log);
  let log = emptyRunLog();
  if (logResult.success) log = logResult.data;
  else
    diagnostics.push({
      code: 'store.runLog',
      severity: 'warning',
      message: msg(
        'The run log in _loopbook is damaged; it starts afresh.',
        '_loopbook 中的运行日志已损坏，将重新开始记录。',
      ),
      where,
    });
  let recipe = null;
  if (obj.recipe !== null && obj.recipe !== undefined) {
    const r = parseRecipe(obj.recipe);
    recipe = r.recipe;
    diagnostics.push(...r.diagnostics);
  }
  return { store: { recipe, log }, diagnostics };
}
