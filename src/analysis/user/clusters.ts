/**
 * Customer clustering: k-means on chosen customer features (recency, frequency, monetary, tenure, average
 * order value, CLV, numeric attributes), log-scaled where skewed, standardised (STDEV.S), seeded k-means++;
 * k chosen by the largest mean silhouette between kMin and kMax unless fixed. Each cluster is profiled
 * and given a suggested name.
 */
import type { Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import {
  attachFullTable,
  fullTableOfFields,
  rowOfFields,
  checkNumber,
  columnByRole,
  columnValues,
  defineAnalysis,
  diag,
  emptyResult,
  isoDate,
  round,
  t,
  where,
  countText,
} from '../common/index.js';
import type { AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ChartHint, Finding, ResultTable } from '../types.js';
import { chooseK, kmeansSeeded, meanSilhouette, standardizeColumns, type KMeansFit } from '../../stats/kmeans.js';
import { mulberry32, sampleIndices } from '../../stats/random.js';
import { scoreClv } from './clv.js';
import { descendingOrder } from '../common/descending.js';
import { customerModels, customerSummary, summaryCodes } from './customer-models.js';
import { summaryDiagnostics, type CustomerSummary } from './customer-summary.js';
import { listParam, percent1, userMsg } from './messages.js';
import { readOrders } from './orders.js';

export type Feature = 'recency' | 'frequency' | 'monetary' | 'tenure' | 'aov' | 'clv';

export interface ClusterOptions {
  features: Feature[];
  /** Numeric columns of the customers table to add as features (by column name). */
  attributes: string[];
  /** Fixed k, or null to choose by silhouette in kMin..kMax. */
  k: number | null;
  kMin: number;
  kMax: number;
  seed: number;
  /** log(1 + x) for non-negative features with skewness > 1 (default true). */
  logSkewed: boolean;
  /** Customers used to choose k (a seeded sample; default 5,000). */
  selectionSample: number;
  maxCustomerRows: number;
}

export const CLUSTER_DEFAULTS: ClusterOptions = {
  features: ['recency', 'frequency', 'monetary'],
  attributes: [],
  k: null,
  kMin: 2,
  kMax: 8,
  seed: 42,
  logSkewed: true,
  selectionSample: 5000,
  maxCustomerRows: 10_000,
};

const FEATURE_LABEL: Record<Feature, I18nText> = {
  recency: t('Days since last purchase', '距上次购买天数'),
  frequency: t('Orders', '订单数'),
  monetary: t('Revenue', '收入'),
  tenure: t('Days since first purchase', '距首购天数'),
  aov: t('Average order value', '平均订单金额'),
  clv: t('CLV (12 months)', 'CLV（12 个月）'),
};

/** Sample skewness (Excel SKEW). Null with fewer than 3 values or zero variance. */
export function skewness(v: ArrayLike<number>): number | null {
  const n = v.length;
  if (n < 3) return null;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i] / n;
  let s2 = 0,
    s3 = 0;
  for (let i = 0; i < n; i++) {
    const d = v[i] - m;
    s2 += d * d;
    s3 += d * d * d;
  }
  const sd = Math.sqrt(s2 / (n - 1));
  if (!(sd > 0)) return null;
  return (n / ((n - 1) * (n - 2))) * (s3 / sd ** 3);
}

/**
 * Suggested name from standardised centroid coordinates (z of recency, frequency, monetary when present).
 * Example: recent, frequent, high spend → Best customers / 最佳客户.
 */
export function suggestName(z: Partial<Record<Feature, number>>): I18nText {
  const r = z.recency ?? 0,
    f = z.frequency ?? 0,
    m = z.monetary ?? z.clv ?? 0,
    ten = z.tenure ?? 0;
  if (r < 0 && f > 0.5 && m > 0.5) return t('Best customers', '最佳客户');
  if (r > 0.5 && (f > 0.3 || m > 0.3)) return t('Slipping valuable', '流失中的高价值客户');
  if (r > 0.5) return t('Lapsed', '已流失客户');
  if (r <= 0 && f <= 0 && ten <= 0) return t('New or occasional', '新客或偶购客户');
  if (m > 0.5) return t('Big spenders', '高消费客户');
  if (f > 0.5) return t('Frequent buyers', '高频客户');
  return t('Regular', '普通客户');
}

