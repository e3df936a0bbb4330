// Compares two .xlsx files read-only (nothing is written back): every zip entry's uncompressed bytes, and with
// --cells every sheet's cell values and number formats as ExcelJS reads them. The run log's time of the run
// (`"at":"…"`), which differs between any two runs, is left out.
//   node bench/compare-xlsx.mjs a.xlsx b.xlsx [--cells]
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
const [a, b, cellsFlag] = process.argv.slice(2);
// The run log's time of the run differs between any two runs.
const normCell = (s) => s?.replace(/\\"at\\":\\"[0-9T:.Z-]+\\"/g, 'AT');
const norm = (s) => s.replace(/&quot;at&quot;:&quot;[0-9T:.Z-]+&quot;/g, 'AT');
const za = unzipSync(readFileSync(a)),
  zb = unzipSync(readFileSync(b));
const names = new Set([...Object.keys(za), ...Object.keys(zb)]);
let diff = 0;
for (const n of [...names].sort()) {
  const x = za[n],
    y = zb[n];
  if (!x || !y) {
    console.log('only in one:', n);
    diff++;
    continue;
  }
  const sx = norm(Buffer.from(x).toString()),
    sy = norm(Buffer.from(y).toString());
  if (sx !== sy) {
    let i = 0;
    while (sx[i] === sy[i]) i++;
    console.log(
      `entry differs: ${n} (${x.length} vs ${y.length}) at ${i}: …${sx.slice(i - 60, i + 60)}… vs …${sy.slice(i - 60, i + 60)}…`,
    );
    diff++;
  }
}
if (cellsFlag !== '--cells') {
  console.log(`${names.size} entries, ${diff} differ`);
  process.exit(diff ? 1 : 0);
}
const wa = new ExcelJS.Workbook(),
  wb = new ExcelJS.Workbook();
await wa.xlsx.readFile(a);
await wb.xlsx.readFile(b);
let cells = 0,
  cdiff = 0;
for (const s of wa.worksheets) {
  const t = wb.getWorksheet(s.name);
  if (!t) {
    console.log('sheet missing', s.name);
    cdiff++;
    continue;
  }
  const seen = new Set();
  const cmp = (sheet, other, tag) =>
    sheet.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (c, col) => {
        const k = `${r}:${col}`;
        if (seen.has(k + tag)) return;
        seen.add(k + tag);
        cells++;
        const o = other.getCell(r, col);
        const va = normCell(JSON.stringify(c.value)),
          vb = normCell(JSON.stringify(o.value));
        if (va !== vb || c.numFmt !== o.numFmt) {
          if (cdiff++ < 10) console.log(`${s.name}!${c.address}: ${va?.slice(0, 120)} vs ${vb?.slice(0, 120)}`);
        }
      }),
    );
  cmp(s, t, 'a');
  cmp(t, s, 'b');
}
console.log(
  `${names.size} entries, ${diff} differ; ${wa.worksheets.length} sheets, ${cells} cells compared, ${cdiff} differ`,
);
