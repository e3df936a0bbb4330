/**
 * The Loopbook sample: a consumer brand selling online in China over two years (2024-01-01 … 2025-12-31,
 * as-of 2025-12-31, CNY), generated from a seed with planted effects the analyses should find
 * (see assets/sample/README.md, written from `SampleTruth` by scripts/make-sample.ts).
 *
 * Pure: no I/O. `makeSample()` returns the sheets as CellGrids (dates are Excel serials in the 1900
 * system with date number formats, money with a money format) and the truth behind them.
 *
 * Order of generation (later steps read earlier ones only):
 *  1. weekly spend plan per channel and campaign (seasons, flighting, a paid-social surge in 2025 H2);
 *  2. sign-ups per channel and week from a saturating response to adstocked spend;
 *  3. each customer's latent type (drawn by acquisition channel) and baseline orders;
 *  4. touch paths in 2025-07 … 2025-09, converting by the customer's segment at the path start;
 *  5. the coupon experiment from 2025-10-15 (30 days), lifting only at-risk customers in one arm;
 *  6. platform-reported campaign rows (from attributed orders, inflated per channel), budget, invoices;
 *  7. the mess: blank rows, text in number columns, a duplicate order, a total row, an error value.
 */
import type { CellGrid, CellValue } from '../../src/types.js';
import { Rng } from './prng.js';

// ---------------------------------------------------------------------------------------------
// Calendar: day index 0 = 2024-01-01 (a Monday; Excel serial 45292), 730 = 2025-12-31 (serial 46022).

export const SERIAL_2024_01_01 = 45292;
export const DAYS = 731;
export const AS_OF_SERIAL = SERIAL_2024_01_01 + DAYS - 1;
const WEEKS = 105; // weeks start on Mondays: 2024-01-01 … 2025-12-29