const HEAD = {
  kind: 'clusters',
  title: t('Customer clusters', '客户聚类'),
  sheetName: t('Clusters', '客户聚类'),
  question: t('Which natural groups do our customers fall into?', '我们的客户自然分成哪几类？'),
};

const FEATURES: readonly Feature[] = ['recency', 'frequency', 'monetary', 'tenure', 'aov', 'clv'];

/**
 * Validate cluster options; invalid values fall back to the defaults with a warning. Rules beyond one
 * value's bounds: `features` keeps only known names (unknown ones are dropped, not the whole list), and
 * `kMax` is at least `kMin`.
 */
export function checkClusterOptions(o: ClusterOptions, d: Diagnostic[]): ClusterOptions {
  const D = CLUSTER_DEFAULTS;
  const features = Array.isArray(o.features) ? o.features.filter((f) => FEATURES.includes(f)) : [];
  if (!Array.isArray(o.features) || features.length !== o.features.length) {
    d.push(diag('user.bad_option', 'warning', userMsg('clustersBadFeatures', { features: listParam(FEATURES) })));
  }
  const kMin = checkNumber(d, 'kMin', o.kMin, D.kMin, 2, 20, true);
  return {
    features,
    attributes: Array.isArray(o.attributes) ? o.attributes.filter((a) => typeof a === 'string') : [],
    k: o.k === null ? null : checkNumber(d, 'k', o.k, 3, 1, 20, true),
    kMin,
    kMax: checkNumber(d, 'kMax', o.kMax, Math.max(kMin, D.kMax), kMin, 20, true),
    seed: checkNumber(d, 'seed', o.seed, D.seed, 0, 2 ** 32 - 1, true),
    logSkewed: o.logSkewed,
    selectionSample: checkNumber(d, 'selectionSample', o.selectionSample, D.selectionSample, 100, 100_000, true),
    maxCustomerRows: checkNumber(d, 'maxCustomerRows', o.maxCustomerRows, D.maxCustomerRows, 0, 1_048_575, true),
  };
}

/** A feature column: one value per customer of the summary, in original units. */
export interface FeatureColumn {
  key: string;
  label: I18nText;
  values: Float64Array;
  feature?: Feature;
}

/** The chosen customer features; CLV (12 months, the CLV sheet's defaults) is left out when it cannot be computed. */
function customerFeatures(
  s: CustomerSummary,
  features: readonly Feature[],
  asOf: number,
  diagnostics: Diagnostic[],
): FeatureColumn[] {
  const n = s.ids.length;
  const cols: FeatureColumn[] = [];
  for (const f of features) {
    const v = new Float64Array(n);
    if (f === 'clv') {
      const { bg, gg } = customerModels(s);
      const sc = scoreClv(s, bg.params, gg?.params ?? null, {
        timeUnit: 'weeks',
        horizonMonths: 12,
        annualDiscountRate: 0.1,
        margin: 1,
      });
      if (sc.clv.some((x) => x === null)) {
        diagnostics.push(diag('clusters.no_clv', 'warning', userMsg('clustersNoClv')));
        continue;
      }
      for (let i = 0; i < n; i++) v[i] = sc.clv[i]!;
    } else {
      for (let i = 0; i < n; i++) {
        v[i] =
          f === 'recency'
            ? s.recency[i]
            : f === 'frequency'
              ? s.orders[i]
              : f === 'monetary'
                ? s.revenue[i]
                : f === 'tenure'
                  ? asOf - s.first[i]
                  : s.revenue[i] / Math.max(1, s.orders[i]);
      }
    }
    cols.push({ key: f, label: FEATURE_LABEL[f], values: v, feature: f });
  }
  return cols;
}

