/**
 * Files that are not what Loopbook reads, or hold nothing it can analyse (issue 17): each gets its own message
 * saying what the file is and what to do, in English and Chinese; the command exits with 1 and writes nothing.
 *
 * Fixtures: `fixtures/orders.xls` and `fixtures/orders.ods` are a three-row orders workbook converted by
 * LibreOffice 7.4 (`soffice --headless --convert-to xls|ods orders.xlsx`); the password-protected workbook is an
 * OLE2 container built by ./cfb.ts; .xlsb, .ods-like, Numbers, Word archives are zips built by ./zip-writer.ts.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compoundFileNames } from '../../src/xlsx/read-sniff.js';
import { readFile } from '../../src/xlsx/read.js';
import { writeCompoundFile } from './cfb.js';
import { rowsXml, sheetEntry, textEntry, workbookParts, writeZip } from './zip-writer.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const dir = mkdtempSync(path.join(tmpdir(), 'loopbook-foreign-'));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}

/** Each case in its own folder, so "nothing written" is checked as: the folder holds only the input. */
function place(name: string, write: (p: string) => void): string {
  const sub = mkdtempSync(path.join(dir, 'case-'));
  const p = path.join(sub, name);
  write(p);
  return p;
}

interface Case {
  title: string;
  file: () => string;
  code: string;
  en: string;
  zh: string;
}

