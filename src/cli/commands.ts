/**
 * What each `loopbook` command does: read → ingest → (detect) → analyse → report → plan → apply.
 */
import { readFile as readBytes, writeFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { readFile, type ReadResult } from '../xlsx/read.js';
import { applyPlanToXlsx, prepareExcelize } from '../xlsx/apply.js';
import { ingestGrid } from '../ingest/index.js';
import { gridRowCount } from '../ingest/grid-columns.js';
import type { Dataset } from '../ingest/types.js';
import type { AnalysisInputs, CommonOptions } from '../analysis/registry-types.js';
import type { AnalysisResult } from '../analysis/types.js';
import { detectRecipe, pickInputs } from '../run/detect.js';
import { datasetForSource, latestDate, runAnalyses } from '../run/run.js';
import { understood } from '../run/decisions.js';
import { dataCurrency } from '../run/currency.js';
import { buildSummary, type SummaryInput } from '../run/summary.js';
import { buildReport } from '../report/build-report.js';
import { buildPlan } from '../plan/build-plan.js';
import { fullTableOf } from '../analysis/common/index.js';
import {
  noteWrittenFiles,
  parseFullTableFormats,
  startFullTables,
  type FullTableFormat,
  type FullTablesUnderWay,
} from './full-tables.js';
import { hashGridAside } from './hash-worker.js';
import { endAside, prestartAside, startAside, useAsides, workerAsides } from './aside.js';
import {
  parseRecipe,
  storeFromCells,
  emptyRunLog,
  ownedSheets,
  hashCells,
  hashGrid,
  runInputs,
  sourceLines,
  STORE_SHEET,
} from '../recipe/index.js';
import type { InputRead, Recipe, RunLog, Store } from '../recipe/index.js';
import type { CellGrid, Diagnostic, Lang } from '../types.js';
import { LOOPBOOK_VERSION } from '../version.js';
import { isoToSerial } from '../serial-date.js';
import type { AnalyzeFlags, RefreshFlags } from './main.js';
import type { Reporter } from './progress.js';
import { formatDiagnostic, formatDataset } from './format.js';
import { SourceError, SourceSpecError, preparePushdown, type EngineSource } from '../source/index.js';
import { openRunSources, type OpenedEngine } from './engine-sources.js';

/** Wrong use of the command (exit code 2). */
export class UsageError extends Error {}

interface Loaded {
  /** The first .xlsx: it receives the results. */
  workbook: { file: string; read: ReadResult } | null;
  grids: CellGrid[];
  diagnostics: Diagnostic[];
  store: Store | null;
  /** CSV files longer than a sheet (not read here): `analyze` reads them through DuckDB. */
  tooLong: string[];
}

async function load(files: string[], reporter: Reporter, opts: { tooLong?: boolean } = {}): Promise<Loaded> {
  const loaded: Loaded = { workbook: null, grids: [], diagnostics: [], store: null, tooLong: [] };
  for (const file of files) {
    reporter.phase(reporter.lang === 'zh-CN' ? `读取 ${path.basename(file)}` : `Reading ${path.basename(file)}`);
    // Loopbook's own result sheets (listed in the run log) are never inputs: a re-run reads what the first read.
    const read = await readFile(file, { skipLoopbookSheets: true });
    reporter.end();
    if (
      opts.tooLong &&
      read.kind === 'csv' &&
      read.grids.length === 0 &&
      read.diagnostics.some((d) => d.code === 'read.limit_rows')
    ) {
      loaded.tooLong.push(file);
      continue;
    }
    loaded.diagnostics.push(...read.diagnostics);
    loaded.grids.push(...read.grids);
    if (read.kind === 'xlsx' && !loaded.workbook) {
      loaded.workbook = { file, read };
      if (read.loopbook) {
        const { store, diagnostics } = storeFromCells(read.loopbook.values);
        loaded.store = store;
        loaded.diagnostics.push(...diagnostics);
      }
    }
  }
  return loaded;
}

/** The year `--period-year` gives a sheet's year-less period headers: its own (`Budget=2024`), else every sheet's. */
type PeriodYears = (sheet: string) => number | undefined;

/**
 * Reads the `--period-year` values (`2024`, `Budget=2024`; sheet names ignoring case).
 * @example periodYears(['2023', 'Budget=2024'])('budget') // → 2024
 */
export function periodYears(values: readonly string[] = []): PeriodYears {
  let all: number | undefined;
  const bySheet = new Map<string, number>();
  for (const v of values) {
    const m = /^(?:(.+)=)?\s*(\d{4})\s*$/.exec(v);
    const year = m ? Number(m[2]) : NaN;
    if (!m || year < 1900)
      throw new UsageError(`--period-year must be a year such as 2024, or Sheet=2024 for one sheet, not "${v}".`);
    if (m[1] === undefined) all = year;
    else bySheet.set(m[1].trim().toLowerCase(), year);
  }
  return (sheet) => bySheet.get(sheet.toLowerCase()) ?? all;
}

/**
 * The recipe with `--period-year` set on the sources of wide sheets (those Loopbook unpivoted), where the command
 * line wins over the recipe as `--currency` does, and saved with the source so a refresh reads the months alike.
 */
function withPeriodYears(recipe: Recipe, datasets: readonly Dataset[], yearOf: PeriodYears): Recipe {
  const wide = new Set(datasets.filter((d) => d.unpivot).map((d) => d.sheet.toLowerCase()));
  return {
    ...recipe,
    sources: recipe.sources.map((s) => {
      const year = yearOf(s.sheet);
      return year !== undefined && wide.has(s.sheet.toLowerCase()) ? { ...s, periodYear: year } : s;
    }),
  };
}

function ingestAll(grids: CellGrid[], reporter: Reporter, yearOf: PeriodYears = () => undefined): Dataset[] {
  reporter.phase(reporter.lang === 'zh-CN' ? '识别表格与列' : 'Reading tables and columns', grids.length);
  const datasets = grids.map((g, i) => {
    const year = yearOf(g.sheet);
    const ds = ingestGrid(g, year === undefined ? {} : { periodYear: year });
    reporter.tick(i + 1);
    return ds;
  });
  reporter.end();
  return datasets;
}

const hasErrors = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === 'error');