/** Numeric columns of the customers table by name, per customer of `ids`; a missing value takes the mean. */
function attributeFeatures(
  cust: Dataset,
  names: readonly string[],
  ids: readonly string[],
  diagnostics: Diagnostic[],
): FeatureColumn[] {
  const n = ids.length;
  const idC = columnByRole(cust, 'customer_id');
  const cols: FeatureColumn[] = [];
  for (const name of names) {
    const col = cust.columns.find((c) => c.name === name);
    if (!idC || !col) {
      diagnostics.push(
        diag('clusters.attribute_missing', 'warning', userMsg('clustersAttributeMissing', { name }), where(cust)),
      );
      continue;
    }
    const idv = columnValues(cust, idC.name),
      vals = columnValues(cust, col.name);
    const m = new Map<string, number>();
    for (let i = 0; i < idv.length; i++) {
      const v = vals[i];
      if (typeof v === 'number' && Number.isFinite(v)) m.set(String(idv[i]), v);
    }
    const v = new Float64Array(n);
    let missing = 0,
      sum = 0;
    for (let i = 0; i < n; i++) {
      const x = m.get(ids[i]);
      if (x === undefined) missing++;
      else sum += x;
    }
    const mean = n - missing > 0 ? sum / (n - missing) : 0;
    for (let i = 0; i < n; i++) v[i] = m.get(ids[i]) ?? mean;
    if (missing > 0) {
      diagnostics.push(
        diag(
          'clusters.attribute_imputed',
          'info',
          userMsg('clustersAttributeImputed', { missing, name }),
          where(cust, col, [], missing),
        ),
      );
    }
    cols.push({ key: `attr_${name}`, label: t(col.header, col.header), values: v });
  }
  return cols;
}

/** Rows of log-scaled (where skewed) and standardised features, and the labels of the log-scaled ones (pure). */
export function featureMatrix(
  cols: readonly FeatureColumn[],
  n: number,
  logSkewed: boolean,
  lang: Lang,
): { z: number[][]; logged: string[] } {
  const logged: string[] = [];
  const scaled = cols.map((c) => {
    let min = Infinity;
    for (const v of c.values) min = Math.min(min, v);
    const sk = skewness(c.values);
    const useLog = logSkewed && min >= 0 && sk !== null && sk > 1;
    if (useLog) logged.push(c.label[lang]);
    if (!useLog) return c.values;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = Math.log1p(c.values[i]);
    return v;
  });
  return { z: standardizeColumns(scaled, n).data, logged };
}

/** The k-means fit, with the silhouette of each k tried when k was chosen (pure, seeded). */
export function fitClusters(
  z: number[][],
  opts: Pick<ClusterOptions, 'k' | 'kMin' | 'kMax' | 'seed' | 'selectionSample'>,
): {
  fit: KMeansFit;
  candidates: { k: number; silhouette: number | null; wss: number }[];
  silhouette: number | null;
} {
  const n = z.length;
  // Choose k on a seeded sample (silhouettes cost O(n²)), then fit on everyone.
  let candidates: { k: number; silhouette: number | null; wss: number }[] = [];
  let fit: KMeansFit;
  if (opts.k !== null) {
    fit = kmeansSeeded(z, Math.min(opts.k, n), opts.seed);
  } else {
    const sample = sampleIndices(n, opts.selectionSample, mulberry32(opts.seed)).map((i) => z[i]);
    const ch = chooseK(sample, opts.kMin, opts.kMax, opts.seed);
    candidates = ch?.candidates ?? [];
    fit = kmeansSeeded(z, ch?.best.k ?? Math.min(opts.kMin, n - 1), opts.seed);
  }
  return { fit, candidates, silhouette: meanSilhouette(z, fit.labels, fit.k, opts.seed) };
}

/** Per-cluster sums, clusters ranked by revenue per customer (1 = highest), and suggested names. */
export interface ClusterProfiles {
  prof: { size: number; sums: number[]; zsum: number[]; revenue: number }[];
  /** Non-empty clusters, highest revenue per customer first. */
  order: number[];
  rank: Map<number, number>;
  names: Map<number, I18nText>;
  totalRevenue: number;
}

