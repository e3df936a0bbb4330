/**
 * A simple viewer of the stand-in workbook: sheet tabs, the grid of the active sheet (first rows), and the
 * sheet's native charts drawn with Chart.js from their series ranges — what the pane wrote, as Excel would
 * show it. Cells can be edited (double-click) to try staleness and data checks.
 */
import { memo, useEffect, useRef, useState } from 'react';
import { Chart } from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import type { ChartModel, SheetModel, WorkbookModel } from '../excel-sim/model.js';
import { columnLetter } from '../excel-sim/address.js';
import { serialToIso } from '../../src/serial-date.js';
import { PALETTE } from '../taskpane/components/ChartPreview.js';
import type { PlaygroundText } from './text.js';

const MAX_ROWS = 200;
const MAX_COLS = 26;

/** A cell as the grid shows it: dates through their format, numbers rounded, text as is. */
export function displayCell(v: string | number | boolean, format: string): string {
  if (typeof v === 'number') {
    const f = format.toLowerCase();
    if (/(^|[^"\\])[ymd]/.test(f.replace(/"[^"]*"/g, '')) && !f.includes('#') && v > 0 && v < 2_958_466) {
      return (
        serialToIso(Math.floor(v)) +
        (f.includes('h')
          ? ` ${String(Math.floor((v % 1) * 24)).padStart(2, '0')}:${String(Math.round((v * 1440) % 60)).padStart(2, '0')}`
          : '')
      );
    }
    if (f.includes('%')) return `${(v * 100).toFixed(f.includes('.0') ? 1 : 0)}%`;
    return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

function rangeValues(
  sheet: SheetModel,
  rect: { r0: number; c0: number; rows: number; cols: number },
): (string | number | boolean)[] {
  const out: (string | number | boolean)[] = [];
  for (let r = rect.r0; r < rect.r0 + rect.rows; r++)
    for (let c = rect.c0; c < rect.c0 + rect.cols; c++) out.push(sheet.getValue(r, c));
  return out;
}

/** Chart.js configuration for a stand-in chart (its type and series ranges). */
export function simChartConfig(chart: ChartModel): ChartConfiguration {
  const t = chart.chartType.toLowerCase();
  const round = t.includes('pie') || t.includes('doughnut');
  const scatter = t.includes('xyscatter');
  const horizontal = t.startsWith('bar');
  const stacked = t.includes('stacked');
  const first = chart.series[0];
  const labels = first?.xValues
    ? rangeValues(first.xValues.sheet, first.xValues.rect).map((v) =>
        displayCell(v, first.xValues!.sheet.getFormat(first.xValues!.rect.r0, first.xValues!.rect.c0)),
      )
    : [];
  const datasets = chart.series.map((s, i) => {
    const values = s.values
      ? rangeValues(s.values.sheet, s.values.rect).map((v) => (typeof v === 'number' ? v : null))
      : [];
    const st = (s.chartType ?? chart.chartType).toLowerCase();
    const color = PALETTE[i % PALETTE.length];
    if (scatter)
      return {
        type: 'scatter' as const,
        label: s.name,
        data: values.map((y, j) => ({ x: Number(labels[j]), y: y ?? NaN })),
        backgroundColor: color,
      };
    return {
      type: round ? undefined : st.includes('line') ? ('line' as const) : ('bar' as const),
      label: s.name,
      data: values,
      backgroundColor: round ? labels.map((_, j) => PALETTE[j % PALETTE.length]) : color,
      borderColor: color,
      ...(s.axisGroup === 'Secondary' ? { yAxisID: 'y2' } : {}),
    };
  });
  const hasY2 = chart.series.some((s) => s.axisGroup === 'Secondary');
  return {
    type: round
      ? t.includes('pie')
        ? 'pie'
        : 'doughnut'
      : scatter
        ? 'scatter'
        : t.startsWith('line')
          ? 'line'
          : 'bar',
    data: { labels: scatter ? undefined : labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      plugins: {
        title: { display: Boolean(chart.title), text: chart.title },
        legend: { display: chart.legend.visible, position: 'bottom' },
      },
      scales: round
        ? {}
        : {
            x: { stacked },
            y: { stacked, beginAtZero: true },
            ...(hasY2 ? { y2: { position: 'right', grid: { drawOnChartArea: false } } } : {}),
          },
    },
  };
}

function ChartBox({ chart, version }: { chart: ChartModel; version: number }) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas?.getContext('2d')) return;
    // Each chart is drawn in a task of its own: a dashboard's charts drawn in the commit that shows the
    // sheet held the page for one long task (0.2 s of Chart.js at the end of a run).
    let c: Chart | null = null;
    const timer = setTimeout(() => {
      c = new Chart(canvas, simChartConfig(chart));
    }, 0);
    return () => {
      clearTimeout(timer);
      c?.destroy();
    };
  }, [chart, version]);
  return (
    <figure className="pg-chart" data-testid="sim-chart">
      <div className="pg-chart-box">
        <canvas ref={ref} role="img" aria-label={`${chart.title || chart.name} (${chart.chartType})`} />
      </div>
    </figure>
  );
}