function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  reporter: Reporter,
  min: 'warning' | 'info' = 'warning',
): void {
  for (const d of diagnostics) {
    if (min === 'warning' && d.severity === 'info') continue;
    reporter.info(formatDiagnostic(d, reporter.lang));
  }
}

/**
 * Inputs for a recipe: each source matched to an ingested dataset by sheet (and table) name, read as the source's
 * format with its roles and statuses (`grids[i]` holds the cells `datasets[i]` came from).
 */
function inputsFromRecipe(
  recipe: Recipe,
  datasets: Dataset[],
  grids: readonly CellGrid[],
  diagnostics: Diagnostic[],
): AnalysisInputs {
  const inputs: AnalysisInputs = {};
  for (const source of recipe.sources) {
    const at = datasets.findIndex(
      (d) => d.sheet.toLowerCase() === source.sheet.toLowerCase() && (!source.table || d.tableName === source.table),
    );
    const ds = at < 0 ? undefined : datasets[at];
    if (!ds) {
      diagnostics.push({
        code: 'run.source-missing',
        severity: 'error',
        message: {
          en: `The recipe reads ${source.kind} from sheet "${source.sheet}", which is not in the inputs any more.`,
          'zh-CN': `配置要从工作表“${source.sheet}”读取 ${source.kind}，但输入中已没有该工作表。`,
        },
        where: { sheet: source.sheet },
      });
      continue;
    }
    inputs[source.kind] = datasetForSource(ds, grids[at], source);
  }
  return inputs;
}

