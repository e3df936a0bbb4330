/**
 * Read any supported file into CellGrids: dispatch by extension (issue 3 "Reader").
 * `.xlsx`/`.xlsm` → the streaming workbook reader; `.csv`, `.tsv`, `.txt` and their `.gz` forms → the
 * CSV reader. Never throws: an unsupported or unreadable file gives an error diagnostic.
 */
import { readCsv, type CsvDetection, type ReadCsvOptions } from './read-csv.js';
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
  if (kind === 'xlsx') return { ...(await readXlsx(path, options)), kind };
  if (kind === 'csv') {
    const { encoding, delimiter } = options;
    return { ...(await readCsv(path, { encoding, delimiter })), kind };
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
