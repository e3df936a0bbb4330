/**
 * The Dashboard a manager reads in one screen, top to bottom:
 *   1. what to act on first: the top findings, money at stake first, each linked to its sheet;
 *   2. six to eight headline figures in plain words (`headlines.ts`), each linked to its sheet; a figure about
 *      the customer base that the Explore sheet's first pivot recomputes reads that pivot (`tilePivot`), so
 *      its slicers move it;
 *   3. four to six charts that carry the story (`DASHBOARD_CHARTS`);
 *   4. every analysis, one link away, and the run's data-quality messages.
 * Each analysis's full block of figures stays on its own sheet; model parameters only in its method notes.
 */
import type { AnalysisResult } from '../analysis/types.js';
import type { Diagnostic, I18nText, Lang } from '../types.js';
import { pick } from '../i18n/labels.js';
import { CHANGE_FORMAT, numberFormatFor } from './number-format.js';
import { pickHeadlines } from './headlines.js';
import { compareFindings } from './rank-findings.js';
import type { Block, ChartBlock, KpiTile, NoteItem, ReportSheet } from './types.js';

export const MAX_TOP_FINDINGS = 10;
export const MIN_DASHBOARD_CHARTS = 4;
export const MAX_DASHBOARD_CHARTS = 6;

/**
 * Whose chart tells the story, in order: where the money goes and what it brings, which channels bring
 * customers worth their cost, what a test proved, where the customers stand, whether they come back,
 * and spending against the plan. Other analyses' charts fill up to `MIN_DASHBOARD_CHARTS`.
 */
export const DASHBOARD_CHARTS: readonly string[] = [
  'channel-performance',
  'acquisition-quality',
  'experiment',
  'lifecycle',
  'cohorts',
  'budget',
];

const WORDS = {
  actFirst: { en: 'What to act on first', 'zh-CN': '优先处理的事项' },
  noFindings: {
    en: 'No finding with money at stake in this run; the figures below and each analysis’s sheet hold the details.',
    'zh-CN': '本次运行没有涉及金额的发现；详情见下方指标及各分析工作表。',
  },
  headlines: { en: 'Headline figures', 'zh-CN': '核心指标' },
  analyses: { en: 'Every analysis in full (one sheet each)', 'zh-CN': '各项分析详情（每项一张工作表）' },
} as const satisfies Record<string, I18nText>;

export interface DashboardSource {
  result: AnalysisResult;
  /** Key and final name of the analysis's sheet. */
  sheet: ReportSheet;
  /** The sheet's drawable charts in the analysis's order (hint name); `make(key)` gives a copy under a new key. */
  charts: { name: string; make: (key: string) => ChartBlock }[];
}

export interface DashboardParts {
  lang: Lang;
  currency: string;
  /** Title block of the Dashboard (report title, as-of date, sources). */
  title: Block;
  findingItem: (f: AnalysisResult['findings'][number], link: string) => NoteItem;
  diagnosticText: (d: Diagnostic) => string;
  diagnostics: Diagnostic[];
  toKey: (s: string) => string;
  noResults: string;
  /** The pivot value a tile of figure `key` of analysis `kind` reads (see `customerFactsSheets`), if any. */
  tilePivot?: (kind: string, key: string, value: number | null) => KpiTile['pivot'];
}

/**
 * The headline tiles: plain labels, one currency format (whole units) for every amount, a link each; a tile
 * whose figure a pivot recomputes reads it (`pivot`), its value the figure until the host recalculates.
 */
function headlineTiles(sources: readonly DashboardSource[], p: DashboardParts): KpiTile[] {
  const sheetOf = new Map(sources.map((s) => [s.result, s.sheet.key]));
  return pickHeadlines(sources.map((s) => s.result)).map(({ result, figure, label }) => {
    const pivot = p.tilePivot?.(result.kind, figure.key, figure.value);
    return {
      key: p.toKey(`${result.kind}.${figure.key}`),
      label: pick(label ?? figure.label, p.lang),
      value: figure.value,
      // Whole amounts everywhere on the Dashboard: one currency format per run, ten characters a tile.
      numberFormat: numberFormatFor(figure.kind, p.currency, figure.kind === 'currency' ? 0 : figure.decimals),
      ...(typeof figure.change === 'number' && Number.isFinite(figure.change)
        ? { change: figure.change, changeFormat: CHANGE_FORMAT }
        : {}),
      link: sheetOf.get(result)!,
      ...(pivot ? { pivot } : {}),
    };
  });
}

function dashboardCharts(sources: readonly DashboardSource[], p: DashboardParts): ChartBlock[] {
  const rank = (kind: string) => {
    const i = DASHBOARD_CHARTS.indexOf(kind);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  const withCharts = sources.filter((s) => s.charts.length > 0);
  const preferred = withCharts
    .filter((s) => rank(s.result.kind) !== Number.POSITIVE_INFINITY)
    .sort((a, b) => rank(a.result.kind) - rank(b.result.kind));
  const others = withCharts.filter((s) => !preferred.includes(s));
  const chosen = [...preferred, ...others.slice(0, Math.max(0, MIN_DASHBOARD_CHARTS - preferred.length))].slice(
    0,
    MAX_DASHBOARD_CHARTS,
  );
  // Charts in the order of the sheets, as the reader meets them in the workbook.
  return sources
    .filter((s) => chosen.includes(s))
    .map((s) => s.charts[0].make(p.toKey(`dashboard.${s.sheet.key}.${s.charts[0].name}`)));
}

/** The Dashboard's blocks (see the file comment). */
export function dashboardBlocks(sources: readonly DashboardSource[], p: DashboardParts): Block[] {
  const lang = p.lang;
  const blocks: Block[] = [p.title];
  const findings = sources
    .flatMap((s) => s.result.findings.map((f) => ({ f, link: s.sheet.key })))
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => compareFindings(a.f, b.f) || a.i - b.i)
    .slice(0, MAX_TOP_FINDINGS);
  blocks.push({
    type: 'notes',
    key: 'dashboard.findings',
    title: WORDS.actFirst[lang],
    items:
      findings.length > 0
        ? findings.map((x) => p.findingItem(x.f, x.link))
        : [{ kind: 'note', text: sources.length > 0 ? WORDS.noFindings[lang] : p.noResults }],
  });
  const tiles = headlineTiles(sources, p);
  if (tiles.length > 0) blocks.push({ type: 'kpis', key: 'dashboard.headlines', title: WORDS.headlines[lang], tiles });
  blocks.push(...dashboardCharts(sources, p));
  const contents: NoteItem[] = sources.map((s) => ({
    kind: 'note',
    text: `${s.sheet.name}${lang === 'zh-CN' ? '：' : ': '}${pick(s.result.question, lang)}`,
    link: s.sheet.key,
  }));
  contents.push(
    ...p.diagnostics.map((d) => ({ kind: 'diagnostic' as const, severity: d.severity, text: p.diagnosticText(d) })),
  );
  if (contents.length > 0)
    blocks.push({ type: 'notes', key: 'dashboard.notes', title: WORDS.analyses[lang], items: contents });
  return blocks;
}
