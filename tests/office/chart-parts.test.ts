/**
 * The parity tests' chart reader on parts written the way Excel writes them (`c:` prefixes, absolute and
 * relative relationship targets), so it is not tuned to excelize's output only.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { normRef, typeOfExcel, xlsxCharts } from './chart-parts.js';

const C =
  'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const rel = (id: string, target: string) => `<Relationship Id="${id}" Type="x" Target="${target}"/>`;
const rels = (...r: string[]) =>
  `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${r.join('')}</Relationships>`;
const ser = (order: number, name: string, cat: string, val: string, scatter = false) =>
  `<c:ser><c:idx val="${order}"/><c:order val="${order}"/><c:tx><c:strRef><c:f>${name}</c:f></c:strRef></c:tx>` +
  `<c:${scatter ? 'xVal' : 'cat'}><c:numRef><c:f>${cat}</c:f></c:numRef></c:${scatter ? 'xVal' : 'cat'}>` +
  `<c:${scatter ? 'yVal' : 'val'}><c:numRef><c:f>${val}</c:f></c:numRef></c:${scatter ? 'yVal' : 'val'}></c:ser>`;

function workbook(): Uint8Array {
  const q = "'O''Neil data'";
  // A combo drawn by Excel: columns on axes 10/11, the line on axes 20/21 (its own value axis: secondary).
  const combo =
    `<c:chartSpace ${C}><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>Spend </a:t></a:r><a:r><a:t>and ROAS</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>${ser(0, `${q}!$B$1`, `${q}!$A$2:$A$5`, `${q}!$B$2:$B$5`)}<c:axId val="10"/><c:axId val="11"/></c:barChart>` +
    `<c:lineChart><c:grouping val="standard"/>${ser(1, `${q}!$C$1`, `${q}!$A$2:$A$5`, `${q}!$C$2:$C$5`)}<c:axId val="20"/><c:axId val="21"/></c:lineChart>` +
    '<c:catAx><c:axId val="10"/></c:catAx><c:valAx><c:axId val="11"/></c:valAx><c:catAx><c:axId val="20"/></c:catAx><c:valAx><c:axId val="21"/></c:valAx>' +
    '</c:plotArea></c:chart></c:chartSpace>';
  const scatter =
    `<c:chartSpace ${C}><c:chart><c:plotArea><c:scatterChart>${ser(0, 'Data!$C$1', 'Data!$B$2:$B$5', 'Data!$C$2:$C$5', true)}<c:axId val="1"/><c:axId val="2"/></c:scatterChart>` +
    '<c:valAx><c:axId val="1"/></c:valAx><c:valAx><c:axId val="2"/></c:valAx></c:plotArea></c:chart></c:chartSpace>';
  const stacked =
    `<c:chartSpace ${C}><c:chart><c:plotArea><c:barChart><c:barDir val="bar"/><c:grouping val="stacked"/>${ser(1, 'Data!$C$1', 'Data!$A$2:$A$5', 'Data!$C$2:$C$5')}${ser(0, 'Data!$B$1', 'Data!$A$2:$A$5', 'Data!$B$2:$B$5')}<c:axId val="1"/><c:axId val="2"/></c:barChart>` +
    '<c:catAx><c:axId val="1"/></c:catAx><c:valAx><c:axId val="2"/></c:valAx></c:plotArea></c:chart></c:chartSpace>';
  const drawing = (ids: string[]) =>
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ${C}>${ids
      .map(
        (id) =>
          `<xdr:twoCellAnchor><xdr:graphicFrame><a:graphic><a:graphicData><c:chart r:id="${id}"/></a:graphicData></a:graphic></xdr:graphicFrame></xdr:twoCellAnchor>`,
      )
      .join('')}</xdr:wsDr>`;
  return zipSync({
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Report" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      rels(rel('rId1', 'worksheets/sheet1.xml'), rel('rId2', '/xl/worksheets/sheet2.xml')),
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
    ),
    'xl/worksheets/sheet2.xml': strToU8(
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/><drawing r:id="rId7"/></worksheet>',
    ),
    'xl/worksheets/_rels/sheet2.xml.rels': strToU8(rels(rel('rId7', '../drawings/drawing1.xml'))),
    'xl/drawings/drawing1.xml': strToU8(drawing(['rId2', 'rId1', 'rId3'])),
    'xl/drawings/_rels/drawing1.xml.rels': strToU8(
      rels(
        rel('rId1', '../charts/chart1.xml'),
        rel('rId2', '../charts/chart2.xml'),
        rel('rId3', '/xl/charts/chart3.xml'),
      ),
    ),
    'xl/charts/chart1.xml': strToU8(scatter),
    'xl/charts/chart2.xml': strToU8(combo),
    'xl/charts/chart3.xml': strToU8(stacked),
  });
}

describe('chart parts reader (test helper)', () => {
  it('reads Excel-style chart parts: types, series refs, secondary axis, order, sheet by relationships', async () => {
    const charts = await xlsxCharts(workbook());
    // Drawing order: chart2 (combo), chart1 (scatter), chart3 (stacked bars), all on "Report".
    expect(charts.map((c) => [c.sheet, c.part, c.title])).toEqual([
      ['Report', 'xl/charts/chart2.xml', 'Spend and ROAS'],
      ['Report', 'xl/charts/chart1.xml', ''],
      ['Report', 'xl/charts/chart3.xml', ''],
    ]);
    expect(charts[0].series).toEqual([
      {
        type: 'column',
        values: "O'Neil data!B2:B5",
        categories: "O'Neil data!A2:A5",
        axis: 'primary',
        nameRef: "O'Neil data!B1",
        nameLiteral: null,
      },
      {
        type: 'line',
        values: "O'Neil data!C2:C5",
        categories: "O'Neil data!A2:A5",
        axis: 'secondary',
        nameRef: "O'Neil data!C1",
        nameLiteral: null,
      },
    ]);
    expect(charts[1].series).toEqual([
      {
        type: 'scatter',
        values: 'Data!C2:C5',
        categories: 'Data!B2:B5',
        axis: 'primary',
        nameRef: 'Data!C1',
        nameLiteral: null,
      },
    ]);
    // Series come back in their `order`, not document order.
    expect(charts[2].series.map((s) => [s.type, s.nameRef])).toEqual([
      ['stackedBar', 'Data!B1'],
      ['stackedBar', 'Data!C1'],
    ]);
  });

  it('normalises references and Excel chart type names', () => {
    expect(normRef("'a''b c'!$A$1:$B$2")).toBe("a'b c!A1:B2");
    expect(normRef('Data!B4')).toBe('Data!B4');
    expect(normRef(null)).toBeNull();
    expect(() => normRef('B4')).toThrow();
    expect(
      [
        'ColumnClustered',
        'ColumnStacked',
        'BarClustered',
        'BarStacked',
        'Line',
        'LineMarkers',
        'Pie',
        'Doughnut',
        'XYScatter',
        'Area',
      ].map(typeOfExcel),
    ).toEqual(['column', 'stackedColumn', 'bar', 'stackedBar', 'line', 'line', 'pie', 'doughnut', 'scatter', null]);
  });
});
