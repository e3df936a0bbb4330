/**
 * The corpus of users' own files: one generated file per known export format, in the layout its documentation
 * describes (cited on each case), with synthetic seeded data. Each case carries its expected figures, computed
 * here from the generated records with plain sums (never with Loopbook's code): the table kind, the roles, the
 * rows counted, the Excel rows of the totals left out, and the spend or the revenue that counts.
 *
 * `npx tsx tests/corpus/write.ts <dir>` writes the files, to run them through `loopbook analyze` by hand.
 */
import type { Role, TableKind } from '../../src/ingest/types.js';
import { mulberry32, type Rng } from '../../src/stats/random.js';

/** A cell as written: text, a number, or (xlsx) a date Excel shows in `CorpusCase.dateFormat`. */
export type Cell = string | number | Date | null;

export interface CorpusCase {
  /** File name, also the case's name: `google-ads.csv`, `taobao-orders.gb18030.csv`, `meta-ads.xlsx`. */
  file: string;
  /** The format Loopbook should recognise; absent for a layout no export names (a budget kept by finance). */
  format?: string;
  /** Where the layout comes from. */
  docs: string;
  /** Sheet name inside an .xlsx. */
  sheet?: string;
  /** Rows exactly as the export writes them (csv: text; xlsx: numbers stay numbers). */
  rows: Cell[][];
  /** Write the csv in GB18030 (what Excel zh-CN and Chinese platforms write) instead of UTF-8. */
  gb18030?: boolean;
  /** Number format of the date cells of an xlsx (Excel shows a typed `Jan 2024` as `mmm-yy`). */
  dateFormat?: string;
  /**
   * The currency of the export's money (its currency column), which the run takes as its report currency without
   * `--currency`; absent: the default, CNY. A line in another currency with no exchange rate is in no total.
   */
  currency?: string;
  expect: {
    kind: TableKind;
    /** Role per header, for the columns that matter. */
    roles: Record<string, Role | null>;
    /** Data rows kept. */
    rows: number;
    /** Excel rows of total / summary rows left out. */
    excluded: number[];
    /** Spend over the rows kept (campaign reports). */
    spend?: number;
    /** Revenue that counts: paid or won orders, less refunded amounts of partial refunds; each order once. */
    revenue?: number;
    /** Distinct customers in the customer column. */
    customers?: number;
    /** Orders that count (paid, won or partially refunded), each order once, and their distinct customers. */
    counted?: { orders: number; customers: number };
    /** Plain sums of columns over every row kept, by header: a line-item column counted on each row. */
    columnTotals?: Record<string, number>;
    /** Budget over the rows kept (the `amount` column of a budget). */
    budget?: number;
    /** A wide sheet unpivoted: its period header cells and the periods, in order. */
    unpivot?: { headerRange: string; periods: string[] };
    /** The warnings ingest must give, by code (the case's other diagnostics are infos). */
    warnings?: string[];
    /** Roles two columns could take that the values do not settle: the role and `header (letter)`, the taken first. */
    ambiguous?: { role: Role; candidates: string[] }[];
    /** Spend per campaign over the rows kept (campaign reports), summed by the generator. */
    campaignSpend?: Record<string, number>;
  };
}

const cents = (x: number): number => Math.round(x * 100) / 100;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const money = (rng: Rng, lo: number, hi: number): number => cents(lo + rng() * (hi - lo));
const sum = (xs: readonly number[]): number => cents(xs.reduce((a, b) => a + b, 0));
const iso = (day: number): string => new Date(Date.UTC(2024, 5, 1 + day)).toISOString().slice(0, 10);
const fix2 = (x: number): string => x.toFixed(2);

/** Google Ads campaign report: title, date range, header, campaigns, `Total: …` rows. */
function googleAds(asXlsx: boolean): CorpusCase {
  const rng = mulberry32(101);
  const names = [
    'Brand - Exact',
    'Generic - Broad',
    'Competitors',
    'Shopping - All',
    'Display - Remarketing',
    'YouTube - Launch',
  ];
  const types = ['Search', 'Search', 'Search', 'Shopping', 'Display', 'Video'];
  const rows: Cell[][] = [['Campaign report'], ['June 1, 2024 - June 30, 2024']];
  rows.push([
    'Campaign status',
    'Campaign',
    'Campaign type',
    'Budget',
    'Currency code',
    'Impr.',
    'Clicks',
    'Avg. CPC',
    'Cost',
    'Conversions',
    'Cost / conv.',
    'Conv. value',
  ]);
  const costs: number[] = [];
  const values: number[] = [];
  const byCampaign: Record<string, number> = {};
  const byType = new Map<string, number>();
  names.forEach((name, i) => {
    const impr = between(rng, 5000, 90000);
    const clicks = between(rng, 100, 3000);
    const cost = money(rng, 200, 4000);
    const conv = between(rng, 5, 120);
    const value = money(rng, 500, 12000);
    costs.push(cost);
    values.push(value);
    byCampaign[name] = cost;
    byType.set(types[i], cents((byType.get(types[i]) ?? 0) + cost));
    const n = (x: number): Cell => (asXlsx ? x : String(x));
    rows.push([
      pick(rng, ['Enabled', 'Paused']),
      name,
      types[i],
      n(money(rng, 50, 300)),
      'USD',
      n(impr),
      n(clicks),
      n(cents(cost / clicks)),
      n(cost),
      n(conv),
      n(cents(cost / conv)),
      n(value),
    ]);
  });
  const total = (label: string, cost: number): Cell[] => [
    label,
    '--',
    '--',
    '--',
    'USD',
    '--',
    '--',
    '--',
    asXlsx ? cost : fix2(cost),
    '--',
    '--',
    '--',
  ];
  rows.push(total('Total: Account', sum(costs)));
  for (const [t, c] of byType) rows.push(total(`Total: ${t}`, c));
  rows.push(total('Total: Campaigns', sum(costs)));
  const nTotals = 2 + byType.size;
  return {
    file: asXlsx ? 'google-ads.xlsx' : 'google-ads.csv',
    format: 'google-ads-campaigns',
    docs: 'https://developers.google.com/adwords/api/docs/appendix/reports/v201705/campaign-performance-report',
    sheet: 'Campaign report',
    rows,
    // Every line's `Currency code` is USD, and the file has no exchange rates: its figures are in USD.
    currency: 'USD',
    expect: {
      kind: 'campaigns',
      roles: {
        Campaign: 'campaign',
        Budget: 'budget',
        'Impr.': 'impressions',
        Clicks: 'clicks',
        'Avg. CPC': 'cost_per_result',
        Cost: 'spend',
        Conversions: 'conversions',
        'Cost / conv.': 'cost_per_result',
        'Conv. value': 'revenue',
      },
      rows: names.length,
      excluded: Array.from({ length: nTotals }, (_, k) => 4 + names.length + k),
      spend: sum(costs),
      revenue: sum(values),
      campaignSpend: byCampaign,
    },
  };
}

