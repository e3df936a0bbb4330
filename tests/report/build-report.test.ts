import { describe, expect, it } from 'vitest';
import { buildReport, sanitizeSheetName, uniqueName } from '../../src/report/build-report.js';
import { ReportSchema } from '../../src/report/types.js';
import { numberFormatFor, serialToIso, isoToSerial, moneyText } from '../../src/report/number-format.js';
import { channelResult, context, deepFreeze, rfmResult } from './fixtures.js';
import { expectGolden } from './golden.js';

const here = import.meta.dirname;

describe('buildReport', () => {
  it('matches the golden Report in English and in Chinese, and leaves its inputs unchanged', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const results = deepFreeze([channelResult(), rfmResult()]);
      const ctx = deepFreeze(context(lang));
      const before = JSON.stringify([results, ctx]);
      const report = buildReport(results, ctx);
      expect(JSON.stringify([results, ctx])).toBe(before);
      expectGolden(here, `report-${lang}`, report);
    }
  });

  it('puts the Dashboard first, then one sheet per result, with localized names', () => {
    const en = buildReport([channelResult(), rfmResult()], context('en'));
    expect(en.sheets.map((s) => [s.key, s.name, s.role])).toEqual([
      ['dashboard', 'Dashboard', 'dashboard'],
      ['channel-performance', 'Channel performance', 'result'],
      ['rfm', 'RFM segments', 'result'],
    ]);
    const zh = buildReport([channelResult(), rfmResult()], context('zh-CN'));
    expect(zh.sheets.map((s) => s.name)).toEqual(['仪表板', '渠道表现', 'RFM 分层']);
    expect(zh.sheets[1].blocks[0]).toMatchObject({
      type: 'title',
      title: '渠道表现',
      subtitle: ['截至：2024-12-31', expect.stringMatching(/^数据来源：/), '哪些渠道的投入产出最高？'],
    });
  });

  it('maps value kinds to Excel number formats with the currency symbol', () => {
    const r = buildReport([channelResult()], context('en'));
    const table = r.sheets[1].blocks.find((b) => b.type === 'table')!;
    expect(table.type === 'table' && table.columns.map((c) => c.numberFormat)).toEqual([
      '@',
      '"¥"#,##0.00;-"¥"#,##0.00',
      '"¥"#,##0.00;-"¥"#,##0.00',
      '#,##0',
      '0.00',
      '"¥"#,##0.00;-"¥"#,##0.00',
      '0.0%',
      '0.0%',
    ]);
  });

  it('turns NaN and missing values into empty cells, never NaN', () => {
    const r = buildReport([rfmResult()], context('en'));
    const table = r.sheets[1].blocks.find((b) => b.type === 'table');
    // rfmResult's "-At risk" row has revenue NaN.
    expect(table?.type === 'table' && table.rows[1]).toEqual(['-At risk', 300, null]);
    const fig = {
      ...channelResult(),
      figures: [
        {
          key: 'x',
          label: { en: 'X', 'zh-CN': 'X' },
          value: Number.POSITIVE_INFINITY,
          kind: 'number' as const,
          change: Number.NaN,
        },
      ],
    };
    const kpis = buildReport([fig], context('en')).sheets[1].blocks.find((b) => b.type === 'kpis');
    expect(kpis?.type === 'kpis' && kpis.tiles[0]).toMatchObject({ value: null, change: null });
  });

  it('ranks the Dashboard findings by money at stake and links each to its sheet', () => {
    const r = buildReport([channelResult(), rfmResult()], context('en'));
    const f = r.sheets[0].blocks.find((b) => b.key === 'dashboard.findings');
    // atStake: rfm 120,000 > social 80,000 > community 50,000 (fixtures).
    expect(f?.type === 'notes' && f.items.map((i) => [i.link, i.text.split(' (')[0]])).toEqual([
      ['rfm', '300 customers at risk.'],
      ['channel-performance', 'Paid social returns least.'],
      ['channel-performance', '社群 returns ¥10 per ¥1 spent.'],
    ]);
    expect(f?.type === 'notes' && f.items[0].text).toBe('300 customers at risk. (At stake: ¥120,000)');
    // The Dashboard's line leaves the evidence to the sheet it links to (fixture evidence "ROAS 1.8 on ¥100,000").
    expect(f?.type === 'notes' && f.items[1].text).toBe('Paid social returns least. (At stake: ¥80,000)');
    const sheet = r.sheets.find((s) => s.key === 'channel-performance')!;
    const own = sheet.blocks.find((b) => b.type === 'notes' && b.items.some((i) => i.kind === 'finding'));
    expect(own?.type === 'notes' && own.items.map((i) => i.text)).toContain(
      'Paid social returns least. (At stake: ¥80,000) — ROAS 1.8 on ¥100,000',
    );
  });

  it('ranks findings that describe the data after effects and decisions, whatever their amount', () => {
    const rfm = rfmResult();
    const described = { ...rfm, findings: rfm.findings.map((f) => ({ ...f, descriptive: true })) };
    const r = buildReport([channelResult(), described], context('en'));
    const f = r.sheets[0].blocks.find((b) => b.key === 'dashboard.findings');
    // rfm's 120,000 is the largest amount, but it only describes customers as they are: it comes last.
    expect(f?.type === 'notes' && f.items.map((i) => i.link)).toEqual([
      'channel-performance',
      'channel-performance',
      'rfm',
    ]);
  });

  it('puts each result’s first chart on the Dashboard, reading the result sheet’s table', () => {
    const r = buildReport([channelResult(), rfmResult()], context('en'));
    const charts = r.sheets[0].blocks.filter((b) => b.type === 'chart');
    expect(charts.map((c) => c.type === 'chart' && [c.chartType, c.table])).toEqual([
      ['combo', 'channel-performance.byChannel'],
      ['column', 'rfm.segments'],
    ]);
  });

  it('gives a combo chart a secondary axis with the secondary column’s format', () => {
    const r = buildReport([channelResult()], context('en'));
    const combo = r.sheets[1].blocks.find((b) => b.type === 'chart' && b.chartType === 'combo');
    expect(combo).toMatchObject({
      series: [
        { column: 'spend', axis: 'primary', mark: 'column' },
        { column: 'revenue', axis: 'primary', mark: 'column' },
        { column: 'roas', axis: 'secondary', mark: 'line' },
      ],
      y2Axis: { title: 'ROAS', numberFormat: '0.00' },
    });
  });

  it('builds a Dashboard that says nothing could run when there are no results', () => {
    const r = buildReport([], { ...context('zh-CN'), diagnostics: [] });
    expect(r.sheets).toHaveLength(1);
    const notes = r.sheets[0].blocks.find((b) => b.type === 'notes');
    expect(notes?.type === 'notes' && notes.items[0].text).toBe('这些输入数据无法运行任何分析。');
  });

  it('leaves code columns off Chinese sheets and shows coded values in words; English keeps both as they are', () => {
    // The RFM fixture with a code column beside its label (as rfm.ts writes segment and segment_name) and a
    // method column whose codes have words (as the experiment's plain / cuped).
    const base = rfmResult();
    const table = base.tables[0];
    const result = {
      ...base,
      tables: [
        {
          ...table,
          columns: [
            {
              key: 'code',
              label: { en: 'Segment key', 'zh-CN': '分群键' },
              kind: 'text' as const,
              code: true as const,
            },
            ...table.columns,
            {
              key: 'method',
              label: { en: 'Method', 'zh-CN': '方法' },
              kind: 'text' as const,
              values: { cuped: { en: 'cuped', 'zh-CN': 'CUPED 调整' } },
            },
          ],
          rows: table.rows.map((r, i) => ({ ...r, code: `seg_${i}`, method: i === 0 ? 'cuped' : 'plain' })),
        },
      ],
    };
    const tableOf = (lang: 'en' | 'zh-CN') =>
      buildReport([result], context(lang)).sheets[1].blocks.find((b) => b.type === 'table')!;
    const en = tableOf('en');
    const zh = tableOf('zh-CN');
    if (en.type !== 'table' || zh.type !== 'table') throw new Error('no table');
    expect(en.columns.map((c) => c.key)).toEqual(['code', 'segment', 'customers', 'revenue', 'method']);
    expect(en.rows.map((r) => [r[0], r[4]])).toEqual([
      ['seg_0', 'cuped'],
      ['seg_1', 'plain'],
      ['seg_2', 'plain'],
    ]);
    expect(zh.columns.map((c) => c.header)).toEqual(['分层', '客户数', '收入', '方法']);
    // A value without words (plain) stays as it is.
    expect(zh.rows.map((r) => r[3])).toEqual(['CUPED 调整', 'plain', 'plain']);
  });

  it('keeps sheet names valid and unique', () => {
    expect(sanitizeSheetName('a/b:c?d*e[f]g\\h')).toBe('a b c d e f g h');
    expect(sanitizeSheetName("'quoted'")).toBe('quoted');
    expect(sanitizeSheetName('x'.repeat(40))).toHaveLength(31);
    expect(sanitizeSheetName('History')).toBe('History 1');
    expect(uniqueName('Dashboard', new Set(['dashboard']))).toBe('Dashboard (2)');
    expect(uniqueName('y'.repeat(31), new Set(['y'.repeat(31)]))).toBe('y'.repeat(27) + ' (2)');
    const twice = buildReport([channelResult(), { ...channelResult(), kind: 'channel-performance' }], context('en'));
    expect(twice.sheets.map((s) => [s.key, s.name])).toEqual([
      ['dashboard', 'Dashboard'],
      ['channel-performance', 'Channel performance'],
      ['channel-performance-2', 'Channel performance (2)'],
    ]);
  });

  it('caps bar, column and pie charts of long tables at 50 rows and says so', () => {
    const big = channelResult();
    const rows = Array.from({ length: 120 }, (_, i) => ({ ...big.tables[0].rows[0], channel: `c${i}` }));
    big.tables[0] = { ...big.tables[0], rows };
    const r = buildReport([big], context('en'));
    const pie = r.sheets[1].blocks.find((b) => b.type === 'chart' && b.chartType === 'pie');
    expect(pie?.type === 'chart' && pie.maxRows).toBe(50);
    const line = r.sheets[1].blocks.find((b) => b.type === 'chart' && b.chartType === 'line');
    expect(line?.type === 'chart' && line.maxRows).toBeUndefined();
  });

  it('rejects a Report whose chart refers to a missing table column', () => {
    const r = buildReport([channelResult()], context('en'));
    const bad = structuredClone(r);
    const chart = bad.sheets[1].blocks.find((b) => b.type === 'chart')!;
    if (chart.type === 'chart') chart.category = 'nope';
    expect(() => ReportSchema.parse(bad)).toThrow(/has no column nope/);
  });
});

