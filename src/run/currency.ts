/**
 * The report currency a run can take from the data itself when the user named none: the one ISO code that every
 * money column's format and every currency column's lines agree on. Both hosts use it (the CLI without
 * `--currency`, the pane before the user picks one), so a Google Ads report billed in USD on every line is
 * reported in USD rather than left out of every total for want of a USD → CNY rate.
 */
import type { Dataset } from '../ingest/types.js';

/**
 * The currencies a table names: its money columns' (from their number formats or symbols), and the one code a
 * currency column holds on every line (none when it mixes codes: exchange rates decide then).
 * @example datasetCurrencies(googleAdsReport) // → ['USD']
 */
export function datasetCurrencies(ds: Dataset): string[] {
  return [...new Set([...ds.columns.flatMap((c) => (c.currency ? [c.currency] : [])), ...lineCurrency(ds)])];
}

function lineCurrency(ds: Dataset): string[] {
  const col = ds.columns.find((c) => c.role === 'currency');
  if (!col) return [];
  const seen = new Set<string>();
  const values = ds.table.array(col.name) as ArrayLike<unknown>;
  for (let i = 0; i < values.length && seen.size < 2; i++) {
    const v = values[i];
    if (typeof v !== 'string') {
      if (v !== null && v !== undefined) return []; // a number or date in a currency column: not a code
      continue;
    }
    if (v.trim() !== '') seen.add(v.trim().toUpperCase());
  }
  const [only] = seen;
  return seen.size === 1 && /^[A-Z]{3}$/.test(only) ? [only] : [];
}

/** Currency symbols a number format may carry instead of a code, with the codes each can stand for. */
const SYMBOL_CODES: Record<string, readonly string[]> = {
  '¥': ['CNY', 'JPY'],
  '￥': ['CNY', 'JPY'],
  $: ['USD', 'HKD', 'CAD', 'AUD', 'SGD', 'TWD', 'NZD', 'MXN'],
  US$: ['USD'],
  HK$: ['HKD'],
  '€': ['EUR'],
  '£': ['GBP'],
  '₩': ['KRW'],
  '₹': ['INR'],
};

/**
 * The one ISO code every table's currencies agree on: exactly one code among them, and every symbol one that can
 * stand for it (a `$` format beside USD lines); null when they name none, several, or a symbol of another.
 * @example agreedCurrency([['USD'], ['$']]) // → 'USD'
 * @example agreedCurrency([['USD'], ['¥']]) // → null
 */
export function agreedCurrency(lists: readonly (readonly string[])[]): string | null {
  const all = new Set(lists.flat().map((c) => c.trim()));
  const codes = [...all].filter((c) => /^[A-Z]{3}$/.test(c));
  if (codes.length !== 1) return null;
  const [code] = codes;
  for (const c of all) if (c !== code && !(SYMBOL_CODES[c] ?? []).includes(code)) return null;
  return code;
}

/**
 * The one currency all `datasets` agree on (`agreedCurrency` over each one's `datasetCurrencies`), or null (then
 * the default or the user's choice holds).
 * @example dataCurrency([googleAdsReport]) // → 'USD'
 */
export function dataCurrency(datasets: readonly Dataset[]): string | null {
  // An exchange-rate sheet lists the currencies to convert from; the report currency is what it converts to.
  if (datasets.some((d) => d.kind === 'fx_rates')) return null;
  return agreedCurrency(datasets.map(datasetCurrencies));
}