/** Profile the clusters in original units and name them from their standardised means (pure). */
export function profileClusters(
  revenue: ArrayLike<number>,
  cols: readonly FeatureColumn[],
  z: number[][],
  labels: ArrayLike<number>,
  k: number,
): ClusterProfiles {
  const prof = Array.from({ length: k }, () => ({
    size: 0,
    sums: new Array<number>(cols.length).fill(0),
    zsum: new Array<number>(cols.length).fill(0),
    revenue: 0,
  }));
  let totalRevenue = 0;
  for (let i = 0; i < z.length; i++) {
    const p = prof[labels[i]];
    p.size++;
    p.revenue += revenue[i];
    totalRevenue += revenue[i];
    for (let j = 0; j < cols.length; j++) {
      p.sums[j] += cols[j].values[i];
      p.zsum[j] += z[i][j];
    }
  }
  const order = prof
    .map((_, c) => c)
    .filter((c) => prof[c].size > 0)
    .sort((a, b) => prof[b].revenue / prof[b].size - prof[a].revenue / prof[a].size);
  const rank = new Map(order.map((c, r) => [c, r + 1]));
  const names = new Map(
    order.map((c) => {
      const zc: Partial<Record<Feature, number>> = {};
      cols.forEach((col, j) => {
        if (col.feature) zc[col.feature] = prof[c].zsum[j] / prof[c].size;
      });
      return [c, suggestName(zc)];
    }),
  );
  return { prof, order, rank, names, totalRevenue };
}

/** Run clustering on the orders table (and numeric attributes from the customers table). */
export function runClusters(
  inputs: AnalysisInputs,
  common: CommonOptions,
  options: Partial<ClusterOptions> = {},
): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const opts = checkClusterOptions({ ...CLUSTER_DEFAULTS, ...options }, diagnostics);
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const sOpts = { refunds: 'net' as const, mergeSameDay: true, timeUnit: 'weeks' as const, asOf: common.asOf };
  const s: CustomerSummary = customerSummary(o, sOpts, common.memo);
  diagnostics.push(...summaryDiagnostics(s, o, sOpts));
  const n = s.ids.length;
  if (n === 0) return emptyResult(HEAD, diagnostics);
  const cols = customerFeatures(s, opts.features, common.asOf, diagnostics);
  if (opts.attributes.length > 0 && inputs.customers)
    cols.push(...attributeFeatures(inputs.customers, opts.attributes, s.ids, diagnostics));
  if (cols.length === 0) {
    diagnostics.push(diag('clusters.no_features', 'error', userMsg('clustersNoFeatures')));
    return emptyResult(HEAD, diagnostics);
  }
  if (n < Math.max(3, (opts.k ?? opts.kMin) + 1)) {
    diagnostics.push(
      diag('clusters.too_few', 'error', userMsg('clustersTooFew', { customers: countText(n) }), where(o.dataset)),
    );
    return emptyResult(HEAD, diagnostics);
  }
  const { z, logged } = featureMatrix(cols, n, opts.logSkewed, common.lang);
  const { fit, candidates, silhouette } = fitClusters(z, opts);
  if (silhouette !== null && silhouette < 0.25) {
    const message = userMsg('clustersWeakStructure', { silhouette: silhouette.toFixed(2) });
    diagnostics.push(diag('clusters.weak_structure', 'info', message));
  }
  const profiles = profileClusters(s.revenue, cols, z, fit.labels, fit.k);
  const computed: ClustersComputed = { s, cols, logged, fit, candidates, silhouette, profiles };
  return { ...HEAD, ...presentClusters(computed, opts, common), diagnostics };
}

/** What the present phase of clustering shows. */
interface ClustersComputed {
  s: CustomerSummary;
  cols: FeatureColumn[];
  /** Labels of the features that were log-scaled. */
  logged: string[];
  fit: KMeansFit;
  /** The k tried when k was chosen (empty when it was fixed). */
  candidates: { k: number; silhouette: number | null; wss: number }[];
  silhouette: number | null;
  profiles: ClusterProfiles;
}

