/**
 * What the readers say about a file they cannot read, or read only in part (issue 17): one catalogue, each
 * message in English and Chinese with named parameters, each saying what the file is and what to do.
 */
import { basename } from 'node:path';
import type { Diagnostic, I18nText } from '../types.js';
import type { LimitKind, ReadLimitError } from './read-limits.js';

const n = (x: number): string => x.toLocaleString('en-US');
const mb = (bytes: number): string => `${n(Math.round(bytes / 2 ** 20))} MB`;

/** The sentence naming a breached limit, for `ReadLimitError.kind`. */
const LIMIT_TEXT: Record<LimitKind, (limit: number, cell?: string) => I18nText> = {
  rows: (limit) => ({
    en: `it has more than ${n(limit)} rows, the most an Excel sheet can hold`,
    'zh-CN': `它超过 ${n(limit)} 行，即 Excel 工作表能容纳的最大行数`,
  }),
  columns: (limit, cell) => ({
    en: `it has more than ${n(limit)} columns (up to XFD), the most an Excel sheet can hold${cell ? ` (cell ${cell})` : ''}`,
    'zh-CN': `它超过 ${n(limit)} 列（至 XFD 列），即 Excel 工作表能容纳的最大列数${cell ? `（单元格 ${cell}）` : ''}`,
  }),
  cellChars: (limit, cell) => ({
    en: `${cell ? `cell ${cell}` : 'a cell'} holds more than ${n(limit)} characters, the most an Excel cell can hold`,
    'zh-CN': `${cell ? `单元格 ${cell} ` : '有一个单元格'}超过 ${n(limit)} 个字符，即 Excel 单元格能容纳的最大字符数`,
  }),
  partBytes: (limit) => ({
    en: `its data unpacks to more than ${mb(limit)}, Loopbook's limit for one sheet`,
    'zh-CN': `其数据解压后超过 ${mb(limit)}，即 Loopbook 对单个工作表的上限`,
  }),
  ratio: (limit) => ({
    en: `its data unpacks to more than ${n(limit)} times its packed size (real sheets pack about 10 to 1), so the file is corrupt or built to exhaust memory`,
    'zh-CN': `其数据解压后超过压缩大小的 ${n(limit)} 倍（正常工作表约为 10 比 1），文件已损坏或是为耗尽内存而构造的`,
  }),
  time: (limit) => ({
    en: `reading took longer than ${n(Math.round(limit / 1000))} s, Loopbook's time budget for reading a file`,
    'zh-CN': `读取时间超过 ${n(Math.round(limit / 1000))} 秒，即 Loopbook 读取一个文件的时间上限`,
  }),
};

const LIMIT_ADVICE: Record<LimitKind, I18nText> = {
  rows: {
    en: 'Split the data over several sheets or files, or keep it in a database and read aggregates.',
    'zh-CN': '请把数据拆分到多个工作表或文件，或放在数据库中并读取汇总结果。',
  },
  columns: {
    en: 'Check that the sheet was exported whole and not corrupted, and save it again from Excel.',
    'zh-CN': '请检查该工作表导出是否完整、未损坏，并在 Excel 中重新保存。',
  },
  cellChars: {
    en: 'Shorten that cell or move its text out of the workbook, and save it again.',
    'zh-CN': '请缩短该单元格内容或将其文本移出工作簿，然后重新保存。',
  },
  partBytes: {
    en: 'Split the sheet, or save it as .csv and read that.',
    'zh-CN': '请拆分该工作表，或将其另存为 .csv 后再读取。',
  },
  ratio: {
    en: 'Open the file in Excel and save it again; if it came from someone else, ask for a fresh export.',
    'zh-CN': '请在 Excel 中打开并重新保存；如文件来自他人，请对方重新导出。',
  },
  time: {
    en: 'Split the workbook, or save the large sheets as .csv.',
    'zh-CN': '请拆分工作簿，或将大的工作表另存为 .csv。',
  },
};