/** Meta Ads Manager export with its summary row first; one awareness campaign whose results are reach. */
function metaAds(asXlsx: boolean): CorpusCase {
  const rng = mulberry32(202);
  const header = [
    'Reporting starts',
    'Reporting ends',
    'Campaign name',
    'Campaign delivery',
    'Result indicator',
    'Results',
    'Reach',
    'Impressions',
    'Cost per results',
    'Amount spent (USD)',
    'Ends',
  ];
  const camps: [string, string][] = [
    ['Summer sale - Purchases', 'actions:offsite_conversion.fb_pixel_purchase'],
    ['Retargeting - Purchases', 'actions:offsite_conversion.fb_pixel_purchase'],
    ['Brand awareness Q2', 'reach'],
    ['Lookalike 1% - Purchases', 'actions:offsite_conversion.fb_pixel_purchase'],
    ['Video views - Launch', 'video_thruplay_watched_actions'],
  ];
  const data: Cell[][] = [];
  const spends: number[] = [];
  const byCampaign: Record<string, number> = {};
  const impressions: number[] = [];
  const results: number[] = [];
  for (const [name, indicator] of camps) {
    const reach = between(rng, 8000, 60000);
    const impr = reach + between(rng, 1000, 40000);
    const res = indicator === 'reach' ? reach : between(rng, 20, 400);
    const spent = money(rng, 150, 2500);
    spends.push(spent);
    byCampaign[name] = spent;
    impressions.push(impr);
    results.push(res);
    const n = (x: number): Cell => (asXlsx ? x : String(x));
    data.push([
      '2024-06-01',
      '2024-06-30',
      name,
      pick(rng, ['active', 'inactive']),
      indicator,
      n(res),
      n(reach),
      n(impr),
      n(cents(spent / res)),
      n(spent),
      'Ongoing',
    ]);
  }
  // The summary row: sums of results, impressions and spend; reach de-duplicated (so not their sum).
  const summary: Cell[] = [
    '2024-06-01',
    '2024-06-30',
    '',
    '',
    '',
    asXlsx ? sum(results) : String(sum(results)),
    asXlsx ? 99999 : '99999',
    asXlsx ? sum(impressions) : String(sum(impressions)),
    '',
    asXlsx ? sum(spends) : fix2(sum(spends)),
    '',
  ];
  return {
    file: asXlsx ? 'meta-ads.xlsx' : 'meta-ads.csv',
    format: 'meta-ads-manager',
    docs: 'https://www.facebook.com/business/help (Export data from Ads Manager; Amount spent; Cost per result; Reach)',
    sheet: 'Raw Data Report',
    rows: [header, summary, ...data],
    expect: {
      kind: 'campaigns',
      roles: {
        'Reporting starts': 'period_start',
        'Reporting ends': 'period_end',
        'Campaign name': 'campaign',
        'Amount spent (USD)': 'spend',
        'Cost per results': 'cost_per_result',
        Reach: 'reach',
        Impressions: 'impressions',
        Results: null,
      },
      rows: camps.length,
      excluded: [2],
      spend: sum(spends),
      campaignSpend: byCampaign,
    },
  };
}