/** Prints what was understood of each input of a recipe run (format, statuses, periods), as a detected run does. */
function printUnderstood(recipe: Recipe, inputs: AnalysisInputs, reporter: Reporter): void {
  const lines = Object.entries(inputs).flatMap(([kind, ds]) =>
    understood(ds, {
      currency: recipe.currency,
      formatNone: recipe.sources.find((s) => s.kind === kind)?.format === 'none',
    }),
  );
  if (lines.length === 0) return;
  reporter.info(reporter.lang === 'zh-CN' ? 'Loopbook 的判断：' : 'What Loopbook decided:');
  for (const d of lines) reporter.info(`  ${d.text[reporter.lang]}`);
}

// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
async function writeResults(
  loaded: Loaded,
  recipe: Recipe,
  inputs: AnalysisInputs,
  opts: { out: string; json?: string; asOfOverride?: number; lang: Lang; fullTables: FullTableFormat[] },
  reporter: Reporter,
  stdout: NodeJS.WritableStream,
  engine: OpenedEngine | null = null,
): Promise<number> {
  const zh = reporter.lang === 'zh-CN';
  // The workbook writer's WebAssembly module, inflated and compiled in other threads while the analyses run.
  prepareExcelize();
  // The inputs' hashes for the run log, computed beside the analyses (a worker thread for a large grid).
  const inputSheets = new Set(Object.values(inputs).map((d) => d.sheet));
  const hashes = new Map(
    loaded.grids.filter((g) => inputSheets.has(g.sheet)).map((g) => [g, hashGridAside(g)] as const),
  );
  // An orders table kept in DuckDB: its summaries are computed there first, the analyses that need its rows left out.
  if (engine) reporter.phase(zh ? '在 DuckDB 中汇总订单' : 'Summarising the orders in DuckDB');
  const pushed = engine ? await preparePushdown(engine, inputs, recipe, opts.asOfOverride, latestDate) : null;
  // Everything the analyses read of the engines is in the memo now: closing them gives back DuckDB's buffers
  // (600 MB at 5M orders) before the results are built.
  await engine?.close();
  if (engine) reporter.end();
  if (pushed) recipe = pushed.recipe;
  reporter.phase(zh ? '分析' : 'Analysing', recipe.analyses.length);
  // Cohorts, CLV's summary and its model fits of large customer bases are made in a worker thread beside the main
  // thread's analyses (aside.ts), started before the first analysis once the orders are read.
  useAsides(workerAsides());
  const beforeAnalyses = (common: CommonOptions): void => {
    startAside(inputs, recipe.analyses, common);
  };
  let outcome: ReturnType<typeof runAnalyses>;
  try {
    outcome = pushed
      ? runAnalyses(inputs, recipe, pushed.asOf, { memo: pushed.memo, beforeAnalyses })
      : runAnalyses(inputs, recipe, opts.asOfOverride, { beforeAnalyses });
  } finally {
    useAsides(null);
    endAside();
  }
  reporter.end();
  const diagnostics = [
    ...loaded.diagnostics,
    ...(pushed?.diagnostics ?? []),
    ...Object.values(inputs).flatMap((d) => d.diagnostics),
    ...outcome.diagnostics,
  ];
  // An engine source's rows are counted by the engine (its dataset holds a sample or the whole table).
  const engineTable = (d: { sheet: string }) => engine?.tables.find((t) => t.source.label === d.sheet);
  const rowsOf = (d: (typeof inputs)[keyof typeof inputs] & object) => engineTable(d)?.rows ?? d.table.numRows();
  if (outcome.results.length === 0) {
    printDiagnostics(diagnostics, reporter);
    reporter.info(
      zh
        ? '没有可运行的分析：请检查上面的提示，或用 `loopbook inspect` 查看识别结果。'
        : 'No analysis could run: see the messages above, or `loopbook inspect` for what was detected.',
    );
    return 1;
  }
  const grids = new Map(loaded.grids.map((g) => [g.sheet, g]));
  const read: InputRead[] = [];
  for (const [kind, d] of Object.entries(inputs)) {
    const grid = grids.get(d.sheet);
    const table = engineTable(d);
    const gridHash = grid && !table ? await (hashes.get(grid) ?? (() => Promise.resolve(hashGrid(grid))))() : null;
    read.push({
      source:
        recipe.sources.find((s) => s.kind === kind && s.sheet.toLowerCase() === d.sheet.toLowerCase())?.id ?? kind,
      dataset: table ? { sheet: d.sheet, table: { numRows: () => table.rows } } : d,
      ...(grid && !table ? { range: grid.address } : {}),
      hash: table ? hashCells([[table.source.spec, table.rows]]) : (gridHash ?? hashCells([])),
    });
  }
  // Per-customer tables longer than their sheet: written whole next to the workbook, their notes say where. Their
  // values are read here, then staged and copied in a worker thread while the report and the workbook are made
  // (startFullTables); the notes say where every file will be, and a file not written after all makes them again
  // without it, with its warning.
  let fullTables: FullTablesUnderWay | null = null;
  const notes = new Map<AnalysisResult['tables'][number], AnalysisResult['tables'][number]['note']>();
  if (opts.fullTables.length > 0 && outcome.results.some((r) => r.tables.some((t) => fullTableOf(t)))) {
    reporter.phase(zh ? '写出完整的客户表' : 'Writing the full customer tables');
    fullTables = await startFullTables(outcome.results, opts.out, opts.fullTables);
    for (const r of outcome.results) for (const t of r.tables) notes.set(t, t.note);
    noteWrittenFiles(outcome.results, fullTables.expected);
    reporter.end();
  }
  const summaryInputs: SummaryInput[] = Object.entries(inputs).map(([kind, d]) => ({
    source: kind,
    sheet: d.sheet,
    kind: d.kind,
    rows: rowsOf(d),
  }));
  let plan: ReturnType<typeof buildPlan>;
  let bytes: Uint8Array;
  try {
    plan = planOf(loaded, recipe, outcome, read, diagnostics, reporter);
    reporter.phase(zh ? '写入工作簿' : 'Writing the workbook');
    bytes = await workbookBytes(loaded, plan);
    reporter.end();
    if (fullTables) {
      reporter.phase(zh ? '等待完整的客户表写完' : 'Finishing the full customer tables');
      const under = fullTables;
      fullTables = null;
      const written = await under.finish(diagnostics);
      reporter.end();
      if (written.length !== under.expected.length) {
        for (const [t, note] of notes) {
          if (note === undefined) delete t.note;
          else t.note = note;
        }
        noteWrittenFiles(outcome.results, written);
        plan = planOf(loaded, recipe, outcome, read, diagnostics, reporter);
        reporter.phase(zh ? '写入工作簿' : 'Writing the workbook');
        bytes = await workbookBytes(loaded, plan);
        reporter.end();
      }
      for (const w of written)
        reporter.info(
          zh
            ? `${w.kind} ${w.table}：全部 ${w.rows.toLocaleString('en-US')} 行已写入 ${w.file}`
            : `${w.kind} ${w.table}: all ${w.rows.toLocaleString('en-US')} rows written to ${w.file}`,
        );
    }
  } finally {
    // A run stopped on the way still closes the database the copies use.
    await fullTables?.finish([]).catch(() => undefined);
  }
  await writeWorkbook(bytes, opts.out);
  const summary = buildSummary(outcome.results, { asOf: outcome.asOf, inputs: summaryInputs, diagnostics });
  if (opts.json) {
    await mkdir(path.dirname(path.resolve(opts.json)), { recursive: true });
    await writeFile(opts.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  printDiagnostics(diagnostics, reporter);
  stdout.write(summaryText(outcome.results, plan.sheets, opts.out, reporter.lang));
  return 0;
}

/** The report of the run's results and the Plan that writes it (the run log records `read`). */
function planOf(
  loaded: Loaded,
  recipe: Recipe,
  outcome: ReturnType<typeof runAnalyses>,
  read: InputRead[],
  diagnostics: Diagnostic[],
  reporter: Reporter,
): ReturnType<typeof buildPlan> {
  reporter.phase(reporter.lang === 'zh-CN' ? '生成报告' : 'Building the report');
  const report = buildReport(outcome.results, {
    lang: recipe.lang,
    asOf: outcome.asOf,
    currency: recipe.currency,
    sources: sourceLines(read, recipe.lang),
    diagnostics,
  });
  const previousLog: RunLog = loaded.store?.log ?? emptyRunLog();
  const plan = buildPlan(report, {
    // The workbook is written to a file here, not sent to Excel in requests: no op needs cutting to a size.
    maxRequestBytes: Number.POSITIVE_INFINITY,
    // Result dates in the workbook's own date system.
    date1904: loaded.workbook?.read.date1904 ?? false,
    // The reader lists the user's sheets; the store sheet, when there, is Loopbook's own and is replaced.
    existingSheetNames: [
      ...(loaded.workbook?.read.sheets.map((s) => s.name) ?? []),
      ...(loaded.workbook?.read.loopbook ? [STORE_SHEET] : []),
    ],
    ownedSheets: ownedSheets(previousLog),
    // With their sheets, so tables on sheets Loopbook owns (replaced with them) keep their names.
    existingNames: loaded.workbook?.read.tables.map((t) => ({ name: t.name, sheet: t.sheet })) ?? [],
    store: {
      recipe,
      log: previousLog,
      run: {
        at: new Date().toISOString(),
        host: 'cli',
        loopbook: LOOPBOOK_VERSION,
        inputs: runInputs(read),
      },
    },
  });
  reporter.end();
  return plan;
}

/** The plan applied to the input workbook (or a new one). */
async function workbookBytes(loaded: Loaded, plan: ReturnType<typeof buildPlan>): Promise<Uint8Array> {
  const original = loaded.workbook ? new Uint8Array(await readBytes(loaded.workbook.file)) : null;
  return await applyPlanToXlsx(original, plan);
}

/** Writes the workbook's bytes to `out`. */
async function writeWorkbook(bytes: Uint8Array, out: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  // Write next to the target first, then rename: a failed write never leaves a half-written workbook.
  const tmp = `${out}.loopbook-${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, out);
}

/** What the command prints after a run: each analysis's first figures, findings and warnings. */
export function summaryText(
  results: ReturnType<typeof runAnalyses>['results'],
  sheets: string[],
  out: string,
  lang: Lang,
): string {
  const zh = lang === 'zh-CN';
  const lines: string[] = [];
  const printed = new Set<string>();
  for (const r of results) {
    lines.push(`\n${r.title[lang]}`);
    for (const f of r.figures.slice(0, 4))
      lines.push(`  ${f.label[lang]}${zh ? '：' : ': '}${formatFigure(f.value, f.kind)}`);
    for (const finding of r.findings.slice(0, 2)) lines.push(`  • ${finding.text[lang]}`);
    // Why a section is empty or to be read with care (the sheet's notes list them all); a message that
    // several analyses give alike (the same skipped order row) is printed once.
    const said = r.diagnostics
      .filter((d) => d.severity !== 'info')
      .map((d) => formatDiagnostic(d, lang))
      .filter((x) => !printed.has(x));
    for (const x of said) printed.add(x);
    for (const x of said.slice(0, 3)) lines.push(`  ${x}`);
    if (said.length > 3)
      lines.push(
        zh
          ? `  ……另有 ${said.length - 3} 条提示，见该工作表的说明。`
          : `  … ${said.length - 3} more on the sheet's notes.`,
      );
  }
  const shown = sheets.filter((s) => !s.startsWith('_'));
  lines.push('', zh ? `已写入 ${out}（${shown.join('、')}）` : `Wrote ${out} (${shown.join(', ')})`, '');
  return lines.join('\n');
}

