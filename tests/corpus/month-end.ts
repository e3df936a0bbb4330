/**
 * A finance user's month-end workbook (issue 12, "Must show" 2), generated with seeded synthetic data:
 * - `Platform spend`: spend per campaign and month as the ad platforms report it, one row per campaign-month
 *   dated the 1st, with a `Currency` column (Google Ads and Meta bill in USD, the Chinese platforms in CNY);
 * - `Invoices`: one `Service period` text per line in three spellings (`2024-06-01 to 2024-06-30`,
 *   `2024/6/1-2024/6/30`, `2024.06.01～2024.06.30`), dated early the month after; some lines cover two or
 *   three months of one campaign, a few differ from the platform, the last month is partly not invoiced yet;
 * - `Budget`: long form, 渠道 | 月份 | 预算, in CNY;
 * - `FX`: USD → CNY by month (`Currency | Month | Rate to CNY`, or `币种 | 月份 | 汇率` in the second variant).
 *
 * The second variant (`withUnratedCurrency`) bills one campaign in EUR, which the FX sheet has no rate for.
 *
 * Expected figures are computed here from the generated records with integer sums (cents), never with
 * Loopbook's code: USD → CNY per line is cents × rate (4 decimals) rounded half up, as a finance user does
 * in Excel with `ROUND(spend * rate, 2)`.
 */
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { mulberry32, type Rng } from '../../src/stats/random.js';

type Cell = string | number | Date | null;

export interface MonthEndSheet {
  name: string;
  rows: Cell[][];
}

/** One channel-month of the budget against actual, in CNY. */
export interface ChannelMonth {
  channel: string;
  /** `2024-06`. */
  month: string;
  budget: number;
  /** Platform spend in CNY (USD lines converted line by line). */
  actual: number;
}

export interface MonthEndWorkbook {
  sheets: MonthEndSheet[];
  expect: {
    /** Platform lines (campaign-months) covered exactly by their invoice, and those invoice lines. */
    matchedPlatformLines: number;
    matchedInvoiceLines: number;
    /** Platform spend in CNY: CNY lines as they are, USD lines converted one by one (rounded half up). */
    platformTotalCny: number;
    /** Each USD platform line's CNY amount, by its Excel row in `Platform spend`. */
    usdRows: Record<number, number>;
    /** The USD lines alone: their count, USD total and CNY total. */
    usdLines: number;
    usdTotal: number;
    usdInCny: number;
    /** Invoiced in CNY over all invoice lines (USD invoices converted at their service month's rate). */
    invoiceTotalCny: number;
    /** Each channel-month with a budget or spend. */
    budget: ChannelMonth[];
    /** The as-of date the run takes without `--as-of`: the latest platform date (the 1st of the last month). */
    asOf: string;
    /** Variant with an unrated currency: its code and the Excel rows of each sheet that hold it. */
    unrated?: { currency: string; platformRows: number[]; invoiceRows: number[] };
  };
}

interface Channel {
  name: string;
  currency: 'USD' | 'CNY';
  prefix: string;
}

const CHANNELS: Channel[] = [
  { name: 'Google Ads', currency: 'USD', prefix: 'GA' },
  { name: 'Meta', currency: 'USD', prefix: 'FB' },
  { name: '巨量引擎', currency: 'CNY', prefix: 'JL' },
  { name: '百度推广', currency: 'CNY', prefix: 'BD' },
  { name: '腾讯广告', currency: 'CNY', prefix: 'TX' },
];
const THEMES = ['Brand', 'Search', 'Retarget', 'Spring Sale', 'Video', 'Leads', 'App', 'Shoes'];
const YEAR = 2024;
const MONTHS = 6; // January to June
/** USD → CNY, 4 decimals, by month (rate × 10,000). */
const USD_RATES = [71_012, 71_087, 71_063, 71_134, 71_105, 71_268];

const pad = (n: number): string => String(n).padStart(2, '0');
const monthText = (m: number): string => `${YEAR}-${pad(m + 1)}`;
const lastDay = (m: number): number => new Date(Date.UTC(YEAR, m + 1, 0)).getUTCDate();
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
/** Cents → a number with two decimals (exact for the sizes here). */
const amount = (cents: number): number => Number((cents / 100).toFixed(2));
/** USD cents → CNY cents at `rate` (× 10,000), rounded half up: `ROUND(usd * rate, 2)`. */
const toCny = (cents: number, rate: number): number => Math.floor((cents * rate * 2 + 10_000) / 20_000);