/** 巨量引擎 daily plan report (Chinese) with a 总计 row at the bottom. */
function oceanEngine(): CorpusCase {
  const rng = mulberry32(303);
  const plans = ['夏季大促-转化', '新品测试', '直播引流', '品牌词'];
  const rows: Cell[][] = [
    [
      '日期',
      '广告计划',
      '消耗',
      '展示数',
      '点击数',
      '点击率',
      '平均点击单价',
      '平均千次展现费用',
      '转化数',
      '转化成本',
    ],
  ];
  const spends: number[] = [];
  const byCampaign: Record<string, number> = {};
  for (let d = 0; d < 5; d++) {
    for (const p of plans) {
      const show = between(rng, 20000, 200000);
      const click = between(rng, 200, 4000);
      const cost = money(rng, 100, 3000);
      const conv = between(rng, 3, 90);
      spends.push(cost);
      byCampaign[p] = cents((byCampaign[p] ?? 0) + cost);
      rows.push([
        iso(d),
        p,
        cost,
        show,
        click,
        `${((click / show) * 100).toFixed(2)}%`,
        cents(cost / click),
        cents((cost / show) * 1000),
        conv,
        cents(cost / conv),
      ]);
    }
  }
  rows.push(['总计', '', sum(spends), null, null, null, null, null, null, null]);
  return {
    file: 'oceanengine-report.xlsx',
    format: 'tiktok-ads',
    docs: 'https://support.oceanengine.com/ (数据指标说明)',
    sheet: '广告计划报表',
    rows,
    expect: {
      kind: 'campaigns',
      roles: {
        日期: 'date',
        广告计划: 'campaign',
        消耗: 'spend',
        展示数: 'impressions',
        点击数: 'clicks',
        平均点击单价: 'cost_per_result',
        平均千次展现费用: 'cost_per_result',
        转化数: 'conversions',
        转化成本: 'cost_per_result',
      },
      rows: spends.length,
      excluded: [rows.length],
      spend: sum(spends),
      campaignSpend: byCampaign,
    },
  };
}

/** TikTok Ads Manager campaign report (English), csv. */
function tiktokAds(): CorpusCase {
  const rng = mulberry32(404);
  const rows: Cell[][] = [
    [
      'Campaign name',
      'Cost',
      'Impressions',
      'Clicks (destination)',
      'CPC (destination)',
      'CPM',
      'Conversions',
      'Cost per conversion',
      'Reach',
    ],
  ];
  const spends: number[] = [];
  const byCampaign: Record<string, number> = {};
  for (const name of ['Spark ads - UGC', 'Shop ads', 'Lead gen - form', 'Reach - launch']) {
    const impr = between(rng, 10000, 300000);
    const clicks = between(rng, 100, 5000);
    const cost = money(rng, 100, 5000);
    const conv = between(rng, 2, 200);
    spends.push(cost);
    byCampaign[name] = cost;
    rows.push([
      name,
      fix2(cost),
      String(impr),
      String(clicks),
      fix2(cost / clicks),
      fix2((cost / impr) * 1000),
      String(conv),
      fix2(cost / conv),
      String(Math.floor(impr * 0.7)),
    ]);
  }
  return {
    file: 'tiktok-ads.csv',
    format: 'tiktok-ads',
    docs: 'https://ads.tiktok.com/help/ (All metrics)',
    rows,
    expect: {
      kind: 'campaigns',
      roles: {
        'Campaign name': 'campaign',
        Cost: 'spend',
        Impressions: 'impressions',
        'Clicks (destination)': 'clicks',
        'CPC (destination)': 'cost_per_result',
        CPM: 'cost_per_result',
        Conversions: 'conversions',
        'Cost per conversion': 'cost_per_result',
        Reach: 'reach',
      },
      rows: 4,
      excluded: [],
      spend: sum(spends),
      campaignSpend: byCampaign,
    },
  };
}

/** 百度推广 计划报告, csv in GB18030 with a 合计 row. */
function baiduAds(): CorpusCase {
  const rng = mulberry32(505);
  const rows: Cell[][] = [['日期', '账户', '推广计划', '展现', '点击', '消费', '点击率', '平均点击价格']];
  const spends: number[] = [];
  const byCampaign: Record<string, number> = {};
  for (let d = 0; d < 4; d++) {
    for (const plan of ['品牌词', '通用词', '竞品词']) {
      const show = between(rng, 1000, 50000);
      const click = between(rng, 20, 900);
      const cost = money(rng, 50, 2000);
      spends.push(cost);
      byCampaign[plan] = cents((byCampaign[plan] ?? 0) + cost);
      rows.push([
        iso(d),
        'bd-示例账户',
        plan,
        String(show),
        String(click),
        fix2(cost),
        `${((click / show) * 100).toFixed(2)}%`,
        fix2(cost / click),
      ]);
    }
  }
  rows.push(['合计', '', '', '', '', fix2(sum(spends)), '', '']);
  return {
    file: 'baidu-report.gb18030.csv',
    format: 'baidu-ads',
    docs: 'https://yingxiao.baidu.com/new/home/support/ (数据报告指标说明)',
    gb18030: true,
    rows,
    expect: {
      kind: 'campaigns',
      roles: {
        日期: 'date',
        推广计划: 'campaign',
        展现: 'impressions',
        点击: 'clicks',
        消费: 'spend',
        点击率: null,
        平均点击价格: 'cost_per_result',
      },
      rows: spends.length,
      excluded: [rows.length],
      spend: sum(spends),
      campaignSpend: byCampaign,
    },
  };
}