/** Tables, charts, figures, findings and notes of clustering. */
function presentClusters(
  c: ClustersComputed,
  opts: ClusterOptions,
  common: CommonOptions,
): Omit<AnalysisResult, keyof typeof HEAD | 'diagnostics'> {
  const n = c.s.ids.length;
  const tables = [
    profileTable(c.profiles, c.cols, n, common.lang),
    clusterCustomersTable(c.s, c.cols, c.fit.labels, c.profiles, opts.maxCustomerRows, common),
  ];
  const charts: ChartHint[] = [
    {
      name: 'cluster_sizes',
      title: t('Customers per cluster', '各类别客户数'),
      kind: 'column',
      table: 'clusters',
      category: 'name',
      series: ['customers'],
    },
  ];
  if (c.candidates.length > 0) {
    tables.push(kSelectionTable(c.candidates));
    charts.push({
      name: 'k_selection',
      title: t('Silhouette by k', '各 k 的轮廓系数'),
      kind: 'line',
      table: 'k_selection',
      category: 'k',
      series: ['silhouette'],
    });
  }
  return {
    figures: [
      { key: 'customers', label: t('Customers', '客户数'), value: n, kind: 'integer' },
      { key: 'k', label: t('Clusters', '类别数'), value: c.fit.k, kind: 'integer' },
      {
        key: 'silhouette',
        label: t('Mean silhouette', '平均轮廓系数'),
        value: round(c.silhouette, 4),
        kind: 'number',
        decimals: 3,
      },
      { key: 'seed', label: t('Random seed', '随机种子'), value: opts.seed, kind: 'integer' },
    ],
    tables,
    charts,
    findings: clustersFindings(c.profiles, n),
    notes: clustersNotes(c.cols, c.logged, n, c.fit.k, opts, common.asOf),
  };
}

