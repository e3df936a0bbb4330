/**
 * The `loopbook` command: the same engine as the add-in, on .xlsx and .csv files.
 *
 *   loopbook analyze <file.xlsx|file.csv> [more files] [--recipe r.json] [--out out.xlsx] [--in-place]
 *                    [--json summary.json] [--lang en|zh-CN] [--as-of YYYY-MM-DD] [--currency CNY]
 *                    [--period-year [sheet=]YYYY …]
 *                    [--source duckdb:<file>|duckdb:<file.duckdb>#<table>|clickhouse://host:port/db#table …]
 *                    [--memory-limit 4GB]
 *   loopbook refresh <file.xlsx> [--out out.xlsx]     re-runs the recipe stored in the workbook
 *   loopbook inspect <file> [more files] [--period-year [sheet=]YYYY …]
 *                                                      detected tables, types, roles and diagnostics
 *
 * Exit codes: 0 done, 1 stopped by data errors (each printed), 2 usage.
 */
import { Command, CommanderError, Option } from 'commander';
import { LOOPBOOK_VERSION } from '../version.js';
import { analyzeCommand, inspectCommand, refreshCommand, UsageError } from './commands.js';
import { createReporter } from './progress.js';
import { dropEarlyCsvWorker, prestartCsvHelper } from '../xlsx/read-csv-parallel.js';

/** The options of `analyze` and `inspect` that take a value (a file named after one is not an input). */
const VALUE_OPTIONS = new Set([
  '--recipe',
  '--out',
  '--json',
  '--lang',
  '--as-of',
  '--currency',
  '--period-year',
  '--source',
  '--memory-limit',
  '--full-tables',
]);

/**
 * The .csv input named first in the arguments of `analyze` or `inspect` (a file given as an option's value is not an
 * input), or null.
 * @example csvInputOf(['analyze', 'orders.csv', '--json', 'x.json']) // 'orders.csv'
 */
export function csvInputOf(argv: readonly string[]): string | null {
  if (argv[0] !== 'analyze' && argv[0] !== 'inspect') return null;
  return argv.find((a, i) => i > 0 && /\.csv(\.gz)?$/i.test(a) && !VALUE_OPTIONS.has(argv[i - 1])) ?? null;
}

/** `--source duckdb:…` or `--source clickhouse://…`, repeatable: one table per source. */
function sourceOption(): Option {
  return new Option(
    '--source <spec>',
    'a table read where it lies: duckdb:<file.csv|file.parquet|glob>, duckdb:<file.duckdb>#<table> (DuckDB), or clickhouse://[user@]host:port/database#table (password in LOOPBOOK_CLICKHOUSE_PASSWORD); repeatable, one per table',
  )
    .argParser((v: string, prev: string[]) => [...prev, v])
    .default([]);
}

/** `--full-tables`: how per-customer tables too long for a sheet are written whole next to the workbook. */
function fullTablesOption(): Option {
  return new Option(
    '--full-tables <formats>',
    'per-customer tables longer than their sheet (RFM, lifecycle, CLV, clusters, win-back) are written whole next to the workbook: parquet (default), csv, parquet,csv or none',
  );
}