/** A sheet whose read stopped at a limit: not read, the others go on. */
export function limitDiagnostic(err: ReadLimitError, sheet: string): Diagnostic {
  const why = LIMIT_TEXT[err.kind](err.limit, err.cell);
  const advice = LIMIT_ADVICE[err.kind];
  return {
    code: `read.limit_${err.kind}`,
    severity: 'error',
    message: {
      en: `Sheet "${sheet}" was not read: ${why.en}. ${advice.en}`,
      'zh-CN': `未读取工作表“${sheet}”：${why['zh-CN']}。${advice['zh-CN']}`,
    },
    where: { sheet },
  };
}

/** What a limit means for a CSV file, where a sheet's wording would not fit. */
const CSV_LIMIT_TEXT: Partial<Record<LimitKind, (limit: number) => I18nText>> = {
  partBytes: (limit) => ({
    en: `it holds (or unpacks to) more than ${mb(limit)} of text, Loopbook's limit for one CSV file`,
    'zh-CN': `其文本（或解压后的文本）超过 ${mb(limit)}，即 Loopbook 对单个 CSV 文件的上限`,
  }),
  ratio: (limit) => ({
    en: `it unpacks to more than ${n(limit)} times its packed size, so it is corrupt or built to exhaust memory`,
    'zh-CN': `解压后超过压缩大小的 ${n(limit)} 倍，文件已损坏或是为耗尽内存而构造的`,
  }),
};

const CSV_LIMIT_ADVICE: Record<LimitKind, I18nText> = {
  rows: {
    en: 'Leave the orders in their file and read it through DuckDB: `loopbook analyze --source duckdb:<file>` brings back only the per-customer summary (README, "Sources"). Or split the data over several files.',
    'zh-CN':
      '可以把订单留在原文件中，通过 DuckDB 读取：`loopbook analyze --source duckdb:<文件>` 只取回每位客户的汇总（见 README“Sources”一节）。也可以把数据拆分到多个文件。',
  },
  columns: {
    en: 'Check that the file was exported whole, with one delimiter, and export it again.',
    'zh-CN': '请检查该文件导出是否完整、分隔符是否一致，并重新导出。',
  },
  cellChars: {
    en: 'Shorten that value or leave it out of the export, and export the file again.',
    'zh-CN': '请缩短该值或在导出时略去它，然后重新导出文件。',
  },
  partBytes: {
    en: 'Split the file into smaller ones, or keep the data in a database and read aggregates.',
    'zh-CN': '请把文件拆分为较小的文件，或放在数据库中并读取汇总结果。',
  },
  ratio: {
    en: 'Unpack it yourself to check it; if it came from someone else, ask for a fresh export.',
    'zh-CN': '请自行解压检查；如文件来自他人，请对方重新导出。',
  },
  time: {
    en: 'Split the file into smaller ones.',
    'zh-CN': '请把文件拆分为较小的文件。',
  },
};

/** A CSV file whose read stopped at a limit: named as the file it is (`sheet` is its grid's name). */
export function csvLimitDiagnostic(err: ReadLimitError, file: string, sheet: string): Diagnostic {
  const why = (CSV_LIMIT_TEXT[err.kind] ?? LIMIT_TEXT[err.kind])(err.limit, err.cell);
  const advice = CSV_LIMIT_ADVICE[err.kind];
  return {
    code: `read.limit_${err.kind}`,
    severity: 'error',
    message: {
      en: `File "${file}" was not read: ${why.en}. ${advice.en}`,
      'zh-CN': `未读取文件“${file}”：${why['zh-CN']}。${advice['zh-CN']}`,
    },
    where: { sheet },
  };
}