/** 腾讯广告 数据报表, xlsx. */
function tencentAds(): CorpusCase {
  const rng = mulberry32(606);
  const rows: Cell[][] = [
    ['日期', '推广计划', '曝光次数', '点击次数', '点击率', '点击均价', '花费', '目标转化量', '目标转化成本'],
  ];
  const spends: number[] = [];
  const byCampaign: Record<string, number> = {};
  for (let d = 0; d < 3; d++) {
    for (const plan of ['朋友圈-拉新', '公众号-促活', '视频号-直播']) {
      const show = between(rng, 5000, 200000);
      const click = between(rng, 50, 3000);
      const cost = money(rng, 80, 3000);
      const conv = between(rng, 1, 60);
      spends.push(cost);
      byCampaign[plan] = cents((byCampaign[plan] ?? 0) + cost);
      rows.push([
        iso(d),
        plan,
        show,
        click,
        `${((click / show) * 100).toFixed(2)}%`,
        cents(cost / click),
        cost,
        conv,
        cents(cost / conv),
      ]);
    }
  }
  return {
    file: 'tencent-ads.xlsx',
    format: 'tencent-ads',
    docs: 'https://e.qq.com/ads/helpcenter/ (数据指标说明)',
    sheet: '数据报表',
    rows,
    expect: {
      kind: 'campaigns',
      roles: {
        日期: 'date',
        推广计划: 'campaign',
        曝光次数: 'impressions',
        点击次数: 'clicks',
        点击均价: 'cost_per_result',
        花费: 'spend',
        目标转化量: 'conversions',
        目标转化成本: 'cost_per_result',
      },
      rows: spends.length,
      excluded: [],
      spend: sum(spends),
      campaignSpend: byCampaign,
    },
  };
}

/** Shopify orders export: line items, order fields on the first row of each order, offsets in Created at. */
function shopifyOrders(): CorpusCase {
  const rng = mulberry32(707);
  const header = [
    'Name',
    'Email',
    'Financial Status',
    'Paid at',
    'Fulfillment Status',
    'Currency',
    'Subtotal',
    'Shipping',
    'Taxes',
    'Total',
    'Discount Code',
    'Discount Amount',
    'Created at',
    'Lineitem quantity',
    'Lineitem name',
    'Lineitem price',
    'Refunded Amount',
    'Source',
    'Cancelled at',
  ];
  const rows: Cell[][] = [header];
  const emails = Array.from({ length: 8 }, (_, i) => `buyer${i + 1}@example.com`);
  // What each financial status means, from Shopify's documentation (not from Loopbook).
  const statuses = ['paid', 'paid', 'paid', 'partially_refunded', 'refunded', 'pending', 'voided'];
  let revenue = 0;
  const counted = { orders: 0, customers: new Set<string>() };
  for (let o = 0; o < 20; o++) {
    const status = pick(rng, statuses);
    const items = between(rng, 1, 3);
    const lines = Array.from({ length: items }, () => ({ q: between(rng, 1, 3), p: money(rng, 5, 80) }));
    const subtotal = sum(lines.map((l) => l.q * l.p));
    const shipping = pick(rng, [0, 5, 9.9]);
    const total = cents(subtotal + shipping);
    const refunded = status === 'partially_refunded' ? cents(total * 0.3) : status === 'refunded' ? total : 0;
    if (status === 'paid') revenue += total;
    if (status === 'partially_refunded') revenue += total - refunded;
    const created = `${iso(o % 28)} ${String(8 + (o % 12)).padStart(2, '0')}:15:30 +0800`;
    lines.forEach((l, k) => {
      const first = k === 0;
      const email = pick(rng, emails);
      if (first && (status === 'paid' || status === 'partially_refunded')) {
        counted.orders++;
        counted.customers.add(email);
      }
      rows.push([
        `#${1001 + o}`,
        email,
        first ? status : '',
        first && status !== 'pending' ? created : '',
        first ? 'fulfilled' : '',
        first ? 'USD' : '',
        first ? fix2(subtotal) : '',
        first ? fix2(shipping) : '',
        first ? '0.00' : '',
        first ? fix2(total) : '',
        '',
        first ? '0.00' : '',
        created,
        String(l.q),
        `Item ${between(rng, 1, 40)}`,
        fix2(l.p),
        first ? fix2(refunded) : '',
        first ? 'web' : '',
        first && status === 'voided' ? created : '',
      ]);
    });
  }
  return {
    file: 'shopify-orders.csv',
    format: 'shopify-orders',
    docs: 'https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders',
    rows,
    expect: {
      kind: 'orders',
      roles: {
        Name: 'order_id',
        Email: 'customer_id',
        'Created at': 'date',
        Total: 'amount',
        'Financial Status': 'status',
        'Refunded Amount': 'refunded_amount',
        Subtotal: null,
      },
      rows: rows.length - 1,
      excluded: [],
      revenue: cents(revenue),
      counted: { orders: counted.orders, customers: counted.customers.size },
    },
  };
}

