/**
 * Read any supported file into CellGrids: dispatch by extension (issue 3 "Reader").
 * `.xlsx`/`.xlsm` → the streaming workbook reader; `.csv`, `.tsv`, `.txt` and their `.gz` forms → the
 * CSV reader. Never throws: an unsupported or unreadable file gives an error diagnostic.
 *
 * Before that, the file's first bytes say what it is (./read-sniff.ts): a legacy .xls, a password-protected
 * workbook, .xlsb, .ods, Numbers … each get their own message saying what to do, whatever the file is called
 * (issue 17). After it, a file whose sheets hold values but no table (no sheet with a header row and a row
 * of data below) gives no grid and an error saying so, so a command stops there instead of analysing nothing;
 * so does one whose sheets could not be read (warnings only), which is not a file of blank sheets.
 */
import { readCsv, type CsvDetection, type ReadCsvOptions } from './read-csv.js';
import { foreignFileDiagnostic, noSheetReadDiagnostic, noTableDiagnostic } from './read-messages.js';
import { sniffForeign } from './read-sniff.js';
import { gridRowCount } from '../ingest/grid-columns.js';
import { readXlsx, type ReadResult, type ReadXlsxOptions } from './read-xlsx.js';

export type { ReadResult, SheetInfo, TableInfo, SheetState } from './read-xlsx.js';
export type { CsvDetection } from './read-csv.js';

export type FileKind = 'xlsx' | 'csv';

export interface ReadFileOptions extends ReadXlsxOptions, Omit<ReadCsvOptions, 'sheet'> {}

/** The reader a path goes to, from its extension; null when unsupported (`.xls`, `.ods` …). */
export function fileKind(path: string): FileKind | null {
  const p = path.toLowerCase();
  if (/\.(xlsx|xlsm)$/.test(p)) return 'xlsx';
  if (/\.(csv|tsv|txt)(\.gz)?$/.test(p)) return 'csv';
  return null;
}

/**
 * Reads a workbook or a delimited text file.
 *
 * @example
 *   const { grids, diagnostics } = await readFile('assets/sample/loopbook-sample.xlsx');
 *   grids.map((g) => g.sheet) // ['Customers', 'Orders', 'Campaigns', …]
 */
export async function readFile(
  path: string,
  options: ReadFileOptions = {},
): Promise<ReadResult & { kind: FileKind | null; detection?: CsvDetection }> {
  const kind = fileKind(path);
  const foreign = sniffForeign(path);
  if (foreign) {
    return {
      kind,
      grids: [],
      sheets: [],
      tables: [],
      date1904: false,
      diagnostics: [foreignFileDiagnostic(foreign, path)],
    };
  }
  if (kind === 'xlsx') return requireGrid(path, requireTable(path, { ...(await readXlsx(path, options)), kind }));
  if (kind === 'csv') {
    const { encoding, delimiter, limits } = options;
    return requireTable(path, { ...(await readCsv(path, { encoding, delimiter, limits })), kind });
  }
  return {
    kind,
    grids: [],
    sheets: [],
    tables: [],
    date1904: false,
    diagnostics: [
      {
        code: 'read.unsupported_file',
        severity: 'error',
        message: {
          en: `"${path}" is not a supported file: use .xlsx, .xlsm, .csv or .csv.gz (save .xls or .ods as .xlsx first).`,
          'zh-CN': `不支持文件“${path}”：请使用 .xlsx、.xlsm、.csv 或 .csv.gz（.xls 或 .ods 请先另存为 .xlsx）。`,
        },
      },
    ],
  };
}

/**
 * A file whose grids all hold fewer than two rows has no table (a header row and a row of data): its grids are
 * dropped and an error says so. A header-only CSV already said so in its own words (`read.csv_header_only`).
 */
function requireTable<R extends ReadResult>(path: string, read: R): R {
  if (read.grids.length === 0 || read.grids.some((g) => gridRowCount(g) >= 2)) return read;
  if (!read.diagnostics.some((d) => d.severity === 'error'))
    read.diagnostics.push(
      noTableDiagnostic(
        path,
        read.grids.map((g) => g.sheet),
      ),
    );
  return { ...read, grids: [] };
}

/**
 * A workbook that gave no grid, no error, and warnings about its sheets: those sheets could not be read, so
 * an error says so. Without it the command would say the file holds no value, which is not what happened.
 * (No grid and no warning is a workbook of blank sheets: the command says there is nothing to analyse. A
 * CSV's warnings — encoding, an unclosed quote — come with what was read, so they do not apply.)
 */
function requireGrid<R extends ReadResult>(path: string, read: R): R {
  if (read.grids.length > 0 || read.diagnostics.some((d) => d.severity === 'error')) return read;
  const sheets = [
    ...new Set(read.diagnostics.flatMap((d) => (d.severity === 'warning' && d.where?.sheet ? [d.where.sheet] : []))),
  ];
  if (sheets.length > 0) read.diagnostics.push(noSheetReadDiagnostic(path, sheets));
  return read;
}
