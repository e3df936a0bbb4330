// Chart series in schema order: the sequences are the ones of the vendored dml-chart.xsd, and the series
// excelize v2.11.0 writes (bar: invertIfNegative after dLbls plus a smooth; line: marker after dLbls plus
// an invertIfNegative) come out in that order, with the elements the schema does not allow dropped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixValueAxes, orderChartSeries, SERIES_SEQUENCES } from '../../src/xlsx/chart-xml.js';

const XSD = path.resolve(import.meta.dirname, '../../tools/ooxml-check/schemas/ISO-IEC29500-4_2016/dml-chart.xsd');

/** Element names of a complex type's sequence, EG_SerShared expanded (read from the schema text). */
function sequenceOf(xsd: string, type: string): string[] {
  const body = (name: string, kind: 'complexType' | 'group') =>
    new RegExp(`<xsd:${kind} name="${name}">([\\s\\S]*?)</xsd:${kind}>`).exec(xsd)?.[1] ?? '';
  const out: string[] = [];
  for (const m of body(type, 'complexType').matchAll(/<xsd:(element|group) (?:name|ref)="([^"]+)"/g)) {
    if (m[1] === 'group')
      out.push(...[...body(m[2], 'group').matchAll(/<xsd:element name="([^"]+)"/g)].map((x) => x[1]));
    else out.push(m[2]);
  }
  return out;
}

// A bar series and a line series as excelize v2.11.0 writes them (from the demo output, xl/charts/chart1.xml).
const BAR_SER =
  '<ser><idx val="0"></idx><order val="0"></order><tx><strRef><f>&#39;Channel performance&#39;!$B$17</f></strRef></tx>' +
  '<dLbls><showVal val="0"></showVal></dLbls><invertIfNegative val="0"></invertIfNegative>' +
  '<cat><strRef><f>&#39;Channel performance&#39;!$A$18:$A$23</f></strRef></cat><val><numRef><f>&#39;Channel performance&#39;!$B$18:$B$23</f></numRef></val>' +
  '<smooth val="0"></smooth></ser>';
const LINE_SER =
  '<ser><idx val="1"></idx><order val="1"></order><spPr><a:ln w="25400"></a:ln></spPr><dLbls><showVal val="0"></showVal></dLbls>' +
  '<invertIfNegative val="0"></invertIfNegative><marker><symbol val="none"></symbol></marker><cat><strRef><f>S!$A$2:$A$9</f></strRef></cat>' +
  '<val><numRef><f>S!$B$2:$B$9</f></numRef></val><smooth val="0"></smooth></ser>';

const names = (ser: string) => {
  const inner = ser.replace(/^<ser>|<\/ser>$/g, '');
  const out: string[] = [];
  let depth = 0;
  for (const m of inner.matchAll(/<(\/?)([\w]+)(?::\w+)?\b[^>]*?(\/?)>/g)) {
    if (m[1]) depth--;
    else {
      if (depth === 0) out.push(m[2]);
      if (!m[3]) depth++;
    }
  }
  return out;
};