/** The three spellings of a service period the issue lists, for months m0..m1. */
function servicePeriod(rng: Rng, m0: number, m1: number): string {
  const y = YEAR;
  const a = m0 + 1;
  const b = m1 + 1;
  const e = lastDay(m1);
  switch (between(rng, 0, 2)) {
    case 0:
      return `${y}-${pad(a)}-01 to ${y}-${pad(b)}-${pad(e)}`;
    case 1:
      return `${y}/${a}/1-${y}/${b}/${e}`;
    default:
      return `${y}.${pad(a)}.01～${y}.${pad(b)}.${pad(e)}`;
  }
}

interface Campaign {
  channel: Channel;
  name: string;
  currency: string;
  /** Spend in cents per month (0: did not run). */
  spend: number[];
}

function makeCampaigns(rng: Rng, unrated: boolean): Campaign[] {
  const out: Campaign[] = [];
  for (const ch of CHANNELS) {
    const k = between(rng, 4, 7);
    for (let j = 0; j < k; j++) {
      const usd = ch.currency === 'USD';
      const spend = Array.from({ length: MONTHS }, () =>
        rng() < 0.85 ? (usd ? between(rng, 40_000, 900_000) : between(rng, 300_000, 6_000_000)) : 0,
      );
      out.push({ channel: ch, name: `${ch.prefix}-${THEMES[j]}-${YEAR}`, currency: ch.currency, spend });
    }
  }
  // The variant: Meta's first campaign bills in EUR, which the FX sheet has no rate for.
  if (unrated) out.find((c) => c.channel.name === 'Meta')!.currency = 'EUR';
  return out;
}

interface Invoice {
  campaign: Campaign;
  m0: number;
  m1: number;
  cents: number;
  exact: boolean;
}

/** Invoices of one campaign: its months in spans of 1 (mostly), 2 or 3; June partly not invoiced yet. */
function invoicesOf(rng: Rng, c: Campaign): Invoice[] {
  const out: Invoice[] = [];
  let m = 0;
  while (m < MONTHS) {
    if (c.spend[m] === 0) {
      m++;
      continue;
    }
    if (m === MONTHS - 1 && rng() < 0.3) break; // June not invoiced yet
    // Multi-month invoices only in the invoice's own currency of CNY: a USD line converted as one sum at one
    // month's rate cannot equal the month-by-month conversion to the cent.
    let span = 1;
    if (c.currency === 'CNY' && rng() < 0.25) span = between(rng, 2, 3);
    let m1 = m;
    while (m1 + 1 < Math.min(MONTHS - 1, m + span) && c.spend[m1 + 1] > 0) m1++;
    let cents = 0;
    for (let k = m; k <= m1; k++) cents += c.spend[k];
    const exact = rng() >= 0.06;
    if (!exact) cents += between(rng, 1, 40) * 1_000; // a variance of 10.00 … 400.00
    out.push({ campaign: c, m0: m, m1, cents, exact });
    m = m1 + 1;
  }
  return out;
}