/** A part every sheet needs (the shared strings, the styles, the workbook part) breached a limit. */
export function fileLimitDiagnostic(err: ReadLimitError, path: string): Diagnostic {
  const why = LIMIT_TEXT[err.kind](err.limit, err.cell);
  const advice = LIMIT_ADVICE[err.kind];
  const file = basename(path);
  return {
    code: `read.limit_${err.kind}`,
    severity: 'error',
    message: {
      en: `"${file}" was not read: its part ${err.part} breaks a limit: ${why.en}. ${advice.en}`,
      'zh-CN': `未读取“${file}”：其中的 ${err.part} 超出限制：${why['zh-CN']}。${advice['zh-CN']}`,
    },
  };
}

/** Sheets not reached because the time budget ran out on an earlier one. */
export function notReachedDiagnostic(sheets: readonly string[], budgetMs: number): Diagnostic {
  const en = sheets.map((s) => `"${s}"`).join(', ');
  const zh = sheets.map((s) => `“${s}”`).join('、');
  const secs = n(Math.round(budgetMs / 1000));
  return {
    code: 'read.limit_time_not_reached',
    severity: 'error',
    message: {
      en: `Sheets ${en} were not read: the ${secs} s budget for reading was spent before them.`,
      'zh-CN': `未读取工作表 ${zh}：读取前已用完 ${secs} 秒的读取时间上限。`,
    },
    where: { sheet: sheets[0], count: sheets.length },
  };
}

/** What a file turned out to be when it is not something Loopbook reads (./read-sniff.ts). */
export type ForeignKind =
  | 'xls'
  | 'encrypted'
  | 'ole2'
  | 'xlsb'
  | 'ods'
  | 'numbers'
  | 'docx'
  | 'pptx'
  | 'zip'
  | 'html'
  | 'xml2003'
  | 'xlsxNamedCsv'
  | 'folder';