/** The first rows and columns of a sheet; redrawn only when the workbook changed or another sheet shows. */
const Grid = memo(function Grid({
  sheet: active,
  onEdit,
  editLabel,
}: {
  sheet: SheetModel;
  version: number;
  onEdit: ViewerProps['onEdit'];
  editLabel: string;
}) {
  const used = active.usedRect();
  const rows = used ? Math.min(used.r0 + used.rows, MAX_ROWS) : 0;
  const cols = used ? Math.min(used.c0 + used.cols, MAX_COLS) : 0;
  return (
    <table className="pg-grid" data-testid="sim-grid">
      <thead>
        <tr>
          <th />
          {Array.from({ length: cols }, (_, c) => (
            <th key={c} scope="col">
              {columnLetter(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: rows }, (_, r) => (
          <tr key={r}>
            <th scope="row">{r + 1}</th>
            {Array.from({ length: cols }, (_, c) => {
              const v = active.getValue(r, c);
              return (
                <td
                  key={c}
                  className={typeof v === 'number' ? 'pg-num' : undefined}
                  onDoubleClick={() => {
                    const next = window.prompt(`${editLabel} ${active.name}!${columnLetter(c)}${r + 1}`, String(v));
                    if (next !== null) onEdit(active.name, r, c, next);
                  }}
                >
                  {displayCell(v, active.getFormat(r, c))}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

export interface ViewerProps {
  model: WorkbookModel;
  /** Bumped whenever the workbook changed (after each Excel.run). */
  version: number;
  onEdit: (sheet: string, row: number, col: number, value: string) => void;
  text: PlaygroundText;
}

export function Viewer({ model, version, onEdit, text }: ViewerProps) {
  const [, force] = useState(0);
  const sheets = model.sheets.filter((s) => s.visibility === 'Visible');
  const active = model.active && model.active.visibility === 'Visible' ? model.active : sheets[0];
  const used = active?.usedRect();
  const charts = active ? model.charts.filter((c) => c.sheet === active) : [];
  return (
    <section className="pg-viewer" aria-label={text.workbook}>
      <div className="pg-tabs" role="tablist" aria-label={text.sheets}>
        {sheets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s === active}
            className={s === active ? 'pg-tab pg-tab-active' : 'pg-tab'}
            style={s.tabColor ? { borderTopColor: s.tabColor } : undefined}
            onClick={() => {
              model.active = s;
              force((n) => n + 1);
            }}
          >
            {s.name}
          </button>
        ))}
      </div>
      <div className="pg-sheet" role="tabpanel" aria-label={active?.name ?? ''} data-version={version}>
        {charts.length > 0 ? (
          <div className="pg-charts">
            {charts.map((c) => (
              <ChartBox key={c.id} chart={c} version={version} />
            ))}
          </div>
        ) : null}
        {active ? <Grid sheet={active} version={version} onEdit={onEdit} editLabel={text.editCell} /> : null}
        {used && used.r0 + used.rows > MAX_ROWS ? (
          <p className="pg-more">
            Showing the first {MAX_ROWS} of {(used.r0 + used.rows).toLocaleString('en-US')} rows.
          </p>
        ) : null}
      </div>
    </section>
  );
}