/** WooCommerce Analytics › Orders download. */
function woocommerceOrders(): CorpusCase {
  const rng = mulberry32(808);
  const rows: Cell[][] = [
    [
      'Date',
      'Order #',
      'Status',
      'Customer',
      'Customer type',
      'Product(s)',
      'Items sold',
      'Coupon(s)',
      'Net Sales',
      'Attribution',
    ],
  ];
  const paid = new Set(['Completed', 'Processing']); // WooCommerce: processing = payment received
  let revenue = 0;
  const counted = { orders: 0, customers: new Set<string>() };
  for (let o = 0; o < 25; o++) {
    const status = pick(rng, ['Completed', 'Completed', 'Processing', 'Refunded', 'Cancelled', 'On hold', 'Failed']);
    const net = money(rng, 10, 300);
    if (paid.has(status)) revenue += net;
    const row: Cell[] = [
      `${iso(o % 30)} 10:${String(o).padStart(2, '0')}:00`,
      String(5000 + o),
      status,
      pick(rng, ['Ann Lee', 'Bo Chen', 'Cy Diaz', 'Di Evans', 'Ed Fox']),
      pick(rng, ['new', 'returning']),
      'T-shirt',
      String(between(rng, 1, 4)),
      '',
      fix2(net),
      pick(rng, ['Direct', 'Organic: Google', 'Referral']),
    ];
    rows.push(row);
    if (paid.has(status)) {
      counted.orders++;
      counted.customers.add(row[3] as string);
    }
  }
  return {
    file: 'woocommerce-orders.csv',
    format: 'woocommerce-orders',
    docs: 'https://woocommerce.com/document/woocommerce-analytics/orders-report/',
    rows,
    expect: {
      kind: 'orders',
      roles: { Date: 'date', 'Order #': 'order_id', Status: 'status', Customer: 'customer_id', 'Net Sales': 'amount' },
      rows: 25,
      excluded: [],
      revenue: cents(revenue),
      counted: { orders: counted.orders, customers: counted.customers.size },
    },
  };
}

/** Stripe unified payments export: partial refunds stay `Paid` with Amount Refunded. */
function stripePayments(): CorpusCase {
  const rng = mulberry32(909);
  const rows: Cell[][] = [
    [
      'id',
      'Created date (UTC)',
      'Amount',
      'Amount Refunded',
      'Currency',
      'Captured',
      'Fee',
      'Status',
      'Customer ID',
      'Customer Email',
    ],
  ];
  let revenue = 0;
  const counted = { orders: 0, customers: new Set<string>() };
  for (let i = 0; i < 30; i++) {
    const status = pick(rng, ['Paid', 'Paid', 'Paid', 'Refunded', 'Failed']);
    const amount = money(rng, 9, 499);
    const refunded = status === 'Refunded' ? amount : status === 'Paid' && i % 5 === 0 ? cents(amount / 4) : 0;
    if (status === 'Paid') revenue += amount - refunded;
    const cus = `cus_${String(100 + between(rng, 0, 11))}`;
    if (status === 'Paid') {
      counted.orders++;
      counted.customers.add(cus);
    }
    rows.push([
      `ch_${(1e6 + i).toString(36)}`,
      `${iso(i % 30)} 12:00:00`,
      fix2(amount),
      fix2(refunded),
      'usd',
      status === 'Failed' ? 'false' : 'true',
      fix2(amount * 0.029 + 0.3),
      status,
      cus,
      `${cus}@example.com`,
    ]);
  }
  return {
    file: 'stripe-payments.csv',
    format: 'stripe-payments',
    docs: 'https://docs.stripe.com/api/charges/object',
    rows,
    expect: {
      kind: 'orders',
      roles: {
        id: 'order_id',
        'Created date (UTC)': 'date',
        Amount: 'amount',
        'Amount Refunded': 'refunded_amount',
        Status: 'status',
        'Customer ID': 'customer_id',
      },
      rows: 30,
      excluded: [],
      revenue: cents(revenue),
      counted: { orders: counted.orders, customers: counted.customers.size },
    },
  };
}

/** Taobao/Tmall 订单报表: 买家会员名 the customer, 买家实际支付金额 the amount, 交易关闭 never revenue. */
function taobaoOrders(variant: 'xlsx' | 'gb18030'): CorpusCase {
  const rng = mulberry32(1010);
  const header = [
    '订单编号',
    '买家会员名',
    '买家支付宝账号',
    '买家应付货款',
    '买家应付邮费',
    '总金额',
    '买家实际支付金额',
    '订单状态',
    '订单创建时间',
    '订单付款时间',
    '宝贝总数量',
    '店铺名称',
    '退款金额',
  ];
  const rows: Cell[][] = [header];
  const members = Array.from({ length: 12 }, (_, i) => `tb_会员${i + 1}`);
  const paid = new Set(['交易成功', '卖家已发货，等待买家确认', '买家已付款，等待卖家发货']);
  let revenue = 0;
  const customers = new Set<string>();
  const counted = { orders: 0, customers: new Set<string>() };
  for (let o = 0; o < 40; o++) {
    const status = pick(rng, [
      '交易成功',
      '交易成功',
      '交易成功',
      '卖家已发货，等待买家确认',
      '买家已付款，等待卖家发货',
      '交易关闭',
      '等待买家付款',
    ]);
    const goods = money(rng, 20, 600);
    const post = pick(rng, [0, 6, 10]);
    const total = cents(goods + post);
    const actual = status === '等待买家付款' ? 0 : cents(total - pick(rng, [0, 5, 10]));
    if (paid.has(status)) revenue += actual;
    const member = pick(rng, members);
    customers.add(member);
    if (paid.has(status)) {
      counted.orders++;
      counted.customers.add(member);
    }
    const n = (x: number): Cell => (variant === 'xlsx' ? x : fix2(x));
    rows.push([
      String(3_900_000_000_000_000 + o * 7919),
      member,
      '138****5678',
      n(goods),
      n(post),
      n(total),
      n(actual),
      status,
      `${iso(o % 30)} 09:30:00`,
      status === '等待买家付款' ? '' : `${iso(o % 30)} 09:31:00`,
      String(between(rng, 1, 3)),
      '示例旗舰店',
      n(0),
    ]);
  }
  return {
    file: variant === 'xlsx' ? 'taobao-orders.xlsx' : 'taobao-orders.gb18030.csv',
    format: 'taobao-orders',
    docs: 'https://helpcenter.taobao.com/ (订单报表导出字段说明)',
    sheet: 'ExportOrderList',
    gb18030: variant === 'gb18030',
    rows,
    expect: {
      kind: 'orders',
      roles: {
        订单编号: 'order_id',
        买家会员名: 'customer_id',
        买家支付宝账号: null,
        买家实际支付金额: 'amount',
        总金额: null,
        订单状态: 'status',
        订单创建时间: 'date',
      },
      rows: 40,
      excluded: [],
      revenue: cents(revenue),
      customers: customers.size,
      counted: { orders: counted.orders, customers: counted.customers.size },
    },
  };
}

