/** Loads the CDNOW sample (tests/reference-data/cdnow) as an orders Dataset and the published summary. */
import { makeOrders, serial } from '../helpers.js';
import type { Dataset } from '../../../src/ingest/types.js';
import { readReference } from '../../reference-data.js';

/** Orders from CDNOW_sample.txt: customer = sample id, date `YYYYMMDD` → Excel serial, amount = dollars. */
export function cdnowOrders(): Dataset {
  const text = readReference('cdnow/CDNOW_sample.txt', 'utf8');
  const customer: string[] = [],
    date: number[] = [],
    amount: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    customer.push(String(Number(f[1])));
    date.push(serial(`${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)}`));
    amount.push(Number(f[4]));
  }
  return makeOrders({ customer, date, amount });
}

export interface PublishedRow {
  ID: string;
  x: number;
  t_x: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv */
export function cdnowPublishedSummary(): PublishedRow[] {
  const text = readReference('cdnow/cdnow_customers_summary_with_transactions.csv', 'utf8');
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const [ID, x, t_x, T, zbar] = l.split(',');
      return { ID, x: Number(x), t_x: Number(t_x), T: Number(T), zbar: Number(zbar) };
    });
}

/** Calibration end of the published summary: 1997-09-30 (Fader, Hardie & Lee 2005). */
export const CDNOW_CAL_END = serial('1997-09-30');
/** End of the 39-week holdout: 1998-06-30. */
export const CDNOW_END = serial('1998-06-30');