const FOREIGN: Record<ForeignKind, (file: string) => I18nText> = {
  xls: (f) => ({
    en: `"${f}" is a legacy Excel 97–2003 workbook (.xls), which Loopbook does not read. Open it in Excel and choose File → Save As → Excel Workbook (.xlsx), then run Loopbook on the .xlsx.`,
    'zh-CN': `“${f}”是旧版 Excel 97–2003 工作簿（.xls），Loopbook 无法读取。请在 Excel 中打开，选择“文件 → 另存为 → Excel 工作簿（.xlsx）”，再对 .xlsx 文件运行 Loopbook。`,
  }),
  encrypted: (f) => ({
    en: `"${f}" is protected with a password (an encrypted workbook), so Loopbook cannot read it. Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear the box), save, and try again.`,
    'zh-CN': `“${f}”设置了打开密码（加密的工作簿），Loopbook 无法读取。请在 Excel 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），保存后重试。`,
  }),
  ole2: (f) => ({
    en: `"${f}" is an old-format Microsoft Office file (a compound document) but not an Excel workbook. Check that you picked the right file.`,
    'zh-CN': `“${f}”是旧格式的 Microsoft Office 文件（复合文档），但不是 Excel 工作簿。请确认选择了正确的文件。`,
  }),
  xlsb: (f) => ({
    en: `"${f}" is an Excel Binary Workbook (.xlsb), which Loopbook does not read. Open it in Excel and save it as Excel Workbook (.xlsx).`,
    'zh-CN': `“${f}”是 Excel 二进制工作簿（.xlsb），Loopbook 无法读取。请在 Excel 中打开并另存为 Excel 工作簿（.xlsx）。`,
  }),
  ods: (f) => ({
    en: `"${f}" is an OpenDocument spreadsheet (.ods), which Loopbook does not read. Save it as .xlsx (LibreOffice: File → Save As → Excel 2007–365).`,
    'zh-CN': `“${f}”是 OpenDocument 电子表格（.ods），Loopbook 无法读取。请另存为 .xlsx（LibreOffice：文件 → 另存为 → Excel 2007–365）。`,
  }),
  numbers: (f) => ({
    en: `"${f}" is an Apple Numbers document, which Loopbook does not read. In Numbers choose File → Export To → Excel, and run Loopbook on the .xlsx.`,
    'zh-CN': `“${f}”是 Apple Numbers 文稿，Loopbook 无法读取。请在 Numbers 中选择“文件 → 导出为 → Excel”，再对 .xlsx 文件运行 Loopbook。`,
  }),
  docx: (f) => ({
    en: `"${f}" is a Word document, not a workbook. Check that you picked the right file.`,
    'zh-CN': `“${f}”是 Word 文档，不是工作簿。请确认选择了正确的文件。`,
  }),
  pptx: (f) => ({
    en: `"${f}" is a PowerPoint presentation, not a workbook. Check that you picked the right file.`,
    'zh-CN': `“${f}”是 PowerPoint 演示文稿，不是工作簿。请确认选择了正确的文件。`,
  }),
  zip: (f) => ({
    en: `"${f}" is a zip archive but not an Excel workbook (it holds no xl/workbook.xml). If the workbook is inside it, unzip it first.`,
    'zh-CN': `“${f}”是 zip 压缩包，但不是 Excel 工作簿（其中没有 xl/workbook.xml）。如果工作簿在压缩包里，请先解压。`,
  }),
  html: (f) => ({
    en: `"${f}" is a web page (HTML) with a spreadsheet name, as some systems export "Excel" files. Open it in Excel and save it as Excel Workbook (.xlsx).`,
    'zh-CN': `“${f}”实际上是网页（HTML），只是用了表格文件的名字（有些系统这样导出“Excel”）。请在 Excel 中打开并另存为 Excel 工作簿（.xlsx）。`,
  }),
  xml2003: (f) => ({
    en: `"${f}" is an Excel 2003 XML spreadsheet, which Loopbook does not read. Open it in Excel and save it as Excel Workbook (.xlsx).`,
    'zh-CN': `“${f}”是 Excel 2003 XML 电子表格，Loopbook 无法读取。请在 Excel 中打开并另存为 Excel 工作簿（.xlsx）。`,
  }),
  xlsxNamedCsv: (f) => ({
    en: `"${f}" is an Excel workbook (.xlsx) with a text-file name. Rename it to end in .xlsx and run Loopbook again.`,
    'zh-CN': `“${f}”是 Excel 工作簿（.xlsx），但用了文本文件的扩展名。请将其重命名为以 .xlsx 结尾后重新运行 Loopbook。`,
  }),
  folder: (f) => ({
    en: `"${f}" is a folder, not a file. Give the path of an .xlsx or .csv file.`,
    'zh-CN': `“${f}”是文件夹，不是文件。请给出 .xlsx 或 .csv 文件的路径。`,
  }),
};

/** A file that is something else than what Loopbook reads, with what to do about it. */
export function foreignFileDiagnostic(kind: ForeignKind, path: string): Diagnostic {
  return { code: `read.file_${kind}`, severity: 'error', message: FOREIGN[kind](basename(path)) };
}

/** A .csv of bytes that are not text. */
export function notTextDiagnostic(path: string, share: number, sheet: string = basename(path)): Diagnostic {
  const f = basename(path);
  const pct = `${Math.round(share * 100)}%`;
  return {
    code: 'read.csv_not_text',
    severity: 'error',
    message: {
      en: `"${f}" does not hold text (${pct} of its first bytes are control characters or invalid characters), so it is not a CSV file. Export the data again as CSV (comma-separated values).`,
      'zh-CN': `“${f}”不是文本（其开头 ${pct} 的字节是控制字符或无效字符），因此不是 CSV 文件。请重新将数据导出为 CSV（逗号分隔值）。`,
    },
    where: { sheet },
  };
}