/** 京东 订单导出, xlsx. */
function jdOrders(): CorpusCase {
  const rng = mulberry32(1111);
  const rows: Cell[][] = [
    [
      '订单号',
      '商品ID',
      '商品名称',
      '订购数量',
      '支付方式',
      '下单时间',
      '京东价',
      '订单金额',
      '结算金额',
      '应付金额',
      '订单状态',
      '下单帐号',
      '客户姓名',
    ],
  ];
  const paid = new Set(['完成', '等待出库', '等待确认收货']);
  let revenue = 0;
  const counted = { orders: 0, customers: new Set<string>() };
  for (let o = 0; o < 20; o++) {
    const status = pick(rng, ['完成', '完成', '等待出库', '等待确认收货', '已取消', '锁定']);
    const q = between(rng, 1, 3);
    const price = money(rng, 30, 900);
    const list = cents(q * price);
    const pay = cents(list - pick(rng, [0, 10, 20]));
    if (paid.has(status)) revenue += pay;
    const account = `jd_${between(rng, 1, 9)}`;
    if (paid.has(status)) {
      counted.orders++;
      counted.customers.add(account);
    }
    rows.push([
      String(280_000_000_000 + o),
      String(100_000 + o),
      '示例商品',
      q,
      '在线支付',
      `${iso(o % 30)} 20:00:00`,
      price,
      list,
      cents(pay * 0.95),
      pay,
      status,
      account,
      '张*',
    ]);
  }
  return {
    file: 'jd-orders.xlsx',
    format: 'jd-orders',
    docs: 'https://helpcenter.jd.com/ (订单导出)',
    sheet: '订单',
    rows,
    expect: {
      kind: 'orders',
      roles: {
        订单号: 'order_id',
        下单帐号: 'customer_id',
        下单时间: 'date',
        应付金额: 'amount',
        订单金额: null,
        订单状态: 'status',
      },
      rows: 20,
      excluded: [],
      revenue: cents(revenue),
      counted: { orders: counted.orders, customers: counted.customers.size },
    },
  };
}

/**
 * 抖店 订单导出 by 商品维度: one row per 子订单, the order's 订单应付金额 repeated on each (count each 主订单 once), 商品金额
 * the 子订单's own (count every row). The first order has three 子订单, one of two pieces.
 */
function douyinOrders(): CorpusCase {
  const rng = mulberry32(1212);
  const rows: Cell[][] = [
    [
      '主订单编号',
      '子订单编号',
      '选购商品',
      '商品数量',
      '商品金额',
      '订单应付金额',
      '订单提交时间',
      '订单状态',
      '流量来源',
      '收件人',
      '收件人手机号',
    ],
  ];
  const paid = new Set(['已完成', '已发货', '待发货']);
  let revenue = 0;
  const items: number[] = [];
  const push = (o: number, k: number, q: number, a: number, due: number, status: string): void => {
    items.push(a);
    rows.push([
      String(6_900_000_000 + o),
      `${6_900_000_000 + o}${k + 1}`,
      '示例商品',
      String(q),
      fix2(a),
      fix2(due),
      `${iso(o % 30)} 21:00:00`,
      status,
      pick(rng, ['直播', '短视频', '商城']),
      '李*',
      '138****0000',
    ]);
  };
  // Order 0, written out: 2 × 39.90 = 79.80, 1 × 129.00, 1 × 15.50; 订单应付金额 224.30 on each of its three rows.
  const first = [
    { q: 2, a: 79.8 },
    { q: 1, a: 129 },
    { q: 1, a: 15.5 },
  ];
  first.forEach((l, k) => {
    push(0, k, l.q, l.a, 224.3, '已完成');
  });
  revenue += 224.3;
  for (let o = 1; o < 15; o++) {
    const status = pick(rng, ['已完成', '已完成', '已发货', '待发货', '已关闭']);
    const subs = between(rng, 1, 3);
    const amounts = Array.from({ length: subs }, () => money(rng, 9.9, 199));
    const due = sum(amounts);
    if (paid.has(status)) revenue += due;
    amounts.forEach((a, k) => {
      push(o, k, 1, a, due, status);
    });
  }
  return {
    file: 'douyin-orders.xlsx',
    format: 'douyin-orders',
    docs: 'https://school.jinritemai.com/ (订单导出字段说明); http://gtc8.cn/baike/i103939.html (商品维度: one row per 子订单)',
    sheet: 'Sheet1',
    rows,
    expect: {
      kind: 'orders',
      roles: {
        主订单编号: 'order_id',
        子订单编号: null,
        订单应付金额: 'amount',
        商品金额: null,
        订单状态: 'status',
        订单提交时间: 'date',
      },
      rows: rows.length - 1,
      excluded: [],
      revenue: cents(revenue),
      columnTotals: { 商品金额: sum(items) },
    },
  };
}