describe('number formats and dates', () => {
  it('formats kinds as Excel does', () => {
    expect(numberFormatFor('currency', 'USD', 0)).toBe('"$"#,##0;-"$"#,##0');
    expect(numberFormatFor('currency', 'JPY')).toBe('"¥"#,##0;-"¥"#,##0');
    expect(numberFormatFor('currency', 'SEK')).toBe('#,##0.00 "SEK"');
    expect(numberFormatFor('percent', 'CNY', 2)).toBe('0.00%');
    expect(numberFormatFor('date', 'CNY')).toBe('yyyy-mm-dd');
  });
  it('converts Excel serials (1900 system) to ISO dates and back', () => {
    // Excel: =DATE(2024,12,31) is 45657; =DATE(1900,3,1) is 61.
    expect(serialToIso(45657)).toBe('2024-12-31');
    expect(isoToSerial('2024-12-31')).toBe(45657);
    expect(serialToIso(61)).toBe('1900-03-01');
  });
  it('writes money in sentences with the currency symbol', () => {
    expect(moneyText(120000, 'CNY')).toBe('¥120,000');
    expect(moneyText(-1234.6, 'USD')).toBe('-$1,235');
    expect(moneyText(5, 'SEK')).toBe('5 SEK');
  });
});

describe('diagnosticText', () => {
  it('names the sheet, column and example rows in both languages', async () => {
    const { diagnosticText } = await import('../../src/report/build-report.js');
    const d = {
      code: 'x',
      severity: 'warning' as const,
      message: { en: 'Text in a number column.', 'zh-CN': '数字列中有文本。' },
      where: { sheet: 'Orders', column: 'Amount', columnLetter: 'C', rows: [5, 9, 12, 13, 20], count: 12 },
    };
    expect(diagnosticText(d, 'en')).toBe(
      'Warning: Text in a number column. — Orders, column Amount (C), rows 5, 9, 12, 13, 20 … (12 rows)',
    );
    expect(diagnosticText(d, 'zh-CN')).toBe(
      '警告：数字列中有文本。——Orders，“Amount”列（C 列），第 5、9、12、13、20 行等（共 12 行）',
    );
    expect(diagnosticText({ ...d, where: { sheet: 'Orders', rows: [7] } }, 'en')).toBe(
      'Warning: Text in a number column. — Orders, row 7',
    );
    expect(diagnosticText({ ...d, where: undefined }, 'en')).toBe('Warning: Text in a number column.');
  });

  it('names unpivoted values by their original cells, not the rows Loopbook made of them', async () => {
    const { diagnosticText } = await import('../../src/report/build-report.js');
    // A wide budget's month columns F:G on row 7 became rows 13 and 14 of the unpivoted table: the user sees F7, G7.
    const d = {
      code: 'x',
      severity: 'warning' as const,
      message: { en: 'Text in a number column.', 'zh-CN': '数字列中有文本。' },
      where: { sheet: '预算', column: '预算', columnLetter: 'F', rows: [13, 14], cells: ['F7', 'G7'], count: 2 },
    };
    expect(diagnosticText(d, 'en')).toBe('Warning: Text in a number column. — 预算, column 预算, cells F7, G7');
    expect(diagnosticText(d, 'zh-CN')).toBe('警告：数字列中有文本。——预算，“预算”列，单元格 F7、G7');
    expect(diagnosticText({ ...d, where: { ...d.where, count: 9 } }, 'en')).toBe(
      'Warning: Text in a number column. — 预算, column 预算, cells F7, G7 … (9 cells)',
    );
  });
});