export async function main(
  argv: string[],
  io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream } = {},
): Promise<number> {
  // The .csv reader's second thread started as soon as the arguments name a .csv input, so that its start overlaps
  // the command's own until the read (`prestartCsvHelper`: only for a file large enough for two threads on a machine
  // with a core free; unused, it ends by itself and never holds the process).
  // The worker bin/loopbook.js may have started before the engine loaded is taken there for the same file, else ended.
  const csv = csvInputOf(argv);
  if (csv) prestartCsvHelper(csv);
  else dropEarlyCsvWorker();
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let code = 0;
  const program = new Command('loopbook')
    .description('Closed-loop customer and marketing analysis of .xlsx and .csv files.')
    .version(LOOPBOOK_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) })
    .showHelpAfterError();

  const lang = new Option('--lang <lang>', 'language of sheets and messages').choices(['en', 'zh-CN']).default('en');
  // Repeatable: `--period-year 2024` for every sheet, `--period-year Budget=2024` for one.
  const periodYear = (): Option =>
    new Option(
      '--period-year <[sheet=]year>',
      'year of month headers written without one (1月 … 12月, Jan … Dec) on a sheet with the months across its columns; Sheet=YYYY for one sheet, repeatable',
    )
      .argParser((v: string, prev: string[]) => [...prev, v])
      .default([]);

  program
    .command('analyze')
    .description('detect tables and roles (or follow --recipe), run every analysis the data supports, write results')
    .argument('[files...]', '.xlsx or .csv files; the first .xlsx receives the results')
    .option('--recipe <file>', 'a recipe JSON file (what to analyse and how)')
    .option('--out <file>', 'where to write the analysed workbook (default: <input>-loopbook.xlsx)')
    .option('--in-place', 'write the results into the input workbook itself (only Loopbook sheets change)')
    .option('--json <file>', 'also write a JSON summary of key figures and tables')
    .addOption(lang)
    .option('--as-of <date>', 'as-of date YYYY-MM-DD (default: the latest date in the data)')
    .option('--currency <code>', 'ISO code of the report currency (default: the one currency the data names, else CNY)')
    .addOption(periodYear())
    .addOption(sourceOption())
    .option(
      '--memory-limit <size>',
      "DuckDB's memory limit for --source tables (default: half the memory, at most 4GB)",
    )
    .addOption(fullTablesOption())
    .action(async (files: string[], opts: AnalyzeFlags) => {
      code = await analyzeCommand(files, opts, createReporter(stderr, opts.lang), stdout);
    });

  program
    .command('refresh')
    .description('re-run the recipe stored in the workbook and replace its Loopbook sheets')
    .argument('<file>', 'an .xlsx file analysed by Loopbook before')
    .option('--out <file>', 'write to another file instead of updating the workbook in place')
    .option('--json <file>', 'also write a JSON summary of key figures and tables')
    .addOption(new Option('--lang <lang>', "language of messages (sheets keep the recipe's)").choices(['en', 'zh-CN']))
    .addOption(fullTablesOption())
    .action(async (file: string, opts: RefreshFlags) => {
      code = await refreshCommand(file, opts, createReporter(stderr, opts.lang ?? 'en'), stdout);
    });

  program
    .command('inspect')
    .description('print the detected tables, column types, roles and diagnostics')
    .argument('<files...>', '.xlsx or .csv files')
    .addOption(lang)
    .addOption(periodYear())
    .action(async (files: string[], opts: { lang: 'en' | 'zh-CN'; periodYear: string[] }) => {
      code = await inspectCommand(files, opts, createReporter(stderr, opts.lang), stdout);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      stderr.write(`loopbook: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export interface AnalyzeFlags {
  recipe?: string;
  out?: string;
  inPlace?: boolean;
  json?: string;
  lang: 'en' | 'zh-CN';
  asOf?: string;
  currency?: string;
  /** `--period-year` values: `2024` (every sheet) or `Budget=2024` (one sheet). */
  periodYear?: string[];
  /** `--source` specs: `duckdb:orders.parquet`, `duckdb:shop.duckdb#orders`, `clickhouse://ch1:8123/shop#orders`. */
  source?: string[];
  /** `--memory-limit`: DuckDB's memory limit, e.g. `4GB`. */
  memoryLimit?: string;
  /** `--full-tables`: `parquet` (default), `csv`, `parquet,csv` or `none`. */
  fullTables?: string;
}

export interface RefreshFlags {
  out?: string;
  json?: string;
  lang?: 'en' | 'zh-CN';
  /** As `AnalyzeFlags.fullTables`. */
  fullTables?: string;
}