/** A .csv with its header row and no row of data. */
export function headerOnlyDiagnostic(path: string, sheet: string, header: readonly (string | null)[]): Diagnostic {
  const f = basename(path);
  const cols = header.filter((h) => h !== null).slice(0, 5);
  const shown = cols.length > 0 ? cols.join(', ') : '';
  return {
    code: 'read.csv_header_only',
    severity: 'error',
    message: {
      en: `"${f}" holds a header row (${shown}) and no rows of data. Export it again with its rows.`,
      'zh-CN': `“${f}”只有表头行（${shown}），没有数据行。请连同数据行重新导出。`,
    },
    where: { sheet, rows: [1] },
  };
}

/** A sheet with no value, in a workbook whose other sheets hold some. */
export function emptySheetDiagnostic(sheet: string): Diagnostic {
  return {
    code: 'read.empty_sheet',
    severity: 'info',
    message: {
      en: `Sheet "${sheet}" is empty; it was left out.`,
      'zh-CN': `工作表“${sheet}”是空的，已略过。`,
    },
    where: { sheet },
  };
}

/** A workbook whose sheets hold values but none a table: no sheet has a header row and a row of data. */
export function noTableDiagnostic(path: string, sheets: readonly string[]): Diagnostic {
  const f = basename(path);
  const en = sheets.map((s) => `"${s}"`).join(', ');
  const zh = sheets.map((s) => `“${s}”`).join('、');
  return {
    code: 'read.no_table',
    severity: 'error',
    message: {
      en: `"${f}" holds no table Loopbook can read: its sheets with values (${en}) each hold a single row, and a table needs a header row and at least one row of data below it.`,
      'zh-CN': `“${f}”中没有 Loopbook 能读取的表格：有值的工作表（${zh}）都只有一行，而表格需要一行表头及其下方至少一行数据。`,
    },
    where: { sheet: sheets[0] },
  };
}

/**
 * A file that gave no grid and no error, only warnings about its sheets: every sheet it has could not be
 * read, which is not the same as a file of blank sheets.
 */
export function noSheetReadDiagnostic(path: string, sheets: readonly string[]): Diagnostic {
  const f = basename(path);
  const en = sheets.map((s) => `"${s}"`).join(', ');
  const zh = sheets.map((s) => `“${s}”`).join('、');
  return {
    code: 'read.no_sheet_read',
    severity: 'error',
    message: {
      en: `"${f}" gave nothing to analyse: ${sheets.length === 1 ? `its sheet ${en}` : `none of its sheets (${en})`} could be read; the warnings above say why. Open the file in Excel, let it repair the file if it offers to, and save it again.`,
      'zh-CN': `“${f}”中没有可分析的内容：工作表 ${zh} 都无法读取，原因见上方的警告。请在 Excel 中打开文件，如提示修复则让其修复，然后重新保存。`,
    },
    where: { sheet: sheets[0] },
  };
}

/** A sheet whose XML is broken: it is left out, the others still load. */
export function sheetUnreadableDiagnostic(sheet: string, detail: string): Diagnostic {
  return {
    code: 'read.sheet_unreadable',
    severity: 'error',
    message: {
      en: `Sheet "${sheet}" could not be read, its content is damaged (${detail}). Open the file in Excel, let it repair the file, and save it again.`,
      'zh-CN': `无法读取工作表“${sheet}”，其内容已损坏（${detail}）。请在 Excel 中打开文件，让 Excel 修复后重新保存。`,
    },
    where: { sheet },
  };
}

/** The styles part is damaged: values still read, number formats (and so dates) not. */
export function stylesDamagedDiagnostic(path: string): Diagnostic {
  const f = basename(path);
  return {
    code: 'read.styles_unreadable',
    severity: 'warning',
    message: {
      en: `The cell formats of "${f}" could not be read (its styles part is damaged), so dates may show as plain numbers. Open the file in Excel and save it again.`,
      'zh-CN': `无法读取“${f}”的单元格格式（其样式部分已损坏），日期可能显示为普通数字。请在 Excel 中打开并重新保存。`,
    },
  };
}
