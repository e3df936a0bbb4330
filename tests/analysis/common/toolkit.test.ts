import { describe, expect, it } from 'vitest';
import {
  BLANK,
  both,
  cellText,
  columnByRole,
  diag,
  emptyResult,
  excelRow,
  factorize,
  finite,
  isoDate,
  labels,
  list,
  missingColumn,
  money,
  moneyExact,
  num,
  pct,
  ratio,
  round,
  rowRanges,
  t,
  texts,
  where,
} from '../../../src/analysis/common/index.js';
import { makeDataset } from '../helpers.js';

const ds = {
  ...makeDataset('campaigns', [
    { name: 'Channel', role: 'channel', values: [' Search ', 'Search', null, '   ', 3, true] },
    { name: 'Date', role: 'date', values: [45_658, 45_659, 45_660, 45_661, 45_662, 45_663] },
    { name: 'Spend', role: 'spend', values: [1, 2, 3, 4, 5, 6] },
  ]),
  sheet: 'Campaigns',
};
// Excel rows as a sheet with a blank row after the header gives them: 3, 4, …
const shifted = { ...ds, rowNumbers: [3, 4, 5, 6, 7, 8] };

describe('column access', () => {
  it('columnByRole tries the roles in order and returns the first present', () => {
    expect(columnByRole(ds, 'period_start', 'date')?.name).toBe('Date');
    expect(columnByRole(ds, 'spend', 'date')?.name).toBe('Spend');
    expect(columnByRole(ds, 'period_start')).toBeUndefined();
  });
  it('cellText trims text, writes numbers and booleans as text, and gives null for blanks', () => {
    expect([' C-1 ', 42, false, '', '  ', null, undefined].map(cellText)).toEqual([
      'C-1',
      '42',
      'false',
      null,
      null,
      null,
      null,
    ]);
  });
  it('texts, labels and factorize read a cell the same way (cellText), blanks apart', () => {
    const col = ds.columns[0];
    expect(texts(ds, col)).toEqual(['Search', 'Search', null, null, '3', 'true']);
    expect(labels(ds, col, BLANK.en)).toEqual(['Search', 'Search', '(blank)', '(blank)', '3', 'true']);
    const f = factorize(ds, col);
    expect(f.levels).toEqual(['Search', '3', 'true']);
    expect(Array.from(f.codes)).toEqual([0, 0, -1, -1, 1, 2]);
    expect(texts(ds, undefined)).toEqual([null, null, null, null, null, null]);
  });
});

describe('diagnostics', () => {
  it('where names sheet, column, at most five Excel rows (from rowNumbers) and the count', () => {
    expect(where(shifted, ds.columns[2], [0, 1, 2, 3, 4, 5])).toEqual({
      sheet: 'Campaigns',
      column: 'Spend',
      columnLetter: 'C',
      rows: [3, 4, 5, 6, 7],
      count: 6,
    });
    expect(where(ds)).toEqual({ sheet: 'Campaigns' });
    // A count without example rows (e.g. customers left out, counted not listed).
    expect(where(ds, undefined, [], 12)).toEqual({ sheet: 'Campaigns', count: 12 });
    expect(excelRow(shifted, 5)).toBe(8);
  });
  it('diag leaves out where for run-wide messages; missingColumn names the analysis and sheet', () => {
    expect(diag('x.y', 'info', t('a', '甲'))).toEqual({
      code: 'x.y',
      severity: 'info',
      message: { en: 'a', 'zh-CN': '甲' },
    });
    const d = missingColumn(ds, 'f.no-amount', t('amount', '金额'), t('Budget vs actual', '预算对比'));
    expect(d.where).toEqual({ sheet: 'Campaigns' });
    expect(d.message.en).toBe(
      'Budget vs actual needs a amount column in sheet "Campaigns"; none was found (set the column\'s role).',
    );
  });
});

describe('numbers', () => {
  it('round and finite never return NaN or Infinity; ratio is null on a zero denominator', () => {
    expect(round(2 / 3, 4)).toBe(0.6667);
    expect(round(Number.NaN)).toBeNull();
    expect(round(null)).toBeNull();
    expect(finite(Infinity)).toBeNull();
    expect(finite(-0.5)).toBe(-0.5);
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 4)).toBeNull();
  });
  it('isoDate: Excel serial 45658 is 2025-01-01 (Excel: =TEXT(45658,"yyyy-mm-dd"))', () => {
    expect(isoDate(45_658)).toBe('2025-01-01');
  });
});

describe('emptyResult', () => {
  it('keeps the head, the diagnostics and the notes, with nothing else', () => {
    const head = { kind: 'funnel', title: t('Funnel', '漏斗'), sheetName: t('Funnel', '漏斗'), question: t('q', '问') };
    const d = [diag('funnel.none', 'error', t('none', '无'))];
    expect(emptyResult(head, d)).toEqual({
      ...head,
      figures: [],
      tables: [],
      charts: [],
      findings: [],
      notes: [],
      diagnostics: d,
    });
    expect(emptyResult(head, d, [t('n', '注')]).notes).toEqual([t('n', '注')]);
  });
});

describe('text', () => {
  it('money: no decimals from 100 up, narrow symbols; moneyExact to the cent', () => {
    expect(money(12_345.67, 'USD', 'en')).toBe('$12,346');
    expect(money(12.5, 'USD', 'en')).toBe('$12.5');
    expect(money(12_345.67, 'CNY', 'zh-CN')).toBe('¥12,346');
    expect(moneyExact(1_234.5, 'USD', 'en')).toBe('$1,234.50');
    expect(moneyExact(1_234.5, 'EURO', 'en')).toBe('1,234.50'); // a malformed code: plain number, two decimals
    expect(money(1_234.5, 'EURO', 'en')).toBe('1,235');
    expect(money(null, 'USD', 'en')).toBe('–');
  });
  it('pct, num, list, rowRanges, both', () => {
    expect(pct(0.1234, 'en')).toBe('12.3%');
    expect(num(1234.567, 'en')).toBe('1,234.57');
    expect(list(['a', 'b', 'c'], 'en', 2)).toBe('a, b and 1 more');
    expect(list(['a', 'b', 'c'], 'zh-CN', 2)).toBe('a、b 等 3 项');
    expect(rowRanges([9, 2, 3, 4, 5, 12, 13], 'en')).toBe('2–5, 9, 12–13');
    expect(rowRanges([1, 3, 5], 'en', 2)).toBe('1, 3 … (3 rows)');
    expect(both((lang) => (lang === 'en' ? 'yes' : '是'))).toEqual({ en: 'yes', 'zh-CN': '是' });
  });
});