const CASES: Case[] = [
  {
    title: 'a legacy .xls (LibreOffice-written BIFF8)',
    file: () =>
      place('orders.xls', (p) => {
        copyFileSync(path.join(fixtures, 'orders.xls'), p);
      }),
    code: 'read.file_xls',
    en: '"orders.xls" is a legacy Excel 97–2003 workbook (.xls), which Loopbook does not read. Open it in Excel and choose File → Save As → Excel Workbook (.xlsx)',
    zh: '“orders.xls”是旧版 Excel 97–2003 工作簿（.xls），Loopbook 无法读取。请在 Excel 中打开，选择“文件 → 另存为 → Excel 工作簿（.xlsx）”',
  },
  {
    title: 'a legacy .xls renamed .xlsx',
    file: () =>
      place('renamed.xlsx', (p) => {
        copyFileSync(path.join(fixtures, 'orders.xls'), p);
      }),
    code: 'read.file_xls',
    en: '"renamed.xlsx" is a legacy Excel 97–2003 workbook (.xls)',
    zh: '“renamed.xlsx”是旧版 Excel 97–2003 工作簿（.xls）',
  },
  {
    title: 'a password-protected .xlsx (OLE2 with EncryptionInfo)',
    file: () =>
      place('secret.xlsx', (p) => {
        writeCompoundFile(p, ['EncryptionInfo', 'EncryptedPackage']);
      }),
    code: 'read.file_encrypted',
    en: '"secret.xlsx" is protected with a password (an encrypted workbook), so Loopbook cannot read it. Open it in Excel, remove the password',
    zh: '“secret.xlsx”设置了打开密码（加密的工作簿），Loopbook 无法读取。请在 Excel 中打开，取消密码',
  },
  {
    title: 'another OLE2 file (a Word 97 document, say)',
    file: () =>
      place('notes.xlsx', (p) => {
        writeCompoundFile(p, ['WordDocument']);
      }),
    code: 'read.file_ole2',
    en: '"notes.xlsx" is an old-format Microsoft Office file (a compound document) but not an Excel workbook.',
    zh: '“notes.xlsx”是旧格式的 Microsoft Office 文件（复合文档），但不是 Excel 工作簿。',
  },
  {
    title: 'an .xlsb',
    file: () =>
      place('binary.xlsb', (p) =>
        writeZip(p, [textEntry('[Content_Types].xml', '<Types/>'), textEntry('xl/workbook.bin', 'binary')]),
      ),
    code: 'read.file_xlsb',
    en: '"binary.xlsb" is an Excel Binary Workbook (.xlsb), which Loopbook does not read. Open it in Excel and save it as Excel Workbook (.xlsx).',
    zh: '“binary.xlsb”是 Excel 二进制工作簿（.xlsb），Loopbook 无法读取。请在 Excel 中打开并另存为 Excel 工作簿（.xlsx）。',
  },
  {
    title: 'an .ods (LibreOffice-written)',
    file: () =>
      place('orders.ods', (p) => {
        copyFileSync(path.join(fixtures, 'orders.ods'), p);
      }),
    code: 'read.file_ods',
    en: '"orders.ods" is an OpenDocument spreadsheet (.ods), which Loopbook does not read. Save it as .xlsx',
    zh: '“orders.ods”是 OpenDocument 电子表格（.ods），Loopbook 无法读取。请另存为 .xlsx',
  },
  {
    title: 'a Numbers document (a zip with Index/Document.iwa)',
    file: () =>
      place('budget.numbers', (p) =>
        writeZip(p, [textEntry('Index/Document.iwa', 'x'), textEntry('Metadata/Properties.plist', 'x')]),
      ),
    code: 'read.file_numbers',
    en: '"budget.numbers" is an Apple Numbers document, which Loopbook does not read. In Numbers choose File → Export To → Excel',
    zh: '“budget.numbers”是 Apple Numbers 文稿，Loopbook 无法读取。请在 Numbers 中选择“文件 → 导出为 → Excel”',
  },
  {
    title: 'a Numbers package (a folder, as macOS keeps it)',
    file: () =>
      place('plan.numbers', (p) => {
        mkdirSync(p);
      }),
    code: 'read.file_numbers',
    en: '"plan.numbers" is an Apple Numbers document',
    zh: '“plan.numbers”是 Apple Numbers 文稿',
  },
  {
    title: 'a Word document named .xlsx',
    file: () => place('report.xlsx', (p) => writeZip(p, [textEntry('word/document.xml', '<w:document/>')])),
    code: 'read.file_docx',
    en: '"report.xlsx" is a Word document, not a workbook.',
    zh: '“report.xlsx”是 Word 文档，不是工作簿。',
  },
  {
    title: 'a zip of something else',
    file: () => place('archive.xlsx', (p) => writeZip(p, [textEntry('readme.txt', 'hello')])),
    code: 'read.file_zip',
    en: '"archive.xlsx" is a zip archive but not an Excel workbook (it holds no xl/workbook.xml).',
    zh: '“archive.xlsx”是 zip 压缩包，但不是 Excel 工作簿（其中没有 xl/workbook.xml）。',
  },
  {
    title: 'an HTML "Excel export" named .xls',
    file: () =>
      place('export.xls', (p) => {
        writeFileSync(p, '<html><body><table><tr><td>order</td><td>amount</td></tr></table></body></html>');
      }),
    code: 'read.file_html',
    en: '"export.xls" is a web page (HTML) with a spreadsheet name',
    zh: '“export.xls”实际上是网页（HTML）',
  },
  {
    title: 'an Excel 2003 XML spreadsheet named .xls',
    file: () =>
      place('old.xls', (p) => {
        writeFileSync(
          p,
          '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>',
        );
      }),
    code: 'read.file_xml2003',
    en: '"old.xls" is an Excel 2003 XML spreadsheet',
    zh: '“old.xls”是 Excel 2003 XML 电子表格',
  },
  {
    title: 'an .xlsx named .csv',
    file: () =>
      place('orders.csv', (p) =>
        writeZip(p, [
          ...workbookParts(['Orders']),
          sheetEntry(
            1,
            rowsXml([
              ['a', 'b'],
              [1, 2],
            ]),
          ),
        ]),
      ),
    code: 'read.file_xlsxNamedCsv',
    en: '"orders.csv" is an Excel workbook (.xlsx) with a text-file name. Rename it to end in .xlsx',
    zh: '“orders.csv”是 Excel 工作簿（.xlsx），但用了文本文件的扩展名。请将其重命名为以 .xlsx 结尾',
  },
  {
    title: 'a CSV with a header and no rows',
    file: () =>
      place('orders.csv', (p) => {
        writeFileSync(p, 'order_id,customer_id,order_date,amount\r\n\r\n');
      }),
    code: 'read.csv_header_only',
    en: '"orders.csv" holds a header row (order_id, customer_id, order_date, amount) and no rows of data. Export it again with its rows.',
    zh: '“orders.csv”只有表头行（order_id, customer_id, order_date, amount），没有数据行。请连同数据行重新导出。',
  },
  {
    title: 'a CSV of garbage bytes',
    file: () =>
      place('orders.csv', (p) => {
        // 4 KB from a fixed LCG (Numerical Recipes constants): the same bytes every run, no text in them.
        const bytes = Buffer.alloc(4096);
        let x = 12345;
        for (let i = 0; i < bytes.length; i++) {
          x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
          bytes[i] = x >>> 24;
        }
        writeFileSync(p, bytes);
      }),
    code: 'read.csv_not_text',
    en: 'of its first bytes are control characters or invalid characters), so it is not a CSV file. Export the data again as CSV',
    zh: '的字节是控制字符或无效字符），因此不是 CSV 文件。请重新将数据导出为 CSV',
  },
  {
    title: 'a workbook with no table (each sheet a single row)',
    file: () =>
      place('titles.xlsx', (p) =>
        writeZip(p, [
          ...workbookParts(['Cover', 'Notes']),
          sheetEntry(1, rowsXml([['Quarterly report']])),
          sheetEntry(2, rowsXml([['channel', 'spend']])),
        ]),
      ),
    code: 'read.no_table',
    en: '"titles.xlsx" holds no table Loopbook can read: its sheets with values ("Cover", "Notes") each hold a single row, and a table needs a header row and at least one row of data below it.',
    zh: '“titles.xlsx”中没有 Loopbook 能读取的表格：有值的工作表（“Cover”、“Notes”）都只有一行，而表格需要一行表头及其下方至少一行数据。',
  },
];