function profileTable(cp: ClusterProfiles, cols: readonly FeatureColumn[], n: number, lang: Lang): ResultTable {
  const { prof, totalRevenue } = cp;
  return {
    name: 'clusters',
    title: t('Cluster profiles (means in original units)', '聚类画像（原始单位的均值）'),
    columns: [
      { key: 'cluster', label: t('Cluster', '类别'), kind: 'integer' },
      { key: 'name', label: t('Suggested name', '建议名称'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer', highlight: 'dataBar' },
      { key: 'share', label: t('Share', '占比'), kind: 'percent' },
      { key: 'revenue_share', label: t('Share of revenue', '收入占比'), kind: 'percent' },
      ...cols.map((c) => ({ key: c.key, label: c.label, kind: 'number' as const, highlight: 'colorScale' as const })),
    ],
    rows: cp.order.map((c) => ({
      cluster: cp.rank.get(c)!,
      name: cp.names.get(c)![lang],
      customers: prof[c].size,
      share: round(prof[c].size / n),
      revenue_share: totalRevenue !== 0 ? round(prof[c].revenue / totalRevenue) : null,
      ...Object.fromEntries(cols.map((col, j) => [col.key, round(prof[c].sums[j] / prof[c].size, 2)])),
    })),
  };
}

/** Customers with their cluster, highest revenue first, at most `maxRows`. */
function clusterCustomersTable(
  s: CustomerSummary,
  cols: readonly FeatureColumn[],
  labels: ArrayLike<number>,
  cp: ClusterProfiles,
  maxRows: number,
  { lang, memo }: CommonOptions,
): ResultTable {
  const n = s.ids.length;
  const byRevenue = descendingOrder(s.revenue, s.ids, memo);
  const shown = Array.from(byRevenue.subarray(0, maxRows));
  const customers: ResultTable = {
    name: 'customers',
    title: t('Customers and their cluster', '客户所属类别'),
    columns: [
      { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
      { key: 'cluster', label: t('Cluster', '类别'), kind: 'integer' },
      { key: 'name', label: t('Cluster name', '类别名称'), kind: 'text' },
      ...cols.map((c) => ({ key: c.key, label: c.label, kind: 'number' as const })),
    ],
    rows: [],
  };
  const fields: [string, (i: number) => CellValue][] = [
    ['customer_id', (i) => s.ids[i]],
    ['cluster', (i) => cp.rank.get(labels[i])!],
    ['name', (i) => cp.names.get(labels[i])![lang]],
    ...cols.map((c): [string, (i: number) => CellValue] => [c.key, (i) => round(c.values[i], 2)]),
  ];
  customers.rows = shown.map((i) => rowOfFields(fields, i));
  if (n > shown.length)
    customers.note = userMsg('clustersCustomersShown', { shown: countText(shown.length), total: countText(n) });
  attachFullTable(
    customers,
    fullTableOfFields(
      n,
      (k) => byRevenue[k],
      fields,
      () => summaryCodes(s),
    ),
  );
  return customers;
}

function kSelectionTable(candidates: readonly { k: number; silhouette: number | null; wss: number }[]): ResultTable {
  return {
    name: 'k_selection',
    title: t('Choosing the number of clusters', '类别数的选择'),
    columns: [
      { key: 'k', label: t('k', 'k'), kind: 'integer' },
      {
        key: 'silhouette',
        label: t('Mean silhouette (higher is better)', '平均轮廓系数（越高越好）'),
        kind: 'number',
        decimals: 3,
      },
      { key: 'wss', label: t('Within-cluster sum of squares', '类内平方和'), kind: 'number', decimals: 1 },
    ],
    rows: candidates.map((c) => ({ k: c.k, silhouette: round(c.silhouette, 4), wss: round(c.wss, 2) })),
  };
}

function clustersFindings(cp: ClusterProfiles, n: number): Finding[] {
  const top = cp.order[0];
  if (top === undefined) return [];
  const p = cp.prof[top];
  return [
    {
      key: 'clusters.top',
      text: userMsg('clustersTop', {
        name: cp.names.get(top)!,
        customerShare: percent1(p.size / n),
        revenueShare: percent1(p.revenue / (cp.totalRevenue || 1)),
      }),
      atStake: round(p.revenue, 2),
      observational: true,
      descriptive: true,
    },
  ];
}

function clustersNotes(
  cols: readonly FeatureColumn[],
  logged: readonly string[],
  n: number,
  k: number,
  opts: ClusterOptions,
  asOf: number,
): I18nText[] {
  return [
    userMsg('clustersNoteMethod', {
      seed: opts.seed,
      features: { en: cols.map((c) => c.label.en).join(', '), 'zh-CN': cols.map((c) => c.label['zh-CN']).join('、') },
      customers: countText(n),
      asOf: isoDate(asOf),
      logged: logged.length > 0 ? userMsg('clustersNoteLogged', { features: listParam(logged) }) : '',
      kChoice:
        opts.k !== null
          ? userMsg('clustersNoteKFixed', { k })
          : userMsg('clustersNoteKChosen', { k, kMin: opts.kMin, kMax: opts.kMax, sample: opts.selectionSample }),
    }),
    userMsg('clustersNoteNames'),
  ];
}

/**
 * Clustering needs an as-of date: recency and tenure are counted back from it, and orders after it are
 * left out.
 */
export const clustersAnalysis = defineAnalysis<Partial<ClusterOptions>>({
  kind: 'clusters',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount.', '需要一张包含客户、下单日期和金额的订单表。'),
  defaults: CLUSTER_DEFAULTS,
  /** The plain questions the pane asks first; the other options are under "Advanced". */
  optionSpecs: {
    features: {
      basic: true,
      label: { en: 'What should the groups be based on?', 'zh-CN': '按哪些特征分组？' },
    },
    k: {
      basic: true,
      label: { en: 'Into how many groups?', 'zh-CN': '分成几组？' },
    },
  },
  needsAsOf: true,
  run: runClusters,
});
