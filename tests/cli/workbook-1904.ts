/**
 * A small orders workbook written by hand (no library), in either date system: what Excel for Mac wrote
 * before 2011 and what some exporters still write is `<workbookPr date1904="1"/>`, with every date cell
 * 1,462 days lower than in the 1900 system. No `<bookViews>` and no docProps, as minimal writers leave them.
 */
import { strToU8, zipSync } from 'fflate';

/** Days between the two systems' serial 0 (1899-12-30 as the 1900 system counts, and 1904-01-01). */
export const DAYS_1900_TO_1904 = 1462;
const CHANNELS = ['Search', 'Social', 'Email', 'Community'];

export interface Order {
  id: string;
  customer: string;
  /** ISO date, 2024. */
  date: string;
  amount: number;
  channel: string;
}

/** 40 customers over 2024: customer i buys (i % 4) + 1 times, 100 + i each time, on days spread over the year. */
export function orders(): Order[] {
  const out: Order[] = [];
  for (let i = 0; i < 40; i++) {
    for (let k = 0; k <= i % 4; k++) {
      const day = 1 + ((i * 7 + k * 53) % 360);
      out.push({
        id: `O${out.length + 1}`,
        customer: `C${String(i).padStart(3, '0')}`,
        date: new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10),
        amount: 100 + i,
        channel: CHANNELS[i % 4],
      });
    }
  }
  return out;
}

/** Serial of an ISO date in the 1900 system (as Excel counts it, with its 1900-02-29). */
export function serial1900(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const col = (i: number) => String.fromCharCode(65 + i);

/** The workbook's bytes: one sheet "Orders" (order_id, customer_id, order_date, amount, channel). */
export function ordersWorkbook(date1904: boolean): Uint8Array {
  const rows = orders();
  const header = ['order_id', 'customer_id', 'order_date', 'amount', 'channel'];
  const str = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${esc(s)}</t></is></c>`;
  const xmlRows = [`<row r="1">${header.map((h, j) => str(`${col(j)}1`, h)).join('')}</row>`];
  rows.forEach((o, i) => {
    const r = i + 2;
    const serial = serial1900(o.date) - (date1904 ? DAYS_1900_TO_1904 : 0);
    xmlRows.push(
      `<row r="${r}">${str(`A${r}`, o.id)}${str(`B${r}`, o.customer)}<c r="C${r}" s="1"><v>${serial}</v></c><c r="D${r}"><v>${o.amount}</v></c>${str(`E${r}`, o.channel)}</row>`,
    );
  });
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${ns} xmlns:r="${rel}"><workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>` +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${ns}><dimension ref="A1:E${rows.length + 1}"/><sheetData>${xmlRows.join('')}</sheetData></worksheet>`,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}