function formatFigure(value: number | null, kind: string): string {
  if (value === null) return '—';
  if (kind === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (kind === 'integer') return Math.round(value).toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function defaultOut(files: string[], source?: EngineSource): string {
  // Beside a file source; in the working folder for a database's table.
  if (files.length === 0 && source)
    return path.join(source.engine === 'duckdb' ? path.dirname(source.path) : '.', `${source.label}-loopbook.xlsx`);
  const first = files.find((f) => /\.xlsx$|\.xlsm$/i.test(f)) ?? files[0];
  const dir = path.dirname(first);
  const base = path.basename(first).replace(/\.(xlsx|xlsm|csv|tsv|txt)(\.gz)?$/i, '');
  return path.join(dir, `${base}-loopbook.xlsx`);
}

/** Said when a CSV longer than a sheet is read through DuckDB instead. */
function tooLongNote(file: string, lang: Lang): string {
  const name = path.basename(file);
  return lang === 'zh-CN'
    ? `“${name}”超过 1,048,576 行（Excel 工作表的最大行数），改为通过 DuckDB 在原文件上汇总，与 --source duckdb:${file} 相同；只取回每位客户的汇总。`
    : `"${name}" has more than 1,048,576 rows (the most an Excel sheet holds): summarising it through DuckDB where it lies, as --source duckdb:${file} does; only the per-customer summary comes back.`;
}

/** Said when no input holds a single value: names the files, so the user sees which one was empty. */
function noData(files: string[], lang: Lang): string {
  if (lang === 'zh-CN')
    return `没有可分析的数据：${files.map((f) => `“${path.basename(f)}”`).join('、')}中没有任何有值的单元格（空文件或只有空白工作表）。`;
  const names = files.map((f) => `"${path.basename(f)}"`).join(', ');
  return `Nothing to analyse: ${names} ${files.length === 1 ? 'holds' : 'hold'} no cell with a value (an empty file, or only blank sheets).`;
}

/**
 * The run's report currency: `--currency` when given, else the one currency the data names (every money format
 * and currency column agreeing, said on the console), else CNY.
 */
function reportCurrency(given: string | undefined, datasets: readonly Dataset[], reporter: Reporter): string {
  if (given !== undefined) return given;
  const found = dataCurrency(datasets);
  if (found === 'CNY') return 'CNY'; // the default anyway: nothing to say
  if (!found) {
    // Amounts without a currency: the report shows ¥ only because it is the default, and says so.
    reporter.info(
      reporter.lang === 'zh-CN'
        ? '报告币种：CNY（默认值：数据中未标明币种；如金额为其他币种，请用 --currency 指定，例如 --currency USD）。'
        : 'Report currency: CNY, the default: the data names no currency. If the amounts are in another, give it with --currency (e.g. --currency USD).',
    );
    return 'CNY';
  }
  reporter.info(
    reporter.lang === 'zh-CN'
      ? `报告币种：${found}（数据中所有金额均为 ${found}；可用 --currency 另选）。`
      : `Report currency: ${found}, the one currency the data names (give --currency to choose another).`,
  );
  return found;
}

export async function analyzeCommand(
  files: string[],
  flags: AnalyzeFlags,
  reporter: Reporter,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  if (flags.currency !== undefined && !/^[A-Z]{3}$/.test(flags.currency))
    throw new UsageError(`--currency must be an ISO code like CNY or USD, not "${flags.currency}".`);
  const asOfOverride = flags.asOf === undefined ? undefined : isoToSerial(flags.asOf);
  if (asOfOverride === null) throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${flags.asOf}".`);
  if (flags.inPlace && flags.out) throw new UsageError('Give either --in-place or --out, not both.');
  const firstXlsx = files.find((f) => /\.(xlsx|xlsm)$/i.test(f));
  if (flags.inPlace && !firstXlsx) throw new UsageError('--in-place needs an .xlsx input to write into.');
  let specs = flags.source ?? [];
  if (files.length === 0 && specs.length === 0 && !flags.recipe)
    throw new UsageError(
      'Give the files to analyse, or tables with --source duckdb:<file> or --source clickhouse://host:port/database#table.',
    );
  const yearOf = periodYears(flags.periodYear);
  const loaded = await load(files, reporter, { tooLong: true });
  // The analyses' worker thread starts while the inputs are ingested, for inputs large enough to use it (aside.ts).
  prestartAside(Math.max(0, ...loaded.grids.map(gridRowCount)));
  // A CSV longer than a sheet is read where it lies, through DuckDB, as `--source duckdb:<file>` would: only the
  // aggregates come back, and the recipe keeps the source with its location, so a refresh reads it the same way.
  if (loaded.tooLong.length > 0) {
    files = files.filter((f) => !loaded.tooLong.includes(f));
    specs = [...specs, ...loaded.tooLong.map((f) => `duckdb:${f}`)];
    for (const f of loaded.tooLong) reporter.info(tooLongNote(f, reporter.lang));
  }
  if (loaded.grids.length === 0 && files.length > 0 && specs.length === 0) {
    printDiagnostics(loaded.diagnostics, reporter);
    // A file the reader could not read already said what it is and what to do (issue 17).
    if (!hasErrors(loaded.diagnostics)) reporter.info(noData(files, reporter.lang));
    return 1;
  }
  let given: Recipe | null = null;
  if (flags.recipe) {
    let json: unknown;
    try {
      json = JSON.parse(await readBytes(flags.recipe, 'utf8'));
    } catch (error) {
      throw new UsageError(
        `Could not read the recipe ${flags.recipe}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const parsed = parseRecipe(json);
    if (!parsed.recipe) {
      printDiagnostics(parsed.diagnostics, reporter);
      return 1;
    }
    given = parsed.recipe;
  }
  let engine: OpenedEngine | null = null;
  try {
    engine = await openRunSources(specs, given, flags.memoryLimit);
    return await analyzeLoaded(files, flags, { loaded, given, engine, yearOf, asOfOverride }, reporter, stdout);
  } catch (error) {
    if (!(error instanceof SourceError || error instanceof SourceSpecError)) throw error;
    // A source that cannot be read stops the run before anything is written.
    printDiagnostics(loaded.diagnostics, reporter);
    reporter.info(error.message);
    return 1;
  } finally {
    await engine?.dispose();
  }
}

/** analyzeCommand after reading: the inputs (files' sheets and engine sources), the recipe, the run. */
async function analyzeLoaded(
  files: string[],
  flags: AnalyzeFlags,
  run: {
    loaded: Loaded;
    given: Recipe | null;
    engine: OpenedEngine | null;
    yearOf: PeriodYears;
    asOfOverride: number | undefined;
  },
  reporter: Reporter,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  const { loaded, given, engine, yearOf, asOfOverride } = run;
  const tables = engine?.tables ?? [];
  const datasets = [...ingestAll(loaded.grids, reporter, yearOf), ...tables.map((t) => t.dataset)];
  const grids = [...loaded.grids, ...tables.map((t) => t.grid)];
  let recipe: Recipe;
  let inputs: AnalysisInputs;
  const diagnostics: Diagnostic[] = [];
  if (given) {
    // A recipe names its currency; `--currency` overrides it.
    const currency = flags.currency ?? given.currency;
    recipe = withPeriodYears({ ...given, lang: flags.lang, currency }, datasets, yearOf);
    recipe = withLocations(recipe, engine);
    inputs = inputsFromRecipe(recipe, datasets, grids, diagnostics);
    printUnderstood(recipe, inputs, reporter);
  } else {
    const currency = reportCurrency(flags.currency, datasets, reporter);
    const detected = detectRecipe(datasets, {
      asOf: flags.asOf ?? null,
      currency,
      lang: flags.lang,
      ranges: Object.fromEntries(loaded.grids.map((g) => [g.sheet, g.address])),
    });
    recipe = withLocations(withPeriodYears(detected.recipe, datasets, yearOf), engine);
    inputs = detected.inputs;
    reporter.info(reporter.lang === 'zh-CN' ? 'Loopbook 的判断：' : 'What Loopbook decided:');
    for (const d of detected.decisions) reporter.info(`  ${d.text[reporter.lang]}`);
  }
  loaded.diagnostics.push(...diagnostics);
  if (hasErrors(diagnostics) && Object.keys(inputs).length === 0) {
    printDiagnostics(loaded.diagnostics, reporter);
    return 1;
  }
  const firstXlsx = files.find((f) => /\.(xlsx|xlsm)$/i.test(f));
  const out = flags.inPlace ? firstXlsx! : (flags.out ?? defaultOut(files, tables[0]?.source));
  return await writeResults(
    loaded,
    recipe,
    inputs,
    { out, json: flags.json, asOfOverride, lang: flags.lang, fullTables: fullTableFormats(flags.fullTables) },
    reporter,
    stdout,
    engine,
  );
}

/** The recipe's sources read from an engine source, with its spec as their `location` (kept for a refresh). */
function withLocations(recipe: Recipe, engine: OpenedEngine | null): Recipe {
  if (!engine) return recipe;
  return {
    ...recipe,
    sources: recipe.sources.map((s) => {
      const t = engine.tables.find((x) => x.source.label.toLowerCase() === s.sheet.toLowerCase());
      return t && !s.location ? { ...s, location: t.source.spec } : s;
    }),
  };
}

/** `--full-tables` as formats; a value it does not know is a usage error. */
function fullTableFormats(value: string | undefined): FullTableFormat[] {
  const formats = parseFullTableFormats(value);
  if (!formats) throw new UsageError(`--full-tables takes parquet, csv, parquet,csv or none, not "${value}".`);
  return formats;
}

export async function refreshCommand(
  file: string,
  flags: RefreshFlags,
  reporter: Reporter,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  if (!/\.(xlsx|xlsm)$/i.test(file))
    throw new UsageError('refresh needs an .xlsx workbook analysed by Loopbook before.');
  const loaded = await load([file], reporter);
  prestartAside(Math.max(0, ...loaded.grids.map(gridRowCount)));
  const recipe = loaded.store?.recipe;
  if (!recipe) {
    printDiagnostics(loaded.diagnostics, reporter);
    reporter.info(
      reporter.lang === 'zh-CN'
        ? `${file} 中没有保存的 Loopbook 配置：请先运行 loopbook analyze。`
        : `${file} holds no saved Loopbook recipe: run loopbook analyze on it first.`,
    );
    return 1;
  }
  let engine: OpenedEngine | null = null;
  try {
    // The recipe's sources with a location (duckdb:…) are read where they lie, as the first run read them.
    engine = await openRunSources([], recipe, undefined);
    const tables = engine?.tables ?? [];
    const datasets = [...ingestAll(loaded.grids, reporter), ...tables.map((t) => t.dataset)];
    const diagnostics: Diagnostic[] = [];
    const grids = [...loaded.grids, ...tables.map((t) => t.grid)];
    const inputs = inputsFromRecipe(recipe, datasets, grids, diagnostics);
    printUnderstood(recipe, inputs, reporter);
    loaded.diagnostics.push(...diagnostics);
    if (Object.keys(inputs).length === 0) {
      printDiagnostics(loaded.diagnostics, reporter);
      return 1;
    }
    return await writeResults(
      loaded,
      recipe,
      inputs,
      {
        out: flags.out ?? file,
        json: flags.json,
        lang: recipe.lang,
        fullTables: fullTableFormats(flags.fullTables),
      },
      reporter,
      stdout,
      engine,
    );
  } catch (error) {
    if (!(error instanceof SourceError || error instanceof SourceSpecError)) throw error;
    printDiagnostics(loaded.diagnostics, reporter);
    reporter.info(error.message);
    return 1;
  } finally {
    await engine?.dispose();
  }
}

export async function inspectCommand(
  files: string[],
  flags: { lang: Lang; periodYear?: string[] },
  reporter: Reporter,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  const yearOf = periodYears(flags.periodYear);
  const loaded = await load(files, reporter);
  const datasets = ingestAll(loaded.grids, reporter, yearOf);
  const chosen = pickInputs(datasets);
  for (const ds of datasets) stdout.write(formatDataset(ds, chosen[ds.kind ?? 'orders'] === ds, flags.lang));
  for (const d of loaded.diagnostics) stdout.write(`${formatDiagnostic(d, flags.lang)}\n`);
  if (loaded.grids.length === 0) {
    if (!hasErrors(loaded.diagnostics)) stdout.write(`${noData(files, flags.lang)}\n`);
    return 1;
  }
  return hasErrors(loaded.diagnostics) ? 1 : 0;
}
