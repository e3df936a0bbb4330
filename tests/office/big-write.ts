/** A 100,000-row result with six native charts (the same shape as bench/write.ts), for tests and the bench. */
import type { AnalysisResult } from '../../src/analysis/types.js';

const t = (en: string) => ({ en, 'zh-CN': en });

export function bigResult(n: number): AnalysisResult {
  const channels = ['Paid search', 'Paid social', '社群', 'E-mail/SMS', 'Content', 'Affiliate'];
  const data = new Array<Record<string, string | number>>(n);
  // Seeded LCG so every run writes the same numbers.
  let s = 42;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
  for (let i = 0; i < n; i++) {
    const spend = Math.round(rnd() * 10000) / 100;
    const revenue = Math.round(spend * (0.5 + rnd() * 5) * 100) / 100;
    data[i] = {
      id: `C${String(i).padStart(6, '0')}`,
      channel: i % 97 === 0 ? '=HYPERLINK("x")' : channels[i % 6],
      day: 45292 + (i % 730),
      spend,
      revenue,
      roas: revenue / spend || 0,
      conv: Math.floor(rnd() * 50),
    };
  }
  return {
    kind: 'bench',
    title: t('Bench result'),
    sheetName: t('Bench'),
    question: t('How fast is the writer?'),
    figures: [{ key: 'rows', label: t('Rows'), value: n, kind: 'integer' }],
    tables: [
      {
        name: 'big',
        title: t('Big table'),
        columns: [
          { key: 'id', label: t('Customer'), kind: 'text' },
          { key: 'channel', label: t('Channel'), kind: 'text' },
          { key: 'day', label: t('Day'), kind: 'date' },
          { key: 'spend', label: t('Spend'), kind: 'currency', highlight: 'dataBar' },
          { key: 'revenue', label: t('Revenue'), kind: 'currency', highlight: 'colorScale' },
          { key: 'roas', label: t('ROAS'), kind: 'ratio', highlight: 'iconSet' },
          { key: 'conv', label: t('Conversions'), kind: 'integer' },
        ],
        rows: data,
      },
    ],
    charts: [
      { name: 'c1', title: t('Spend'), kind: 'column', table: 'big', category: 'id', series: ['spend'] },
      { name: 'c2', title: t('Revenue'), kind: 'bar', table: 'big', category: 'id', series: ['revenue'] },
      { name: 'c3', title: t('Trend'), kind: 'line', table: 'big', category: 'day', series: ['spend', 'revenue'] },
      { name: 'c4', title: t('Share'), kind: 'pie', table: 'big', category: 'id', series: ['spend'] },
      {
        name: 'c5',
        title: t('Spend vs revenue'),
        kind: 'scatter',
        table: 'big',
        category: 'spend',
        series: ['revenue'],
      },
      {
        name: 'c6',
        title: t('Combo'),
        kind: 'combo',
        table: 'big',
        category: 'id',
        series: ['spend', 'revenue'],
        secondary: ['roas'],
      },
    ],
    findings: [],
    notes: [],
    diagnostics: [],
  };
}
