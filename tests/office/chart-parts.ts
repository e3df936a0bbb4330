/**
 * Charts of a .xlsx file and of a stand-in snapshot, in one normalised shape, for parity tests.
 *
 * .xlsx side: `xl/workbook.xml` (sheet names) → `xl/_rels/workbook.xml.rels` → each sheet's rels → its drawing
 * (`xl/drawings/drawingN.xml`, charts in anchor order) → the drawing's rels → `xl/charts/chartN.xml`. Plot
 * groups (`barChart` + `barDir`/`grouping`, `lineChart`, `pieChart`, `doughnutChart`, `scatterChart`) give each
 * series its type; a group whose value axis is not the first group's value axis is on the secondary axis.
 * XML is parsed with happy-dom's DOMParser and matched by local name, so `c:`-prefixed parts (Excel) and
 * default-namespace parts (excelize) read the same.
 */
import { strFromU8, unzipSync } from 'fflate';
import { Window } from 'happy-dom';
import type { WorkbookSnapshot } from '../../addin/excel-sim/index.js';
import { relsPathOf, resolveTarget } from '../../src/opc-paths.js';

/** A chart type both sides agree on (Loopbook's own chart kinds). */
export type NormType = 'column' | 'stackedColumn' | 'bar' | 'stackedBar' | 'line' | 'pie' | 'doughnut' | 'scatter';

export interface NormSeries {
  type: NormType;
  /** `Sheet!B14:B18`: the sheet name unquoted, the address without `$`. */
  values: string | null;
  /** Categories, or x values for scatter. */
  categories: string | null;
  axis: 'primary' | 'secondary';
}

export interface NormChart {
  sheet: string;
  title: string;
  series: NormSeries[];
}

export interface XlsxSeries extends NormSeries {
  /** The series name reference (`<c:tx><c:strRef><c:f>`), normalised like `values`; null for a literal. */
  nameRef: string | null;
  /** The literal name (`<c:tx><c:v>`), or null. */
  nameLiteral: string | null;
}

export interface XlsxChart extends NormChart {
  part: string;
  series: XlsxSeries[];
}

/** Excel.ChartType (Office.js) → normalised type; null for a type Loopbook never writes. */
export function typeOfExcel(chartType: string): NormType | null {
  const map: Record<string, NormType> = {
    ColumnClustered: 'column',
    ColumnStacked: 'stackedColumn',
    BarClustered: 'bar',
    BarStacked: 'stackedBar',
    Line: 'line',
    LineMarkers: 'line',
    Pie: 'pie',
    Doughnut: 'doughnut',
    XYScatter: 'scatter',
  };
  return map[chartType] ?? null;
}

/** `'O''Neil 表'!$B$13:$B$18` → `O'Neil 表!B13:B18`. */
export function normRef(ref: string | null): string | null {
  if (ref === null) return null;
  const i = ref.lastIndexOf('!');
  if (i < 0) throw new Error(`A series reference without a sheet: ${ref}`);
  let sheet = ref.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return `${sheet}!${ref.slice(i + 1).replace(/\$/g, '')}`;
}

/** The stand-in's charts, normalised (a series without its own type takes the chart's). */
export function snapshotCharts(snap: WorkbookSnapshot): (NormChart & { name: string; seriesNames: string[] })[] {
  return snap.charts.map((c) => ({
    sheet: c.sheet,
    name: c.name,
    title: c.title,
    seriesNames: c.series.map((s) => s.name),
    series: c.series.map((s) => {
      const type = typeOfExcel(s.chartType ?? c.chartType);
      if (type === null) throw new Error(`Unexpected chart type ${s.chartType ?? c.chartType} in ${c.sheet}/${c.name}`);
      return {
        type,
        values: normRef(s.values),
        categories: normRef(s.xValues),
        axis: s.axisGroup === 'Secondary' ? ('secondary' as const) : ('primary' as const),
      };
    }),
  }));
}

