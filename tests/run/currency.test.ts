// The report currency a run takes from the data when the user names none (src/run/currency.ts): the expected
// codes are the ones written into the cells and formats below.
import { describe, expect, it } from 'vitest';
import { ingestGrid } from '../../src/ingest/index.js';
import { agreedCurrency, dataCurrency, datasetCurrencies } from '../../src/run/currency.js';
import type { CellValue } from '../../src/types.js';

function sheet(name: string, rows: CellValue[][], moneyFormat = '#,##0.00') {
  return ingestGrid({
    sheet: name,
    address: `A1:D${rows.length}`,
    values: rows,
    numberFormats: rows.map((r, i) =>
      r.map((_, j) => (i > 0 && j === 2 ? moneyFormat : i > 0 && j === 1 ? 'yyyy-mm-dd' : 'General')),
    ),
  });
}

const ads = (codes: string[]) =>
  sheet('Ads', [
    ['Campaign', 'Day', 'Cost', 'Currency code'],
    ...codes.map((c, i) => [`C${i}`, 45292 + i, 100 + i, c]),
  ]);
const yuanOrders = sheet(
  'Orders',
  [['Customer', 'Order date', 'Amount', 'Channel'], ...[0, 1, 2].map((i) => [`K${i}`, 45292 + i, 50 + i, 'Search'])],
  '[$¥-804]#,##0.00',
);

describe('the report currency the data names', () => {
  it('a currency column with one code on every line names it; mixed codes name none', () => {
    expect(datasetCurrencies(ads(['USD', 'USD', 'USD']))).toEqual(['USD']);
    expect(datasetCurrencies(ads(['USD', 'EUR', 'USD']))).toEqual([]);
  });
  it('the run takes it only when every table agrees', () => {
    expect(dataCurrency([ads(['USD', 'USD'])])).toBe('USD');
    // Yuan-formatted orders beside a USD report: two currencies, so the default (or the user) decides.
    expect(datasetCurrencies(yuanOrders)).toEqual(['¥']);
    expect(dataCurrency([ads(['USD', 'USD']), yuanOrders])).toBeNull();
    expect(dataCurrency([])).toBeNull();
    // A month-end workbook: USD and CNY campaign lines, and an FX sheet whose rows are all USD → CNY. The FX
    // sheet's currencies are what it converts from, so they name no report currency.
    const fx = sheet('FX', [
      ['Currency', 'Month', 'Rate to CNY', 'Note'],
      ['USD', '2024-01', 7.1, ''],
      ['USD', '2024-02', 7.2, ''],
    ]);
    expect(fx.kind).toBe('fx_rates');
    expect(dataCurrency([ads(['USD', 'CNY']), fx])).toBeNull();
  });
  it('a symbol agrees with a code it can stand for, never with another', () => {
    expect(agreedCurrency([['USD'], ['$']])).toBe('USD');
    expect(agreedCurrency([['CNY', '¥']])).toBe('CNY');
    expect(agreedCurrency([['USD'], ['¥']])).toBeNull();
    expect(agreedCurrency([['$']])).toBeNull(); // a symbol alone does not say which dollar
    expect(agreedCurrency([['USD'], ['EUR']])).toBeNull();
  });
});
