import { useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PieController,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Lang } from '../../../src/types.js';
import type { ChartView } from '../../worker/protocol.js';
import { marks, pick } from '../i18n/index.js';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PieController,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
);

/** Excel's default palette (Office theme accents 1–6), so previews look like the native charts. */
export const PALETTE = ['#4472C4', '#ED7D31', '#A5A5A5', '#FFC000', '#5B9BD5', '#70AD47', '#264478', '#9E480E'];

/** A Chart.js configuration for a chart view: the same kinds the report draws natively. */
export function chartConfig(view: ChartView, lang: Lang, textColor: string): ChartConfiguration {
  const stacked = view.kind === 'stackedColumn' || view.kind === 'stackedBar';
  const horizontal = view.kind === 'bar' || view.kind === 'stackedBar';
  const round = view.kind === 'pie' || view.kind === 'doughnut';
  const hasSecondary = view.series.some((s) => s.secondary);
  const datasets = view.series.map((s, i): ChartDataset => {
    const color = PALETTE[i % PALETTE.length];
    const base = { label: pick(s.label, lang), data: s.values as number[] };
    if (round) return { ...base, backgroundColor: view.labels.map((_, j) => PALETTE[j % PALETTE.length]) };
    if (view.kind === 'scatter') {
      return {
        type: 'scatter',
        label: base.label,
        data: s.values.map((y, j) => ({ x: Number(view.labels[j]), y: y ?? NaN })),
        backgroundColor: color,
      };
    }
    const asLine = view.kind === 'line' || (view.kind === 'combo' && s.secondary);
    return {
      ...base,
      type: asLine ? 'line' : 'bar',
      backgroundColor: color,
      borderColor: color,
      ...(view.kind === 'combo' && s.secondary ? { yAxisID: 'y2' } : {}),
    };
  });
  const type = round
    ? view.kind === 'pie'
      ? 'pie'
      : 'doughnut'
    : view.kind === 'scatter'
      ? 'scatter'
      : view.kind === 'line'
        ? 'line'
        : 'bar';
  const tick = { color: textColor, maxRotation: 60, autoSkip: true, font: { size: 10 } };
  const scales = round
    ? {}
    : {
        x: { stacked, ticks: tick, ...(view.kind === 'scatter' ? { type: 'linear' as const } : {}) },
        y: { stacked, ticks: tick, beginAtZero: true },
        ...(hasSecondary && view.kind === 'combo'
          ? { y2: { position: 'right' as const, ticks: tick, grid: { drawOnChartArea: false } } }
          : {}),
      };
  return {
    type,
    data: { labels: view.kind === 'scatter' ? undefined : view.labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      plugins: {
        legend: {
          display: view.series.length > 1 || round,
          position: 'bottom',
          labels: { color: textColor, boxWidth: 10, font: { size: 10 } },
        },
      },
      scales,
    },
  };
}

const useStyles = makeStyles({
  box: { position: 'relative', height: '200px', width: '100%' },
});

/** A small Chart.js drawing of one result chart; an image with a text alternative for screen readers. */
export function ChartPreview({ view, lang, label }: { view: ChartView; lang: Lang; label: string }) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const styles = useStyles();
  useEffect(() => {
    const canvas = ref.current;
    // No 2-D context (e.g. a test DOM): leave the text alternative alone.
    if (!canvas || typeof canvas.getContext !== 'function' || !canvas.getContext('2d')) return;
    const color = getComputedStyle(canvas).color || tokens.colorNeutralForeground1;
    const chart = new Chart(canvas, chartConfig(view, lang, color));
    return () => {
      chart.destroy();
    };
  }, [view, lang]);
  const m = marks(lang);
  const summary = view.series
    .map(
      (s) => `${pick(s.label, lang)}${m.colon}${view.labels.map((l, i) => `${l} ${s.values[i] ?? '—'}`).join(m.comma)}`,
    )
    .join(m.semicolon);
  return (
    <div className={styles.box}>
      <canvas ref={ref} role="img" aria-label={`${label}${m.stop}${summary}`} />
    </div>
  );
}