describe('files Loopbook does not read get their own message', () => {
  for (const c of CASES) {
    it(`${c.title}: ${c.code}`, async () => {
      const file = c.file();
      const r = await readFile(file);
      expect(r.grids).toEqual([]);
      expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([[c.code, 'error']]);
      expect(r.diagnostics[0].message.en).toContain(c.en);
      expect(r.diagnostics[0].message['zh-CN']).toContain(c.zh);

      // The command: exit code 1, the message in the language asked for, and nothing written beside the input.
      const out = path.join(path.dirname(file), 'out.xlsx');
      const en = await run(['analyze', file, '--out', out]);
      expect(en.code).toBe(1);
      expect(en.err).toContain(c.en);
      expect(en.err).not.toContain('Nothing to analyse');
      const zh = await run(['analyze', file, '--lang', 'zh-CN']);
      expect(zh.code).toBe(1);
      expect(zh.err).toContain(c.zh);
      expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    });
  }

  it('an empty sheet beside sound ones is said as information; the sound sheets load', async () => {
    const p = place('book.xlsx', (f) =>
      writeZip(f, [
        ...workbookParts(['Orders', 'Blank']),
        sheetEntry(
          1,
          rowsXml([
            ['id', 'amount'],
            ['O1', 5],
          ]),
        ),
        sheetEntry(2, ''),
      ]),
    );
    const r = await readFile(p);
    expect(r.grids.map((g) => g.sheet)).toEqual(['Orders']);
    expect(r.diagnostics).toEqual([
      {
        code: 'read.empty_sheet',
        severity: 'info',
        message: { en: 'Sheet "Blank" is empty; it was left out.', 'zh-CN': '工作表“Blank”是空的，已略过。' },
        where: { sheet: 'Blank' },
      },
    ]);
  });

  it('a workbook none of whose sheets could be read says so, not that it holds no cell', async () => {
    // Two sheets the workbook lists, whose parts are missing from the zip: each gives a warning and no grid.
    const p = place('hollow.xlsx', (f) => writeZip(f, workbookParts(['Orders', 'Spend'])));
    const r = await readFile(p);
    expect(r.grids).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['read.sheet_not_read', 'warning'],
      ['read.sheet_not_read', 'warning'],
      ['read.no_sheet_read', 'error'],
    ]);
    expect(r.diagnostics[2].message).toEqual({
      en: '"hollow.xlsx" gave nothing to analyse: none of its sheets ("Orders", "Spend") could be read; the warnings above say why. Open the file in Excel, let it repair the file if it offers to, and save it again.',
      'zh-CN':
        '“hollow.xlsx”中没有可分析的内容：工作表 “Orders”、“Spend” 都无法读取，原因见上方的警告。请在 Excel 中打开文件，如提示修复则让其修复，然后重新保存。',
    });
    const out = await run(['analyze', p]);
    expect(out.code).toBe(1);
    expect(out.err).toContain('"hollow.xlsx" gave nothing to analyse');
    expect(out.err).not.toContain('holds no cell');
    expect(readdirSync(path.dirname(p))).toEqual(['hollow.xlsx']);
  });

  it('a workbook of empty sheets and an empty CSV stop with "nothing to analyse", writing nothing', async () => {
    const book = place('blank.xlsx', (f) => writeZip(f, [...workbookParts(['Sheet1']), sheetEntry(1, '')]));
    const r = await run(['analyze', book]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Nothing to analyse: "blank.xlsx" holds no cell with a value');
    expect(readdirSync(path.dirname(book))).toEqual(['blank.xlsx']);
    const csv = place('blank.csv', (f) => {
      writeFileSync(f, '\n\n  \n');
    });
    const zh = await run(['analyze', csv, '--lang', 'zh-CN']);
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('没有可分析的数据：“blank.csv”中没有任何有值的单元格');
    expect(readdirSync(path.dirname(csv))).toEqual(['blank.csv']);
  });

  it('reads the directory of a real .xls and of an encrypted container', () => {
    // The streams LibreOffice writes into a BIFF8 file; `Workbook` is what marks it as one.
    expect(compoundFileNames(path.join(fixtures, 'orders.xls'))).toContain('Workbook');
    const p = place('enc.xlsx', (f) => {
      writeCompoundFile(f, ['EncryptionInfo', 'EncryptedPackage']);
    });
    expect(compoundFileNames(p)).toEqual(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']);
  });
});