describe('orderChartSeries', () => {
  it('uses the CT_*Ser sequences of dml-chart.xsd', () => {
    const xsd = readFileSync(XSD, 'utf8');
    for (const [type, sequence] of Object.entries(SERIES_SEQUENCES))
      expect(sequence, type).toEqual(sequenceOf(xsd, type));
  });

  it('puts a bar series in CT_BarSer order and drops its smooth', () => {
    const out = orderChartSeries(
      `<plotArea><barChart><barDir val="col"></barDir>${BAR_SER}<axId val="1"></axId></barChart></plotArea>`,
    );
    const ser = /<ser>[\s\S]*<\/ser>/.exec(out)![0];
    expect(names(ser)).toEqual(['idx', 'order', 'tx', 'invertIfNegative', 'dLbls', 'cat', 'val']);
    // Nothing else moves: the group's other children and each child's content stay as written.
    expect(out).toMatch(/^<plotArea><barChart><barDir val="col"><\/barDir><ser>/);
    expect(out).toContain(
      '<val><numRef><f>&#39;Channel performance&#39;!$B$18:$B$23</f></numRef></val></ser><axId val="1"></axId>',
    );
  });

  it('puts a line series in CT_LineSer order and drops its invertIfNegative', () => {
    const out = orderChartSeries(`<lineChart><grouping val="standard"></grouping>${LINE_SER}</lineChart>`);
    expect(names(/<ser>[\s\S]*<\/ser>/.exec(out)![0])).toEqual([
      'idx',
      'order',
      'spPr',
      'marker',
      'dLbls',
      'cat',
      'val',
      'smooth',
    ]);
  });

  it('handles each chart group of a combo chart by its own type, and a prefixed namespace', () => {
    const xml =
      '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:plotArea>' +
      `<c:barChart>${BAR_SER.replace(/<(\/?)(\w)/g, '<$1c:$2')}</c:barChart><c:lineChart>${LINE_SER.replace(/<(\/?)(?!a:)(\w)/g, '<$1c:$2')}</c:lineChart>` +
      '</c:plotArea></c:chartSpace>';
    const out = orderChartSeries(xml);
    const sers = [...out.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map((m) => names(m[0].replace(/c:/g, '')));
    expect(sers).toEqual([
      ['idx', 'order', 'tx', 'invertIfNegative', 'dLbls', 'cat', 'val'],
      ['idx', 'order', 'spPr', 'marker', 'dLbls', 'cat', 'val', 'smooth'],
    ]);
  });

  it('leaves a part already in order, and pie and scatter series in order, unchanged', () => {
    const ordered = orderChartSeries(`<barChart>${BAR_SER}</barChart>`);
    expect(orderChartSeries(ordered)).toBe(ordered);
    const pie =
      '<pieChart><ser><idx val="0"/><order val="0"/><tx/><dPt><idx val="0"/></dPt><dPt><idx val="1"/></dPt><cat/><val/></ser></pieChart>';
    expect(orderChartSeries(pie)).toBe(pie);
    const scatter =
      '<scatterChart><ser><idx val="0"/><order val="0"/><spPr/><marker/><xVal/><yVal/><smooth val="0"/></ser></scatterChart>';
    expect(orderChartSeries(scatter)).toBe(scatter);
  });
});

describe('fixValueAxes', () => {
  // The x axis excelize v2.11.0 writes for a scatter chart (children as in a written chart part).
  const X_AXIS =
    '<c:valAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>' +
    '<c:axPos val="b"/><c:numFmt formatCode=";;;" sourceLinked="0"/><c:majorTickMark val="none"/>' +
    '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="2"/><c:crosses val="autoZero"/>' +
    '<c:auto val="1"></c:auto><c:lblAlgn val="ctr"></c:lblAlgn><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:valAx>';

  it('leaves a value axis only the children CT_ValAx allows, in the schema’s order', () => {
    const allowed = sequenceOf(readFileSync(XSD, 'utf8'), 'CT_ValAx');
    const out = fixValueAxes(X_AXIS);
    const kids = [...out.matchAll(/<c:(\w+)/g)].map((m) => m[1]).filter((k) => k !== 'valAx');
    const top = kids.filter((k) => k !== 'orientation');
    expect(top).toEqual([
      'axId',
      'scaling',
      'delete',
      'axPos',
      'numFmt',
      'majorTickMark',
      'minorTickMark',
      'tickLblPos',
      'crossAx',
      'crosses',
    ]);
    expect(top.every((k) => allowed.includes(k))).toBe(true);
    // The ones dropped are exactly those CT_ValAx has no place for.
    expect(['auto', 'lblAlgn', 'lblOffset', 'noMultiLvlLbl'].some((k) => allowed.includes(k))).toBe(false);
  });

  it('keeps category axes and parts without a stray child byte for byte', () => {
    const cat = '<c:catAx><c:axId val="1"/><c:auto val="1"/><c:lblAlgn val="ctr"/></c:catAx>';
    expect(fixValueAxes(cat)).toBe(cat);
    const val = fixValueAxes(X_AXIS);
    expect(fixValueAxes(val)).toBe(val);
  });
});