interface El {
  localName: string;
  children: ArrayLike<El>;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

const kids = (e: El, name: string): El[] => Array.from(e.children).filter((c) => c.localName === name);
const kid = (e: El | undefined, name: string): El | undefined => (e ? kids(e, name)[0] : undefined);
const val = (e: El | undefined): string | null => e?.getAttribute('val') ?? null;
/** Depth-first descendants named `name`. */
function find(e: El, name: string, out: El[] = []): El[] {
  for (const c of Array.from(e.children)) {
    if (c.localName === name) out.push(c);
    find(c, name, out);
  }
  return out;
}

const GROUPS = ['barChart', 'lineChart', 'pieChart', 'doughnutChart', 'scatterChart'] as const;

function groupType(g: El): NormType {
  switch (g.localName) {
    case 'barChart': {
      const col = val(kid(g, 'barDir')) === 'col';
      const stacked = val(kid(g, 'grouping')) === 'stacked';
      return col ? (stacked ? 'stackedColumn' : 'column') : stacked ? 'stackedBar' : 'bar';
    }
    case 'lineChart':
      return 'line';
    case 'pieChart':
      return 'pie';
    case 'doughnutChart':
      return 'doughnut';
    default:
      return 'scatter';
  }
}

/** The formula of a `strRef`/`numRef` child of `e` (`cat`, `val`, `xVal`, `yVal`, `tx`). */
function refIn(e: El | undefined): string | null {
  if (!e) return null;
  const r = kid(e, 'strRef') ?? kid(e, 'numRef') ?? kid(e, 'multiLvlStrRef');
  const f = kid(r, 'f')?.textContent ?? null;
  return normRef(f);
}

/** Every chart of a .xlsx file, sheet by sheet in workbook order, charts in drawing (creation) order. */
export async function xlsxCharts(bytes: Uint8Array): Promise<XlsxChart[]> {
  const zip = unzipSync(bytes);
  const window = new Window();
  try {
    const parse = (part: string): El => {
      if (!(part in zip)) throw new Error(`Missing part ${part}`);
      return new window.DOMParser().parseFromString(strFromU8(zip[part]), 'application/xml').documentElement;
    };
    const rels = (part: string): Map<string, string> => {
      const p = relsPathOf(part);
      if (!(p in zip)) return new Map();
      return new Map(
        kids(parse(p), 'Relationship').map((r) => [
          r.getAttribute('Id')!,
          resolveTarget(part, r.getAttribute('Target')!),
        ]),
      );
    };
    const book = 'xl/workbook.xml';
    const bookRels = rels(book);
    const out: XlsxChart[] = [];
    for (const s of kids(kid(parse(book), 'sheets')!, 'sheet')) {
      const name = s.getAttribute('name')!;
      const sheetPart = bookRels.get(s.getAttribute('r:id')!)!;
      const sheetRels = rels(sheetPart);
      for (const d of kids(parse(sheetPart), 'drawing')) {
        const drawingPart = sheetRels.get(d.getAttribute('r:id')!)!;
        const drawingRels = rels(drawingPart);
        for (const c of find(parse(drawingPart), 'chart')) {
          const chartPart = drawingRels.get(c.getAttribute('r:id')!)!;
          out.push({ ...chartOf(parse(chartPart), name), part: chartPart });
        }
      }
    }
    return out;
  } finally {
    await window.happyDOM.close();
  }
}

function chartOf(space: El, sheet: string): Omit<XlsxChart, 'part'> {
  const chart = kid(space, 'chart')!;
  const plot = kid(chart, 'plotArea')!;
  const titleEl = kid(chart, 'title');
  const title = titleEl
    ? find(titleEl, 't')
        .map((t) => t.textContent ?? '')
        .join('')
    : '';
  const groups = Array.from(plot.children).filter((g) => (GROUPS as readonly string[]).includes(g.localName));
  // The value axis of a group: the one of its axIds that is a valAx (scatter: both are valAx; take the second, Y).
  const valAxes = new Set(kids(plot, 'valAx').map((a) => val(kid(a, 'axId'))));
  const valueAxisOf = (g: El): string | null => {
    const ids = kids(g, 'axId').map((a) => val(a));
    return g.localName === 'scatterChart' ? (ids[1] ?? null) : (ids.find((id) => valAxes.has(id)) ?? null);
  };
  const primary = groups.length > 0 ? valueAxisOf(groups[0]) : null;
  const series: (XlsxSeries & { order: number })[] = [];
  for (const g of groups) {
    const type = groupType(g);
    const axis = valueAxisOf(g) === primary ? ('primary' as const) : ('secondary' as const);
    for (const s of kids(g, 'ser')) {
      const tx = kid(s, 'tx');
      const scatter = type === 'scatter';
      series.push({
        order: Number(val(kid(s, 'order')) ?? series.length),
        type,
        values: refIn(kid(s, scatter ? 'yVal' : 'val')),
        categories: refIn(kid(s, scatter ? 'xVal' : 'cat')),
        axis,
        nameRef: refIn(tx),
        nameLiteral: kid(tx, 'v')?.textContent ?? null,
      });
    }
  }
  series.sort((a, b) => a.order - b.order);
  return { sheet, title, series: series.map(({ order: _order, ...s }) => s) };
}