/** HubSpot deals export with internal stage values. */
function hubspotDeals(): CorpusCase {
  const rng = mulberry32(1313);
  const rows: Cell[][] = [
    [
      'Record ID',
      'Deal Name',
      'Deal Stage',
      'Amount',
      'Close Date',
      'Pipeline',
      'Deal owner',
      'Create Date',
      'Associated Company',
    ],
  ];
  let revenue = 0;
  const counted = { orders: 0, customers: new Set<string>() };
  for (let i = 0; i < 30; i++) {
    const stage = pick(rng, [
      'closedwon',
      'closedlost',
      'closedlost',
      'contractsent',
      'appointmentscheduled',
      'closedwon',
    ]);
    const amount = money(rng, 1000, 50000);
    if (stage === 'closedwon') revenue += amount;
    const company = pick(rng, ['Acme Inc', 'Globex', 'Initech', 'Umbrella', 'Hooli']);
    if (stage === 'closedwon') {
      counted.orders++;
      counted.customers.add(company);
    }
    rows.push([
      String(9_000_000 + i),
      `Deal ${i + 1}`,
      stage,
      fix2(amount),
      `${iso(i % 30)} 00:00`,
      'default',
      'Owner A',
      `${iso(0)} 00:00`,
      company,
    ]);
  }
  return {
    file: 'hubspot-deals.csv',
    format: 'hubspot-deals',
    docs: 'https://knowledge.hubspot.com/properties/hubspots-default-deal-properties',
    rows,
    expect: {
      kind: 'orders',
      roles: {
        'Record ID': 'order_id',
        'Deal Stage': 'status',
        Amount: 'amount',
        'Close Date': 'date',
        'Associated Company': 'customer_id',
        'Deal Name': null,
      },
      rows: 30,
      excluded: [],
      revenue: cents(revenue),
      counted: { orders: counted.orders, customers: counted.customers.size },
    },
  };
}