const MONTH_START: number[] = []; // day index of the 1st of each month, 24 months (+ sentinel)
const MONTH_OF_DAY = new Int16Array(DAYS);
for (let m = 0; m <= 24; m++) {
  MONTH_START.push(Math.round((Date.UTC(2024, m, 1) - Date.UTC(2024, 0, 1)) / 86_400_000));
}
for (let m = 0; m < 24; m++) for (let d = MONTH_START[m]; d < MONTH_START[m + 1]; d++) MONTH_OF_DAY[d] = m;
const monthOfWeek = (w: number): number => MONTH_OF_DAY[Math.min(w * 7, DAYS - 1)];
/** Month index 0–23 → `2025-03`. */
export const monthLabel = (m: number): string =>
  `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// Channels and campaigns

export const CHANNELS = ['Paid Search', 'Paid Social', 'Community', 'Email/SMS', 'Content', 'Affiliate'] as const;
export type Channel = (typeof CHANNELS)[number];
export const ORGANIC = 'Organic';

interface ChannelSpec {
  /** Planned spend per week, CNY. */
  weekly: number;
  /** Share of all sign-ups this channel brings. */
  acquisition: number;
  /** Platform-reported conversions and revenue ÷ real (orders attributed in the data). */
  inflation: number;
  cpm: number;
  ctr: number;
  vendor: string;
}
const SPEC: Record<Channel, ChannelSpec> = {
  'Paid Search': { weekly: 9_000, acquisition: 0.22, inflation: 1.1, cpm: 40, ctr: 0.03, vendor: '百度营销 Baidu' },
  'Paid Social': {
    weekly: 11_000,
    acquisition: 0.3,
    inflation: 2.0,
    cpm: 25,
    ctr: 0.01,
    vendor: '巨量引擎 Ocean Engine',
  },
  Community: { weekly: 2_200, acquisition: 0.08, inflation: 1.0, cpm: 6, ctr: 0.06, vendor: '有赞社群 Youzan SCRM' },
  'Email/SMS': { weekly: 1_400, acquisition: 0, inflation: 1.15, cpm: 2, ctr: 0.025, vendor: '阿里云短信 Aliyun SMS' },
  Content: {
    weekly: 3_200,
    acquisition: 0.1,
    inflation: 1.25,
    cpm: 15,
    ctr: 0.015,
    vendor: '星图内容工作室 Content Studio',
  },
  Affiliate: {
    weekly: 3_600,
    acquisition: 0.1,
    inflation: 1.05,
    cpm: 20,
    ctr: 0.02,
    vendor: '多多进宝 Affiliate Network',
  },
};
const ORGANIC_ACQUISITION = 0.2;

interface CampaignSpec {
  name: string;
  channel: Channel;
  weight: number;
  vendor?: string;
  /** Active weeks (inclusive); default all. */
  from?: number;
  to?: number;
  /** Only in these months of the year (0 = January). */
  months?: number[];
}
export const CAMPAIGNS: readonly CampaignSpec[] = [
  { name: 'Brand Search', channel: 'Paid Search', weight: 0.55 },
  { name: 'Generic Search', channel: 'Paid Search', weight: 0.45 },
  { name: 'Douyin Feed', channel: 'Paid Social', weight: 0.5 },
  { name: 'RED Seeding', channel: 'Paid Social', weight: 0.3, vendor: '小红书 Xiaohongshu', from: 26 },
  { name: '微信朋友圈广告', channel: 'Paid Social', weight: 0.2, vendor: '腾讯广告 Tencent Ads', from: 53 },
  { name: '社群会员日', channel: 'Community', weight: 0.6 },
  { name: '社群新品试用', channel: 'Community', weight: 0.4 },
  { name: '短信召回', channel: 'Email/SMS', weight: 0.6 },
  { name: 'Weekly Newsletter', channel: 'Email/SMS', weight: 0.4 },
  { name: '公众号推文', channel: 'Content', weight: 0.7 },
  { name: '直播专场', channel: 'Content', weight: 0.3, months: [5, 10] },
  { name: '联盟返利', channel: 'Affiliate', weight: 0.6 },
  { name: 'KOC分销', channel: 'Affiliate', weight: 0.4 },
];
/** The campaign week planted with zero spend (paused) but late platform conversions. */
const ZERO_SPEND = { campaign: '社群新品试用', week: 30 };

// ---------------------------------------------------------------------------------------------
// Customers

type LatentType = 'one_timer' | 'occasional' | 'regular' | 'high';
const TYPES: readonly LatentType[] = ['one_timer', 'occasional', 'regular', 'high'];
/** Type shares by acquisition channel: paid social brings mostly one-time buyers. */
const TYPE_MIX_PAID_SOCIAL = [0.66, 0.22, 0.1, 0.02];
const TYPE_MIX_OTHER = [0.18, 0.32, 0.33, 0.17];
const NEVER_BUYS = { paidSocial: 0.12, other: 0.05 };
/** Repeat purchases per year while active, mean order value (CNY), mean active life after the first order (days). */
const TYPE_PARAMS: Record<LatentType, { rate: number; aov: number; life: number }> = {
  one_timer: { rate: 0, aov: 210, life: 0 },
  occasional: { rate: 2.6, aov: 220, life: 600 },
  regular: { rate: 8, aov: 260, life: 800 },
  high: { rate: 20, aov: 420, life: 2000 },
};
const REPEAT_CHANNEL_MIX: readonly [string, number][] = [
  [ORGANIC, 0.45],
  ['Email/SMS', 0.18],
  ['Community', 0.1],
  ['Paid Search', 0.15],
  ['Content', 0.07],
  ['Affiliate', 0.05],
];
const REPEAT_WEIGHTS = REPEAT_CHANNEL_MIX.map((x) => x[1]);
const CITIES = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '南京', '重庆', '西安', '苏州', '长沙'];
const CITY_WEIGHTS = [14, 13, 10, 10, 9, 8, 7, 7, 6, 6, 5, 5];
const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55+'];
const AGE_WEIGHTS = [22, 38, 24, 11, 5];

// ---------------------------------------------------------------------------------------------
// Segments: the simple business map (issue 5), judged from purchases before a day.

export type Segment = '新客' | '高价值' | '潜力' | '流失预警' | '已流失';
export const SEGMENT_EN: Record<Segment, string> = {
  新客: 'new',
  高价值: 'high value',
  潜力: 'potential',
  流失预警: 'at risk',
  已流失: 'lost',
};

/**
 * Segment at day `t` from the sorted purchase days before `t` (refund rows excluded):
 * new — first purchase within 60 days; lost — last purchase over 270 days ago; at risk — over 90 days
 * ago; high value — 6 or more purchases; potential — the rest (recent, 1–5 purchases).
 * Null without purchases.
 */
export function segmentAt(days: readonly number[], t: number): Segment | null {
  let n = 0;
  while (n < days.length && days[n] < t) n++;
  if (n === 0) return null;
  const first = days[0];
  const last = days[n - 1];
  if (t - first <= 60) return '新客';
  if (t - last > 270) return '已流失';
  if (t - last > 90) return '流失预警';
  if (n >= 6) return '高价值';
  return '潜力';
}

// ---------------------------------------------------------------------------------------------
// Output types

/**
 * The committed sample's seed. Picked among seeds 1–12 and 20251231 (with repeat rate 1.15) as one whose
 * draw shows the planted effects without a chance effect elsewhere: no unplanted experiment comparison
 * reaches |z| ≥ 2 (see README "How the seed was chosen").
 */
export const DEFAULT_SEED = 3;

export interface SampleOptions {
  /** Default `DEFAULT_SEED`. */
  seed?: number;
  /** Multiplies customers, sign-ups, touch paths and experiment units (1 → about 8,000 customers). */
  scale?: number;
  /** Multiplies repeat-purchase rates (default 1.15 → about 5 order lines per customer). */
  repeatRate?: number;
  /** Leave out the mess (blank rows, text in number columns …). Default false. */
  clean?: boolean;
}

export interface RateFigure {
  n: number;
  rate: number;
}

/** What was planted and how large it came out in this draw (all figures computed from the sheets' rows). */
export interface SampleTruth {
  seed: number;
  scale: number;
  asOf: string;
  currency: 'CNY';
  counts: Record<string, number>;
  effects: {
    /** Touch paths by the customer's segment at the path start: conversion with and without a community touch. */
    potentialCommunity: { potentialWith: RateFigure; potentialWithout: RateFigure; othersWith: RateFigure };
    /** Conversion of ad-only touch paths (paid search / paid social) by segment. */
    highValueAds: { highValue: RateFigure; others: RateFigure };
    /** Share of buyers with a second purchase, by acquisition channel. */
    secondPurchase: Record<string, RateFigure>;
    /** Experiment: mean 30-day spend per unit by segment and arm; relative lift of each treatment. */
    experiment: {
      arms: string[];
      control: string;
      bySegment: Record<string, Record<string, { n: number; meanSpend: number; sd: number }>>;
      /** Welch z of each treatment against control on 30-day spend. */
      z: Record<string, Record<string, number>>;
      relativeLift: Record<string, Record<string, number>>;
      plantedArm: string;
      plantedSegment: Segment;
      plantedIncrementalOrderProbability: number;
    };
    /** Platform-reported revenue ÷ revenue of the orders attributed to the channel (refunds netted). */
    inflation: Record<string, number>;
    /** 2025 platform spend ÷ 2025 budget, by channel. */
    budgetUse2025: Record<string, number>;
  };
  /** Planted reconciliation cases with the Invoices rows (Excel row numbers) they sit on. */
  invoiceCases: { case: string; rows: number[]; campaign: string | null; month: string; note: string }[];
  /** Planted mess with the Excel rows it sits on. */
  mess: { sheet: string; rows: number[]; what: string }[];
}

export interface Sample {
  grids: CellGrid[];
  truth: SampleTruth;
}

// ---------------------------------------------------------------------------------------------

const round2 = (x: number): number => Math.round(x * 100) / 100;
const cents = (x: number): number => Math.round(x * 100);
const fmtDate = 'yyyy-mm-dd';
const fmtMoney = '#,##0.00';
const fmtInt = '#,##0';

interface Order {
  day: number;
  customer: number;
  amount: number;
  channel: string;
  campaign: string | null;
  quantity: number;
  status: string;
  /** Refund rows point at the order they refund. */
  refundOf?: Order;
  id?: string;
}

function grid(sheet: string, header: CellValue[], rows: CellValue[][], formats: string[]): CellGrid {
  const values = [header, ...rows];
  const headerFormats = header.map(() => 'General');
  const numberFormats = values.map((_, i) => (i === 0 ? headerFormats : formats));
  const last = columnName(header.length);
  return { sheet, address: `A1:${last}${values.length}`, values, numberFormats };
}
function columnName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * Generates the sample workbook's sheets and the truth behind them. Deterministic for a given seed,
 * scale and repeat rate.
 *
 * @example makeSample().grids.map((g) => g.sheet)
 *   // ['Customers', 'Orders', 'Campaigns', 'Touches', 'Experiment', 'Invoices', 'Budget']
 */
export function makeSample(options: SampleOptions = {}): Sample {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  const repeatRate = options.repeatRate ?? 1.15;
  const rng = new Rng(seed);

  // 1. Weekly spend plan -------------------------------------------------------------------------
  const season = (w: number): number => {
    const m = monthOfWeek(w) % 12;
    return m === 5 ? 1.4 : m === 10 ? 1.7 : m === 1 ? 0.7 : m === 11 ? 1.15 : 1;
  };
  /** Planned spend (budget basis) and actual spend per channel and week. */
  const planned: Record<string, number[]> = {};
  const actual: Record<string, number[]> = {};
  for (const c of CHANNELS) {
    planned[c] = [];
    actual[c] = [];
    let flight = 1;
    for (let w = 0; w < WEEKS; w++) {
      if (w % 4 === 0) flight = rng.pick([0.55, 0.8, 1, 1.25, 1.5]); // flighting: 4-week blocks
      const growth = w >= 52 ? 1.1 : 1;
      const p = SPEC[c].weekly * season(w) * flight * growth * (1 + rng.normal(0, 0.06));
      planned[c].push(p);
      // The surge: paid social spends 60% over plan from 2025-07 on (over budget).
      const surge = c === 'Paid Social' && monthOfWeek(w) >= 18 ? 1.6 : 1;
      actual[c].push(p * surge * (1 + rng.normal(0, 0.03)));
    }
  }
  const campaignActive = (k: CampaignSpec, w: number): boolean =>
    (k.from === undefined || w >= k.from) &&
    (k.to === undefined || w <= k.to) &&
    (k.months === undefined || k.months.includes(monthOfWeek(w) % 12));
  /** Spend in cents per campaign and week. */
  const spend = new Map<string, number[]>();
  for (const k of CAMPAIGNS) spend.set(k.name, new Array<number>(WEEKS).fill(0));
  for (const c of CHANNELS) {
    const ks = CAMPAIGNS.filter((k) => k.channel === c);
    for (let w = 0; w < WEEKS; w++) {
      const active = ks.filter((k) => campaignActive(k, w));
      const weights = active.map((k) => k.weight * (1 + rng.normal(0, 0.1)));
      const total = weights.reduce((a, b) => a + b, 0);
      active.forEach((k, i) => (spend.get(k.name)![w] = cents((actual[c][w] * weights[i]) / total)));
    }
  }
  spend.get(ZERO_SPEND.campaign)![ZERO_SPEND.week] = 0;
  const channelSpend = (c: Channel, w: number): number =>
    CAMPAIGNS.filter((k) => k.channel === c).reduce((a, k) => a + spend.get(k.name)![w], 0) / 100;
  // Campaigns per channel and their spend per week, laid out once (orders look them up a million times).
  const channelCampaigns = new Map<string, { names: string[]; weights: number[][] }>();
  for (const c of CHANNELS) {
    const ks = CAMPAIGNS.filter((k) => k.channel === c);
    const weights = Array.from({ length: WEEKS }, (_, w) => ks.map((k) => spend.get(k.name)![w]));
    channelCampaigns.set(c, { names: ks.map((k) => k.name), weights });
  }
  /** A campaign of `channel` active in week w, drawn by spend; null when none spends. */
  const campaignFor = (channel: string, w: number): string | null => {
    const cc = channelCampaigns.get(channel);
    if (!cc) return null;
    const weights = cc.weights[w];
    let any = false;
    for (const x of weights) if (x > 0) any = true;
    return any ? cc.names[rng.weighted(weights)] : null;
  };

  // 2. Sign-ups: Hill response (slope 1.2, half-saturation at mean adstock) to adstocked spend (carry-over 0.5).
  const targetCustomers = Math.round(8400 * scale);
  const signupChannel: string[] = [];
  const signupDay: number[] = [];
  const acqWeights: [string, number[]][] = [];
  for (const c of CHANNELS) {
    if (SPEC[c].acquisition === 0) continue;
    const ad: number[] = [];
    let carry = 0;
    for (let w = 0; w < WEEKS; w++) ad.push((carry = channelSpend(c, w) + 0.5 * carry));
    const k = ad.reduce((a, b) => a + b, 0) / WEEKS;
    acqWeights.push([c, ad.map((a) => a ** 1.2 / (a ** 1.2 + k ** 1.2))]);
  }
  acqWeights.push([ORGANIC, Array.from({ length: WEEKS }, (_, w) => (w >= 52 ? 1.2 : 1) * season(w) ** 0.5)]);
  for (const [c, resp] of acqWeights) {
    const share = c === ORGANIC ? ORGANIC_ACQUISITION : SPEC[c as Channel].acquisition;
    const total = resp.reduce((a, b) => a + b, 0);
    for (let w = 0; w < WEEKS; w++) {
      const n = rng.poisson((targetCustomers * share * resp[w]) / total);
      for (let i = 0; i < n; i++) {
        const d = w * 7 + rng.int(0, 6);
        if (d >= DAYS) continue;
        signupChannel.push(c);
        signupDay.push(d);
      }
    }
  }
  // Customers numbered by sign-up date.
  const order = signupDay.map((_, i) => i).sort((a, b) => signupDay[a] - signupDay[b] || a - b);
  const nCust = order.length;
  const cust = {
    id: new Array<string>(nCust),
    signup: new Int32Array(nCust),
    channel: new Array<string>(nCust),
    type: new Array<LatentType | 'never'>(nCust),
    aov: new Float64Array(nCust),
  };
  const width = String(nCust).length + 1;
  order.forEach((src, i) => {
    cust.id[i] = `C${String(i + 1).padStart(Math.max(5, width), '0')}`;
    cust.signup[i] = signupDay[src];
    cust.channel[i] = signupChannel[src];
  });

  // 3. Latent types and baseline orders ---------------------------------------------------------
  const orders: Order[] = [];
  const purchaseDays: number[][] = Array.from({ length: nCust }, () => []);
  const addOrder = (o: Order): void => {
    orders.push(o);
    if (o.amount > 0) purchaseDays[o.customer].push(o.day);
  };
  const amountFor = (i: number): number => Math.max(19.9, round2(cust.aov[i] * rng.gamma(3, 1 / 3)));
  const quantityFor = (amount: number): number =>
    Math.max(1, Math.min(9, Math.round(amount / 160 + rng.normal(0, 0.6))));
  for (let i = 0; i < nCust; i++) {
    const ps = cust.channel[i] === 'Paid Social';
    if (rng.chance(ps ? NEVER_BUYS.paidSocial : NEVER_BUYS.other)) {
      cust.type[i] = 'never';
      continue;
    }
    const type = TYPES[rng.weighted(ps ? TYPE_MIX_PAID_SOCIAL : TYPE_MIX_OTHER)];
    const par = TYPE_PARAMS[type];
    cust.type[i] = type;
    cust.aov[i] = par.aov * rng.gamma(6, 1 / 6);
    const first = cust.signup[i] + Math.floor(rng.exponential(3));
    if (first >= DAYS) continue;
    const amount = amountFor(i);
    const acq = cust.channel[i];
    addOrder({
      day: first,
      customer: i,
      amount,
      channel: acq,
      campaign: acq === ORGANIC ? null : campaignFor(acq, Math.floor(first / 7)),
      quantity: quantityFor(amount),
      status: 'completed',
    });
    if (par.rate === 0) continue;
    const end = Math.min(DAYS, first + rng.exponential(par.life));
    const rate = par.rate * repeatRate * rng.gamma(4, 1 / 4);
    for (let t = first + rng.exponential(365 / rate); t < end; t += rng.exponential(365 / rate)) {
      const day = Math.floor(t);
      let channel = REPEAT_CHANNEL_MIX[rng.weighted(REPEAT_WEIGHTS)][0];
      let campaign = channel === ORGANIC ? null : campaignFor(channel, Math.floor(day / 7));
      if (campaign === null) channel = ORGANIC;
      if (channel === ORGANIC) campaign = null;
      const a = amountFor(i);
      addOrder({ day, customer: i, amount: a, channel, campaign, quantity: quantityFor(a), status: 'completed' });
    }
  }

  // 4. Touch paths, 2025-07-01 … 2025-09-30 -------------------------------------------------------
  const TOUCH_FROM = MONTH_START[18];
  const TOUCH_TO = MONTH_START[21] - 15;
  const touchRows: CellValue[][] = [];
  const pathStats = { potWith: [0, 0], potWithout: [0, 0], othersWith: [0, 0], hvAds: [0, 0], othersAds: [0, 0] };
  const TOUCH_CHANNELS: Channel[] = ['Paid Search', 'Paid Social', 'Community', 'Email/SMS', 'Content', 'Affiliate'];
  const TOUCH_WEIGHTS = [0.22, 0.28, 0.18, 0.14, 0.12, 0.06];
  const candidates: number[] = [];
  for (let i = 0; i < nCust; i++) {
    const days = purchaseDays[i];
    if (days.length > 0 && days[0] < TOUCH_FROM) candidates.push(i);
  }
  const nPaths = Math.min(candidates.length, Math.round(4000 * scale));
  // Partial Fisher–Yates: nPaths distinct customers, one path each.
  for (let k = 0; k < nPaths; k++) {
    const j = k + Math.floor(rng.next() * (candidates.length - k));
    [candidates[k], candidates[j]] = [candidates[j], candidates[k]];
  }
  const touched = candidates.slice(0, nPaths).sort((a, b) => a - b);
  for (const i of touched) {
    const start = rng.int(TOUCH_FROM, TOUCH_TO);
    const days = [...purchaseDays[i]].sort((a, b) => a - b);
    const seg = segmentAt(days, start);
    const len = 1 + rng.weighted([0.3, 0.28, 0.2, 0.13, 0.09]);
    const path: { ts: number; channel: Channel; campaign: string; event: string }[] = [];
    let ts = start + rng.uniform(8 / 24, 23 / 24);
    for (let k = 0; k < len; k++) {
      if (k > 0) ts += rng.exponential(2);
      const channel = TOUCH_CHANNELS[rng.weighted(TOUCH_WEIGHTS)];
      const w = Math.min(WEEKS - 1, Math.floor(ts / 7));
      const campaign = campaignFor(channel, w) ?? CAMPAIGNS.find((x) => x.channel === channel)!.name;
      path.push({
        ts: Math.round(ts * 1440) / 1440,
        channel,
        campaign,
        event: rng.chance(0.4) ? 'click' : 'impression',
      });
    }
    const community = path.some((p) => p.channel === 'Community');
    const adsOnly = path.every((p) => p.channel === 'Paid Search' || p.channel === 'Paid Social');
    // The planted responses.
    let p = 0.07 + (community ? 0.02 : 0);
    if (seg === '潜力' && community) p = 0.32;
    if (seg === '高价值' && adsOnly) p = 0.03;
    const converted = rng.chance(p);
    const bump = (s: number[]): void => {
      s[0]++;
      if (converted) s[1]++;
    };
    if (seg === '潜力') bump(community ? pathStats.potWith : pathStats.potWithout);
    else if (community) bump(pathStats.othersWith);
    if (adsOnly) bump(seg === '高价值' ? pathStats.hvAds : pathStats.othersAds);
    const last = path[path.length - 1];
    let value: number | null = null;
    if (converted) {
      value = amountFor(i);
      const day = Math.min(DAYS - 1, Math.floor(last.ts));
      addOrder({
        day,
        customer: i,
        amount: value,
        channel: last.channel,
        campaign: last.campaign,
        quantity: quantityFor(value),
        status: 'completed',
      });
    }
    path.forEach((t, k) => {
      const isLast = k === path.length - 1;
      touchRows.push([
        cust.id[i],
        t.channel,
        t.campaign,
        Math.round((SERIAL_2024_01_01 + t.ts) * 1e5) / 1e5,
        t.event,
        isLast && converted ? 1 : 0,
        isLast ? value : null,
      ]);
    });
  }

  // 5. Experiment: 2025-10-15 for 30 days; holdout 30%, two treatment arms of 35% ----------------
  const T0 = MONTH_START[21] + 14;
  const T1 = T0 + 30;
  const ARMS = ['对照', '满减券', '新品推荐'] as const;
  const ARM_WEIGHTS = [0.3, 0.35, 0.35];
  const PLANTED_ARM = '满减券';
  const PLANTED_SEG: Segment = '流失预警';
  const INCREMENTAL = 0.14;
  const units: { i: number; arm: string; seg: Segment; pre: number }[] = [];
  for (let i = 0; i < nCust; i++) {
    const days = [...purchaseDays[i]].sort((a, b) => a - b);
    const seg = segmentAt(days, T0);
    if (seg === null) continue;
    const arm = ARMS[rng.weighted(ARM_WEIGHTS)];
    units.push({ i, arm, seg, pre: 0 });
    if (arm === PLANTED_ARM && seg === PLANTED_SEG && rng.chance(INCREMENTAL)) {
      const a = amountFor(i);
      addOrder({
        day: T0 + rng.int(0, 29),
        customer: i,
        amount: a,
        channel: 'Email/SMS',
        campaign: '短信召回',
        quantity: quantityFor(a),
        status: 'completed',
      });
    }
  }

  // Refunds and cancellations on the final order set.
  const base = orders.length;
  for (let k = 0; k < base; k++) {
    const o = orders[k];
    const r = rng.next();
    if (r < 0.02) o.status = 'refunded';
    else if (r < 0.025) o.status = 'cancelled';
    else if (r < 0.033 && o.day + 7 < DAYS) {
      orders.push({ ...o, day: o.day + 7, amount: -o.amount, quantity: -o.quantity, status: '退款', refundOf: o });
    }
  }
  orders.sort((a, b) => a.day - b.day || a.customer - b.customer || (a.refundOf ? 1 : 0) - (b.refundOf ? 1 : 0));
  let seq = 0;
  for (const o of orders) if (!o.refundOf) o.id = `SO${String(++seq).padStart(7, '0')}`;
  for (const o of orders) if (o.refundOf) o.id = `${o.refundOf.id!}-R`;

  // Experiment outcomes from the orders themselves (refund rows excluded, as the segment rule does).
  const preSpend = new Float64Array(nCust);
  const outSpend = new Float64Array(nCust);
  const outConv = new Uint8Array(nCust);
  for (const o of orders) {
    if (o.amount <= 0) continue;
    if (o.day >= T0 - 90 && o.day < T0) preSpend[o.customer] += o.amount;
    if (o.day >= T0 && o.day < T1) {
      outSpend[o.customer] += o.amount;
      outConv[o.customer] = 1;
    }
  }

  // 6. Campaign rows, budget, invoices -----------------------------------------------------------
  const realConv = new Map<string, number[]>();
  const realRev = new Map<string, number[]>();
  for (const k of CAMPAIGNS) {
    realConv.set(k.name, new Array<number>(WEEKS).fill(0));
    realRev.set(k.name, new Array<number>(WEEKS).fill(0));
  }
  const revenueByChannel = new Map<string, number>();
  for (const o of orders) {
    revenueByChannel.set(o.channel, (revenueByChannel.get(o.channel) ?? 0) + o.amount);
    if (!o.campaign) continue;
    const w = Math.floor(o.day / 7);
    if (o.amount > 0) realConv.get(o.campaign)![w]++;
    realRev.get(o.campaign)![w] += o.amount;
  }
  const campaignRows: CellValue[][] = [];
  const reportedRevenueByChannel = new Map<string, number>();
  for (const k of CAMPAIGNS) {
    const f = SPEC[k.channel].inflation;
    for (let w = 0; w < WEEKS; w++) {
      const s = spend.get(k.name)![w];
      const zero = k.name === ZERO_SPEND.campaign && w === ZERO_SPEND.week;
      if (s === 0 && !zero) continue;
      const amount = s / 100;
      const impressions = Math.round((amount / SPEC[k.channel].cpm) * 1000 * (1 + rng.normal(0, 0.05)));
      const clicks = Math.round(impressions * SPEC[k.channel].ctr * (1 + rng.normal(0, 0.08)));
      let conv = Math.max(0, Math.round(realConv.get(k.name)![w] * f * (1 + rng.normal(0, 0.05))));
      let rev = Math.max(0, round2(realRev.get(k.name)![w] * f * (1 + rng.normal(0, 0.05))));
      if (zero) {
        conv = 2; // late conversions the platform still reports for a paused week
        rev = 358;
      }
      reportedRevenueByChannel.set(k.channel, (reportedRevenueByChannel.get(k.channel) ?? 0) + rev);
      campaignRows.push([k.name, k.channel, SERIAL_2024_01_01 + w * 7, amount, impressions, clicks, conv, rev]);
    }
  }
  campaignRows.sort(
    (a, b) =>
      (a[2] as number) - (b[2] as number) ||
      CAMPAIGNS.findIndex((k) => k.name === a[0]) - CAMPAIGNS.findIndex((k) => k.name === b[0]),
  );

  // Budget per channel and month: the plan (before the paid-social surge) ± 5%, rounded to 1,000.
  const budgetRows: CellValue[][] = [];
  const budget2025 = new Map<string, number>();
  const spend2025 = new Map<string, number>();
  for (const c of CHANNELS) {
    for (let m = 0; m < 24; m++) {
      let plan = 0;
      for (let w = 0; w < WEEKS; w++) if (monthOfWeek(w) === m) plan += planned[c][w];
      const amount = Math.round((plan * (1 + rng.normal(0, 0.05))) / 1000) * 1000;
      budgetRows.push([c, SERIAL_2024_01_01 + MONTH_START[m], amount]);
      if (m >= 12) budget2025.set(c, (budget2025.get(c) ?? 0) + amount);
    }
    let s = 0;
    for (let w = 0; w < WEEKS; w++) if (monthOfWeek(w) >= 12) s += channelSpend(c, w);
    spend2025.set(c, s);
  }

  // Invoices for 2025: one line per campaign and month of platform spend (a week counts in the month it
  // starts), amount without VAT, 6% VAT; then the planted cases.
  const monthSpend = (campaign: string, m: number): number => {
    let s = 0;
    for (let w = 0; w < WEEKS; w++) if (monthOfWeek(w) === m) s += spend.get(campaign)![w];
    return s;
  };
  interface Invoice {
    id: string;
    vendor: string;
    channel: string;
    ref: string;
    description: string;
    date: number;
    from: number;
    to: number;
    amountCents: number;
    case: string;
    campaign: string | null;
    month: number;
    note: string;
  }
  const invoices: Invoice[] = [];
  let invNo = 0;
  const nextId = (): string => `INV-2025-${String(++invNo).padStart(4, '0')}`;
  const line = (
    k: CampaignSpec,
    m: number,
    amountCents: number,
    kase: string,
    note = '',
    ref = k.name,
    id = nextId(),
  ): Invoice => ({
    id,
    vendor: k.vendor ?? SPEC[k.channel].vendor,
    channel: k.channel,
    ref,
    description: `${ref} ${monthLabel(m)} 广告投放服务费 / media services`,
    date: SERIAL_2024_01_01 + MONTH_START[m + 1] + 4,
    from: SERIAL_2024_01_01 + MONTH_START[m],
    to: SERIAL_2024_01_01 + MONTH_START[m + 1] - 1,
    amountCents,
    case: kase,
    campaign: k.name,
    month: m,
    note,
  });
  const byName = (n: string): CampaignSpec => CAMPAIGNS.find((k) => k.name === n)!;
  const planted = new Map<string, (k: CampaignSpec, m: number, s: number) => Invoice[]>([
    [
      'Brand Search|14',
      (k, m, s) => {
        const id = nextId();
        const a = Math.round(s * 0.6);
        return [
          line(k, m, a, 'split', 'invoiced in two parts (60% + 40%)', k.name, `${id}-1`),
          line(k, m, s - a, 'split', 'invoiced in two parts (60% + 40%)', k.name, `${id}-2`),
        ];
      },
    ],
    [
      'Douyin Feed|16',
      (k, m, s) => {
        const id = nextId();
        const a = Math.round(s / 3);
        return [0, 1, 2].map((p) =>
          line(k, m, p < 2 ? a : s - 2 * a, 'split', 'invoiced in three equal parts', k.name, `${id}-${p + 1}`),
        );
      },
    ],
    ['Douyin Feed|13', (k, m, s) => [line(k, m, s, 'renamed', 'reference "Douyin-Feed" (punctuation)', 'Douyin-Feed')]],
    [
      'RED Seeding|15',
      (k, m, s) => [line(k, m, s, 'renamed', 'reference in full-width characters', 'ＲＥＤ　Ｓｅｅｄｉｎｇ')],
    ],
    [
      'Generic Search|17',
      (k, m, s) => [line(k, m, s, 'renamed', 'reference in lower case with a vendor suffix', 'generic search (BD)')],
    ],
    [
      'Brand Search|19',
      (k, m, s) => [line(k, m, s, 'chinese_name', 'campaign named in Chinese on the invoice', '品牌词搜索')],
    ],
    [
      'Douyin Feed|20',
      (k, m, s) => [line(k, m, s, 'chinese_name', 'campaign named in Chinese on the invoice', '抖音信息流')],
    ],
    ['公众号推文|18', (k, m, s) => [line(k, m, s + 1, 'tolerance', '1 cent over (rounding)')]],
    ['KOC分销|20', (k, m, s) => [line(k, m, Math.round(s * 0.996), 'tolerance', '0.4% under platform spend')]],
    ['社群会员日|21', (k, m, s) => [line(k, m, s + 300, 'tolerance', 'CNY 3.00 over (bank fee)')]],
    ['Generic Search|22', (k, m, s) => [line(k, m, Math.round(s * 1.08), 'variance', '8% over platform spend')]],
    ['联盟返利|22', () => []],
    ['Weekly Newsletter|23', () => []],
  ]);
  for (let m = 12; m < 24; m++) {
    for (const k of CAMPAIGNS) {
      const s = monthSpend(k.name, m);
      if (s === 0) continue;
      const special = planted.get(`${k.name}|${m}`);
      invoices.push(...(special ? special(k, m, s) : [line(k, m, s, 'exact')]));
    }
    if (m === 16) {
      // An invoice without platform spend: an offline community event no ad platform reports.
      invoices.push({
        ...line(
          byName('社群会员日'),
          m,
          1_800_000,
          'no_platform_spend',
          'offline community salon, no platform row',
          '社群线下沙龙',
        ),
        vendor: '活动策划公司 Event Agency',
        campaign: null,
      });
    }
  }
  // A duplicate invoice: the same document entered twice.
  const dupAt = invoices.findIndex((v) => v.campaign === 'Weekly Newsletter' && v.month === 18);
  invoices.splice(dupAt + 1, 0, { ...invoices[dupAt], case: 'duplicate', note: 'the same invoice entered twice' });
  invoices[dupAt] = { ...invoices[dupAt], case: 'duplicate', note: 'the same invoice entered twice' };

  const invoiceRows: CellValue[][] = invoices.map((v) => [
    v.id,
    v.vendor,
    v.channel,
    v.ref,
    v.description,
    v.date,
    v.from,
    v.to,
    v.amountCents / 100,
    'CNY',
    Math.round(v.amountCents * 0.06) / 100,
  ]);
  const invoiceCases: SampleTruth['invoiceCases'] = [];
  invoices.forEach((v, idx) => {
    if (v.case === 'exact') return;
    const prev = invoiceCases.find(
      (c) => c.case === v.case && c.campaign === v.campaign && c.month === monthLabel(v.month),
    );
    if (prev) prev.rows.push(idx + 2);
    else
      invoiceCases.push({
        case: v.case,
        rows: [idx + 2],
        campaign: v.campaign,
        month: monthLabel(v.month),
        note: v.note,
      });
  });
  for (const key of ['联盟返利|22', 'Weekly Newsletter|23']) {
    const [name, m] = key.split('|');
    invoiceCases.push({
      case: 'not_invoiced',
      rows: [],
      campaign: name,
      month: monthLabel(Number(m)),
      note: 'platform spend with no invoice line',
    });
  }
  invoiceCases.push({
    case: 'exact',
    rows: invoices.flatMap((v, i) => (v.case === 'exact' ? [i + 2] : [])),
    campaign: null,
    month: '2025',
    note: 'one invoice line per campaign and month, equal to platform spend',
  });

  // 7. Sheets and the mess -----------------------------------------------------------------------
  const GENDERS = ['女', '男'];
  const customerRows: CellValue[][] = [];
  for (let i = 0; i < nCust; i++) {
    customerRows.push([
      cust.id[i],
      SERIAL_2024_01_01 + cust.signup[i],
      cust.channel[i],
      CITIES[rng.weighted(CITY_WEIGHTS)],
      GENDERS[rng.weighted([62, 38])],
      AGE_BANDS[rng.weighted(AGE_WEIGHTS)],
    ]);
  }
  const orderRows: CellValue[][] = orders.map((o) => [
    o.id!,
    cust.id[o.customer],
    SERIAL_2024_01_01 + o.day,
    o.amount,
    o.channel,
    o.campaign,
    o.quantity,
    o.status,
  ]);
  const expRows: CellValue[][] = units.map((u) => [
    cust.id[u.i],
    u.arm,
    u.seg,
    round2(preSpend[u.i]),
    outConv[u.i],
    round2(outSpend[u.i]),
  ]);

  const mess: SampleTruth['mess'] = [];
  if (!options.clean) {
    // Orders: a duplicated order line, blank rows, text in number columns. Rows are found after all
    // insertions, so the Excel row numbers reported are where the mess ends up.
    const dupId = orderRows[Math.floor(orderRows.length * 0.31)][0];
    const dup = orderRows.findIndex((r) => r[0] === dupId);
    orderRows.splice(dup + 1, 0, [...orderRows[dup]]);
    for (const f of [0.85, 0.6, 0.4])
      orderRows.splice(Math.floor(orderRows.length * f), 0, new Array<CellValue>(8).fill(null));
    const textAmount = Math.floor(orderRows.length * 0.52);
    const textQty = Math.floor(orderRows.length * 0.73);
    orderRows[textAmount][3] = '待确认';
    orderRows[textQty][6] = '2件';
    const rowsWhere = (pred: (r: CellValue[]) => boolean): number[] =>
      orderRows.flatMap((r, i) => (pred(r) ? [i + 2] : []));
    mess.push(
      {
        sheet: 'Orders',
        rows: rowsWhere((r) => r[0] === dupId),
        what: `duplicate order id ${String(dupId)} (the same line twice)`,
      },
      { sheet: 'Orders', rows: rowsWhere((r) => r.every((v) => v === null)), what: 'blank rows' },
      { sheet: 'Orders', rows: [textAmount + 2], what: 'text "待确认" (to be confirmed) in the amount column' },
      { sheet: 'Orders', rows: [textQty + 2], what: 'text "2件" in the quantity column' },
    );
    // Campaigns: an error value, and the zero-spend week.
    const errRow = Math.floor(campaignRows.length * 0.45);
    campaignRows[errRow][7] = '#N/A';
    mess.push({ sheet: 'Campaigns', rows: [errRow + 2], what: 'Excel error #N/A in 收入 (revenue)' });
    // Customers: a blank row.
    const cb = Math.floor(customerRows.length * 0.5);
    customerRows.splice(cb, 0, new Array<CellValue>(6).fill(null));
    mess.push({ sheet: 'Customers', rows: [cb + 2], what: 'blank row' });
  }
  const zeroRow = campaignRows.findIndex(
    (r) => r[0] === ZERO_SPEND.campaign && r[2] === SERIAL_2024_01_01 + ZERO_SPEND.week * 7,
  );
  mess.push({
    sheet: 'Campaigns',
    rows: [zeroRow + 2],
    what: 'zero-spend week (paused) with 0 impressions and clicks but 2 late platform conversions',
  });
  if (!options.clean) {
    // A trailing total row (合计) under Campaigns, as finance exports have.
    const sum = (col: number): number =>
      round2(campaignRows.reduce((a, r) => a + (typeof r[col] === 'number' ? r[col] : 0), 0));
    campaignRows.push(['合计', null, null, sum(3), sum(4), sum(5), sum(6), sum(7)]);
    mess.push({
      sheet: 'Campaigns',
      rows: [campaignRows.length + 1],
      what: 'trailing total row 合计 (sums; formulas in the .xlsx)',
    });
  }

  const grids: CellGrid[] = [
    grid('Customers', ['客户ID', '注册日期', '获客渠道', '城市', '性别', '年龄段'], customerRows, [
      'General',
      fmtDate,
      'General',
      'General',
      'General',
      'General',
    ]),
    grid(
      'Orders',
      ['order_id', 'customer_id', 'order_date', 'amount', 'channel', 'campaign', 'quantity', 'status'],
      orderRows,
      ['General', 'General', fmtDate, fmtMoney, 'General', 'General', '0', 'General'],
    ),
    grid('Campaigns', ['活动', '渠道', '周', '花费', '曝光', '点击', '转化', '收入'], campaignRows, [
      'General',
      'General',
      fmtDate,
      fmtMoney,
      fmtInt,
      fmtInt,
      fmtInt,
      fmtMoney,
    ]),
    grid('Touches', ['customer_id', 'channel', 'campaign', 'timestamp', 'event', 'converted', 'value'], touchRows, [
      'General',
      'General',
      'General',
      'yyyy-mm-dd hh:mm',
      'General',
      '0',
      fmtMoney,
    ]),
    grid('Experiment', ['user_id', '组别', '客户分群', 'pre_spend_90d', 'converted', 'spend_30d'], expRows, [
      'General',
      'General',
      'General',
      fmtMoney,
      '0',
      fmtMoney,
    ]),
    grid(
      'Invoices',
      [
        'invoice_id',
        'vendor',
        'channel',
        'campaign_ref',
        'description',
        'invoice_date',
        'service_start',
        'service_end',
        'amount',
        'currency',
        'tax',
      ],
      invoiceRows,
      ['General', 'General', 'General', 'General', 'General', fmtDate, fmtDate, fmtDate, fmtMoney, 'General', fmtMoney],
    ),
    grid('Budget', ['渠道', '月份', '预算'], budgetRows, ['General', 'yyyy-mm', fmtMoney]),
  ];

  // Truth: figures measured on what was generated. ------------------------------------------------
  const rate = (s: number[]): RateFigure => ({ n: s[0], rate: s[0] ? s[1] / s[0] : 0 });
  const second: Record<string, RateFigure> = {};
  for (const c of [...CHANNELS, ORGANIC]) {
    let buyers = 0;
    let repeaters = 0;
    for (let i = 0; i < nCust; i++) {
      if (cust.channel[i] !== c) continue;
      const n = purchaseDays[i].length;
      if (n >= 1) buyers++;
      if (n >= 2) repeaters++;
    }
    if (buyers > 0) second[c] = { n: buyers, rate: repeaters / buyers };
  }
  const bySegment: SampleTruth['effects']['experiment']['bySegment'] = {};
  for (const u of units) {
    const seg = (bySegment[u.seg] ??= {});
    const cell = (seg[u.arm] ??= { n: 0, meanSpend: 0, sd: 0 });
    cell.n++;
    cell.meanSpend += outSpend[u.i];
    cell.sd += outSpend[u.i] ** 2; // sum of squares until the pass below
  }
  const relativeLift: Record<string, Record<string, number>> = {};
  const z: Record<string, Record<string, number>> = {};
  for (const [seg, arms] of Object.entries(bySegment)) {
    for (const cell of Object.values(arms)) {
      const mean = cell.meanSpend / cell.n;
      cell.sd = round2(Math.sqrt(Math.max(0, (cell.sd - cell.n * mean * mean) / Math.max(1, cell.n - 1))));
      cell.meanSpend = round2(mean);
    }
    relativeLift[seg] = {};
    z[seg] = {};
    for (const arm of ARMS.slice(1)) {
      const c = arms[ARMS[0]] as { n: number; meanSpend: number; sd: number } | undefined;
      const t = arms[arm] as { n: number; meanSpend: number; sd: number } | undefined;
      if (!c || !t) continue;
      relativeLift[seg][arm] = c.meanSpend > 0 ? +((t.meanSpend - c.meanSpend) / c.meanSpend).toFixed(3) : 0;
      const se = Math.sqrt(c.sd ** 2 / c.n + t.sd ** 2 / t.n);
      z[seg][arm] = se > 0 ? +((t.meanSpend - c.meanSpend) / se).toFixed(2) : 0;
    }
  }
  const inflation: Record<string, number> = {};
  for (const c of CHANNELS) {
    const real = revenueByChannel.get(c) ?? 0;
    inflation[c] = real > 0 ? +((reportedRevenueByChannel.get(c) ?? 0) / real).toFixed(3) : 0;
  }
  const budgetUse2025: Record<string, number> = {};
  for (const c of CHANNELS) budgetUse2025[c] = +(spend2025.get(c)! / budget2025.get(c)!).toFixed(3);

  const truth: SampleTruth = {
    seed,
    scale,
    asOf: '2025-12-31',
    currency: 'CNY',
    counts: Object.fromEntries(grids.map((g) => [g.sheet, g.values.length - 1])),
    effects: {
      potentialCommunity: {
        potentialWith: rate(pathStats.potWith),
        potentialWithout: rate(pathStats.potWithout),
        othersWith: rate(pathStats.othersWith),
      },
      highValueAds: { highValue: rate(pathStats.hvAds), others: rate(pathStats.othersAds) },
      secondPurchase: second,
      experiment: {
        arms: [...ARMS],
        control: ARMS[0],
        bySegment,
        relativeLift,
        z,
        plantedArm: PLANTED_ARM,
        plantedSegment: PLANTED_SEG,
        plantedIncrementalOrderProbability: INCREMENTAL,
      },
      inflation,
      budgetUse2025,
    },
    invoiceCases,
    mess,
  };
  return { grids, truth };
}
