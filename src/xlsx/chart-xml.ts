/**
 * Chart series in schema order. excelize v2.11.0 (inside excelize-wasm 0.1.3, the newest release) writes
 * `<c:invertIfNegative>` after `<c:dLbls>` plus a `<c:smooth>` in bar series, and `<c:marker>` after
 * `<c:dLbls>` plus an `<c:invertIfNegative>` in line series; ECMA-376 Part 1 (dml-chart.xsd, CT_BarSer and
 * CT_LineSer) allows neither, and desktop Excel "repairs" such a file by dropping its drawings (excelize
 * issues #2355, #2356). `orderChartSeries` puts every series' children in the order of its CT_*Ser
 * sequence and drops the children that sequence does not allow.
 */

/** The child sequence of each series type (ISO/IEC 29500-4:2016 dml-chart.xsd; EG_SerShared first). */
export const SERIES_SEQUENCES = {
  CT_BarSer: [
    'idx',
    'order',
    'tx',
    'spPr',
    'invertIfNegative',
    'pictureOptions',
    'dPt',
    'dLbls',
    'trendline',
    'errBars',
    'cat',
    'val',
    'shape',
    'extLst',
  ],
  CT_LineSer: [
    'idx',
    'order',
    'tx',
    'spPr',
    'marker',
    'dPt',
    'dLbls',
    'trendline',
    'errBars',
    'cat',
    'val',
    'smooth',
    'extLst',
  ],
  CT_PieSer: ['idx', 'order', 'tx', 'spPr', 'explosion', 'dPt', 'dLbls', 'cat', 'val', 'extLst'],
  CT_ScatterSer: [
    'idx',
    'order',
    'tx',
    'spPr',
    'marker',
    'dPt',
    'dLbls',
    'trendline',
    'errBars',
    'xVal',
    'yVal',
    'smooth',
    'extLst',
  ],
  CT_AreaSer: [
    'idx',
    'order',
    'tx',
    'spPr',
    'pictureOptions',
    'dPt',
    'dLbls',
    'trendline',
    'errBars',
    'cat',
    'val',
    'extLst',
  ],
} as const;

type SeriesType = keyof typeof SERIES_SEQUENCES;

/** The series type of a chart-group element (`barChart` holds CT_BarSer series …). */
const SERIES_OF: Record<string, SeriesType> = {
  barChart: 'CT_BarSer',
  bar3DChart: 'CT_BarSer',
  lineChart: 'CT_LineSer',
  line3DChart: 'CT_LineSer',
  stockChart: 'CT_LineSer',
  pieChart: 'CT_PieSer',
  pie3DChart: 'CT_PieSer',
  doughnutChart: 'CT_PieSer',
  ofPieChart: 'CT_PieSer',
  scatterChart: 'CT_ScatterSer',
  areaChart: 'CT_AreaSer',
  area3DChart: 'CT_AreaSer',
};

/** Tags of a chart part: `<name …>`, `</name>`, `<name …/>`; prefix kept apart from the local name. */
const TAG = /<(\/?)(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)\b[^>]*?(\/?)>/g;

/** The direct children of the element whose content is `xml[start, end)`, as [start, end, local name]. */
function children(xml: string, start: number, end: number): [number, number, string][] {
  const out: [number, number, string][] = [];
  let depth = 0;
  let open = -1;
  let name = '';
  TAG.lastIndex = start;
  for (let m = TAG.exec(xml); m && m.index < end; m = TAG.exec(xml)) {
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    if (closing) {
      depth--;
      if (depth === 0) out.push([open, m.index + m[0].length, name]);
    } else {
      if (depth === 0) {
        open = m.index;
        name = m[3];
      }
      if (selfClosing) {
        if (depth === 0) out.push([open, m.index + m[0].length, name]);
      } else depth++;
    }
  }
  return out;
}

/**
 * `xml` (a chart part) with the children of every `<ser>` in the order of its chart group's series
 * sequence, children the sequence does not allow removed. Other markup is left byte for byte; a part
 * already in order comes back unchanged. Works with the chart namespace as default or prefixed (`c:`).
 * @example orderChartSeries('<barChart><ser><idx val="0"/><order val="0"/><dLbls/><invertIfNegative val="0"/><smooth val="0"/></ser></barChart>')
 *   // '<barChart><ser><idx val="0"/><order val="0"/><invertIfNegative val="0"/><dLbls/></ser></barChart>'
 */
export function orderChartSeries(xml: string): string {
  // Series sit directly in their chart group; groups never nest, so scanning group by group is enough.
  const group = /<(?:([A-Za-z_][\w.-]*):)?(\w+Chart)\b[^>]*>/g;
  const edits: { start: number; end: number; text: string }[] = [];
  for (let g = group.exec(xml); g; g = group.exec(xml)) {
    const type = SERIES_OF[g[2]] as SeriesType | undefined;
    if (!type) continue;
    const close = xml.indexOf(`</${g[1] ? `${g[1]}:` : ''}${g[2]}>`, g.index);
    if (close < 0) continue;
    const sequence: readonly string[] = SERIES_SEQUENCES[type];
    for (const [s0, s1, name] of children(xml, g.index + g[0].length, close)) {
      if (name !== 'ser') continue;
      const innerStart = xml.indexOf('>', s0) + 1;
      const innerEnd = xml.lastIndexOf('<', s1 - 1);
      if (xml[innerStart - 2] === '/') continue; // <ser/>
      const kids = children(xml, innerStart, innerEnd);
      const kept = kids
        .filter((k) => sequence.includes(k[2]))
        .map((k, i) => ({ k, i }))
        // Stable: repeated children (dPt, trendline, errBars) keep their own order.
        .sort((a, b) => sequence.indexOf(a.k[2]) - sequence.indexOf(b.k[2]) || a.i - b.i)
        .map(({ k }) => xml.slice(k[0], k[1]));
      const before = kids.map((k) => xml.slice(k[0], k[1])).join('');
      const after = kept.join('');
      if (after !== before) edits.push({ start: innerStart, end: innerEnd, text: after });
    }
    group.lastIndex = close;
  }
  if (edits.length === 0) return xml;
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += xml.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + xml.slice(at);
}

/** Children of a category axis that CT_ValAx does not allow (dml-chart.xsd). */
const CATEGORY_ONLY = /<((?:[A-Za-z_][\w.-]*:)?)(auto|lblAlgn|lblOffset|noMultiLvlLbl)\b[^>]*?(?:\/>|>[^<]*<\/\1\2>)/g;

/**
 * `xml` (a chart part) without the category-axis children excelize writes into the x value axis of a
 * scatter chart (`auto`, `lblAlgn`, `lblOffset`, `noMultiLvlLbl`); CT_ValAx allows none of them. Parts
 * without such children come back unchanged.
 * @example fixValueAxes('<valAx><axId val="1"/><crosses val="autoZero"/><auto val="1"/></valAx>')
 *   // '<valAx><axId val="1"/><crosses val="autoZero"/></valAx>'
 */
export function fixValueAxes(xml: string): string {
  return xml.replace(/<((?:[A-Za-z_][\w.-]*:)?)valAx>[\s\S]*?<\/\1valAx>/g, (ax) => ax.replace(CATEGORY_ONLY, ''));
}