/** Salesforce opportunities report (details only), xlsx. */
function salesforceOpportunities(): CorpusCase {
  const rng = mulberry32(1414);
  const rows: Cell[][] = [
    [
      'Opportunity ID',
      'Opportunity Name',
      'Account Name',
      'Stage',
      'Amount',
      'Close Date',
      'Probability (%)',
      'Lead Source',
      'Type',
    ],
  ];
  let revenue = 0;
  const counted = { orders: 0, customers: new Set<string>() };
  for (let i = 0; i < 25; i++) {
    const stage = pick(rng, ['Closed Won', 'Closed Lost', 'Prospecting', 'Negotiation/Review', 'Closed Won']);
    const amount = money(rng, 2000, 80000);
    if (stage === 'Closed Won') revenue += amount;
    const account = pick(rng, ['Acme', 'Globex', 'Initech', 'Stark', 'Wayne', 'Wonka']);
    if (stage === 'Closed Won') {
      counted.orders++;
      counted.customers.add(account);
    }
    rows.push([
      `006${String(i).padStart(12, '0')}`,
      `Opp ${i + 1}`,
      account,
      stage,
      amount,
      iso(i % 30),
      stage === 'Closed Won' ? 100 : stage === 'Closed Lost' ? 0 : 50,
      pick(rng, ['Web', 'Partner', 'Trade Show']),
      'New Business',
    ]);
  }
  return {
    file: 'salesforce-opportunities.xlsx',
    format: 'salesforce-opportunities',
    docs: 'https://help.salesforce.com/s/articleView?id=sf.opp_fields.htm',
    sheet: 'Opportunities',
    rows,
    expect: {
      kind: 'orders',
      roles: {
        'Account Name': 'customer_id',
        Stage: 'status',
        Amount: 'amount',
        'Close Date': 'date',
        'Opportunity Name': null,
      },
      rows: 25,
      excluded: [],
      revenue: cents(revenue),
      counted: { orders: counted.orders, customers: counted.customers.size },
    },
  };
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_ISO = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
/** Layouts of a budget kept by finance: months across the columns, a total column, a total row. */
const WIDE_DOCS =
  'https://learn.microsoft.com/en-us/power-query/unpivot-column (months across the columns, as Excel’s Unpivot Columns turns them into rows)';

/**
 * A budget kept by finance: title `2024年营销预算`, a blank row, `渠道 | 1月 … 12月 | 合计`, one row per channel, a `合计`
 * row; one channel's 合计 typed 1,000.00 too high (a budget that does not add up).
 */
function wideBudgetZh(): CorpusCase {
  const rng = mulberry32(1515);
  const channels = ['百度搜索', '巨量引擎', '腾讯广告', '小红书', '微博', '线下活动'];
  const months = MONTHS_EN.map((_, i) => `${i + 1}月`);
  const rows: Cell[][] = [['2024年营销预算（元）'], [], ['渠道', ...months, '合计']];
  const bad = 3;
  const all: number[] = [];
  const colSums = months.map(() => 0);
  channels.forEach((ch, k) => {
    const vals = months.map(() => money(rng, 5_000, 80_000));
    vals.forEach((v, i) => (colSums[i] = cents(colSums[i] + v)));
    all.push(...vals);
    rows.push([ch, ...vals, cents(sum(vals) + (k === bad ? 1000 : 0))]);
  });
  rows.push(['合计', ...colSums, sum(colSums)]);
  return {
    file: 'budget-wide.zh.xlsx',
    docs: WIDE_DOCS,
    sheet: '预算',
    rows,
    expect: {
      kind: 'budget',
      roles: { 渠道: 'channel', 月份: 'period', 预算: 'amount' },
      rows: channels.length * 12,
      // The 合计 row: title (1), blank (2), header (3), six channels (4–9).
      excluded: [10],
      budget: sum(all),
      unpivot: { headerRange: 'B3:M3', periods: MONTHS_ISO },
      warnings: ['wide-total-mismatch'],
    },
  };
}

/**
 * The same in English: `Marketing budget FY2024`, `Channel | Jan 2024 … Dec 2024 | Total`, a `Total` row; the months
 * either typed as text or, in the xlsx, as the date cells Excel makes of them (shown `mmm-yy`).
 */
function wideBudgetEn(dates: boolean): CorpusCase {
  const rng = mulberry32(dates ? 1616 : 1717);
  const channels = ['Google Ads', 'Meta', 'LinkedIn', 'Events', 'Email'];
  const header: Cell[] = dates
    ? MONTHS_EN.map((_, i) => new Date(Date.UTC(2024, i, 1)))
    : MONTHS_EN.map((m) => `${m} 2024`);
  const rows: Cell[][] = [['Marketing budget FY2024'], ['Channel', ...header, 'Total']];
  const all: number[] = [];
  const colSums = MONTHS_EN.map(() => 0);
  for (const ch of channels) {
    const vals = MONTHS_EN.map(() => money(rng, 1_000, 25_000));
    vals.forEach((v, i) => (colSums[i] = cents(colSums[i] + v)));
    all.push(...vals);
    const n = (x: number): Cell => (dates ? x : fix2(x));
    rows.push([ch, ...vals.map(n), n(sum(vals))]);
  }
  rows.push(['Total', ...colSums.map((x) => (dates ? x : fix2(x))), dates ? sum(colSums) : fix2(sum(colSums))]);
  return {
    file: dates ? 'budget-wide.en.xlsx' : 'budget-wide.en.csv',
    docs: WIDE_DOCS,
    sheet: 'Budget',
    rows,
    dateFormat: 'mmm-yy',
    expect: {
      kind: 'budget',
      roles: { Channel: 'channel', Month: 'period', Budget: 'amount' },
      rows: channels.length * 12,
      // Title (1), header (2), five channels (3–7), Total (8).
      excluded: [8],
      budget: sum(all),
      unpivot: { headerRange: 'B2:M2', periods: MONTHS_ISO },
      warnings: [],
    },
  };
}

/**
 * A shop's own order export with two amount columns, `金额` and `实付金额`, whose values do not settle which is the
 * order amount: 实付金额 is below 金额 on discounted orders and above it where shipping was added, so it is neither a
 * paid amount never above the total nor the total plus other columns. Loopbook must take one and say so.
 */
function ambiguousMoney(): CorpusCase {
  const rng = mulberry32(1818);
  const rows: Cell[][] = [['订单号', '客户ID', '下单日期', '金额', '实付金额']];
  const amounts: number[] = [];
  const paid: number[] = [];
  const customers = new Set<string>();
  for (let o = 0; o < 24; o++) {
    const amount = money(rng, 50, 900);
    // Odd orders: a discount of 5–15 %; even orders: shipping of 8 or 12 added.
    const p = o % 2 === 1 ? cents(amount * (1 - between(rng, 5, 15) / 100)) : cents(amount + pick(rng, [8, 12]));
    const customer = `C${String(between(rng, 1, 9)).padStart(3, '0')}`;
    customers.add(customer);
    amounts.push(amount);
    paid.push(p);
    rows.push([`SO${20240600 + o}`, customer, iso(o % 30), fix2(amount), fix2(p)]);
  }
  return {
    file: 'orders-two-amounts.csv',
    docs: 'issue 12 ("when two columns could be the money column"); two amount headers as in the Taobao/Tmall 订单报表 (https://helpcenter.taobao.com/), under a shop system’s own names',
    rows,
    expect: {
      kind: 'orders',
      roles: { 订单号: 'order_id', 客户ID: 'customer_id', 下单日期: 'date', 金额: 'amount', 实付金额: null },
      rows: 24,
      excluded: [],
      // Both headers fit the amount as well: the first, 金额, is taken; 实付金额's total is there to switch to.
      revenue: sum(amounts),
      columnTotals: { 实付金额: sum(paid) },
      customers: customers.size,
      warnings: ['money-column-ambiguous'],
      ambiguous: [{ role: 'amount', candidates: ['金额 (D)', '实付金额 (E)'] }],
    },
  };
}

/** Every corpus case. */
export function corpusCases(): CorpusCase[] {
  return [
    googleAds(false),
    googleAds(true),
    metaAds(false),
    metaAds(true),
    tiktokAds(),
    oceanEngine(),
    baiduAds(),
    tencentAds(),
    shopifyOrders(),
    woocommerceOrders(),
    stripePayments(),
    taobaoOrders('xlsx'),
    taobaoOrders('gb18030'),
    jdOrders(),
    douyinOrders(),
    hubspotDeals(),
    salesforceOpportunities(),
    wideBudgetZh(),
    wideBudgetEn(true),
    wideBudgetEn(false),
    ambiguousMoney(),
  ];
}