/** The month-end workbook and its expected figures; `seed` fixes every value. */
export function monthEndWorkbook(seed = 20240630, withUnratedCurrency = false): MonthEndWorkbook {
  const rng = mulberry32(seed);
  const campaigns = makeCampaigns(rng, withUnratedCurrency);
  const rate = (cur: string, m: number): number | null =>
    cur === 'USD' ? USD_RATES[m] : cur === 'CNY' ? 10_000 : null;
  const inCny = (cur: string, cents: number, m: number): number => toCny(cents, rate(cur, m)!);

  // Platform spend: month by month, campaign by campaign (Excel row = index + 2).
  const platform: Cell[][] = [['Month', 'Channel', 'Campaign', 'Currency', 'Spend']];
  const unrated = { currency: 'EUR', platformRows: [] as number[], invoiceRows: [] as number[] };
  let platformTotal = 0;
  const usdRows: Record<number, number> = {};
  let usdLines = 0;
  let usdTotal = 0;
  let usdInCny = 0;
  const actual = new Map<string, number>();
  for (let m = 0; m < MONTHS; m++) {
    for (const c of campaigns) {
      if (c.spend[m] === 0) continue;
      platform.push([new Date(Date.UTC(YEAR, m, 1)), c.channel.name, c.name, c.currency, amount(c.spend[m])]);
      if (rate(c.currency, m) === null) {
        unrated.platformRows.push(platform.length);
        continue;
      }
      const cny = inCny(c.currency, c.spend[m], m);
      platformTotal += cny;
      if (c.currency === 'USD') {
        usdRows[platform.length] = amount(cny);
        usdLines++;
        usdTotal += c.spend[m];
        usdInCny += cny;
      }
      const key = `${c.channel.name}|${m}`;
      actual.set(key, (actual.get(key) ?? 0) + cny);
    }
  }

  // Invoices, in campaign order (Excel row = index + 2).
  const invoices: Cell[][] = [
    ['Invoice No', 'Vendor', 'Campaign', 'Invoice date', 'Service period', 'Currency', 'Amount'],
  ];
  let matchedInvoiceLines = 0;
  let matchedPlatformLines = 0;
  let invoiceTotal = 0;
  let no = 24_000;
  for (const c of campaigns) {
    for (const inv of invoicesOf(rng, c)) {
      const dated = new Date(Date.UTC(YEAR, inv.m1 + 1, between(rng, 3, 12)));
      invoices.push([
        `INV-${++no}`,
        c.channel.name,
        c.name,
        dated,
        servicePeriod(rng, inv.m0, inv.m1),
        c.currency,
        amount(inv.cents),
      ]);
      if (rate(c.currency, inv.m0) === null) {
        unrated.invoiceRows.push(invoices.length);
        continue;
      }
      invoiceTotal += inCny(c.currency, inv.cents, inv.m0);
      if (inv.exact) {
        matchedInvoiceLines++;
        matchedPlatformLines += inv.m1 - inv.m0 + 1;
      }
    }
  }

  // Budget: every channel, every month, a round figure near its spend.
  const budgetRows: Cell[][] = [['渠道', '月份', '预算']];
  const budget: ChannelMonth[] = [];
  for (let m = 0; m < MONTHS; m++) {
    for (const ch of CHANNELS) {
      const spent = actual.get(`${ch.name}|${m}`) ?? 0;
      const b = Math.round((spent * (0.8 + rng() * 0.4)) / 1_000_000) * 1_000_000 + 1_000_000; // whole ¥10,000s
      budgetRows.push([ch.name, monthText(m), amount(b)]);
      budget.push({ channel: ch.name, month: monthText(m), budget: amount(b), actual: amount(spent) });
    }
  }

  const fx: Cell[][] = [
    withUnratedCurrency ? ['币种', '月份', '汇率'] : ['Currency', 'Month', 'Rate to CNY'],
    ...USD_RATES.map((r, m) => ['USD', monthText(m), r / 10_000]),
  ];

  const sheets: MonthEndSheet[] = [
    { name: 'Platform spend', rows: platform },
    { name: 'Invoices', rows: invoices },
    { name: 'Budget', rows: budgetRows },
    { name: 'FX', rows: fx },
  ];
  const expect: MonthEndWorkbook['expect'] = {
    matchedPlatformLines,
    matchedInvoiceLines,
    platformTotalCny: amount(platformTotal),
    usdRows,
    usdLines,
    usdTotal: amount(usdTotal),
    usdInCny: amount(usdInCny),
    invoiceTotalCny: amount(invoiceTotal),
    budget,
    asOf: `${monthText(MONTHS - 1)}-01`,
  };
  if (withUnratedCurrency) expect.unrated = unrated;
  return { sheets, expect };
}

/** Write the workbook as .xlsx (dates as Excel dates, amounts as numbers with two decimals shown). */
export async function writeMonthEnd(wb: MonthEndWorkbook, path: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const s of wb.sheets) {
    const ws = book.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
    });
  }
  writeFileSync(path, new Uint8Array(await book.xlsx.writeBuffer()));
}
