/**
 * Customer clustering: k-means on chosen customer features (recency, frequency, monetary, tenure, average
 * order value, CLV, numeric attributes), log-scaled where skewed, standardised (STDEV.S), seeded k-means++;
 * k chosen by the largest mean silhouette between kMin and kMax unless fixed. Each cluster is profiled
 * and given a suggested name.
 */
import type { CellValue, Diagnostic, I18nText } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, ResultTable } from '../types.js';
import { chooseK, kmeansSeeded, meanSilhouette, standardize, type KMeansFit } from '../../stats/kmeans.js';
import { mulberry32, sampleIndices } from '../../stats/random.js';
import { scoreClv } from './clv.js';
import { customerModels, customerSummary } from './customer-models.js';
import { summaryDiagnostics, type CustomerSummary } from './customer-summary.js';
import { checkNumber, columnByRole, diagnostic, emptyResult, isoDate, readOrders, round, t } from './inputs.js';
import { columnValues } from '../../ingest/column-values.js';

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
  features: ['recency', 'frequency', 'monetary'], attributes: [], k: null, kMin: 2, kMax: 8, seed: 42, logSkewed: true,
  selectionSample: 5000, maxCustomerRows: 10_000,
};

const FEATURE_LABEL: Record<Feature, I18nText> = {
  recency: t('Days since last purchase', '距上次购买天数'), frequency: t('Orders', '订单数'), monetary: t('Revenue', '收入'),
  tenure: t('Days since first purchase', '距首购天数'), aov: t('Average order value', '平均订单金额'), clv: t('CLV (12 months)', 'CLV（12 个月）'),
};

/** Sample skewness (Excel SKEW). Null with fewer than 3 values or zero variance. */
export function skewness(v: ArrayLike<number>): number | null {
  const n = v.length;
  if (n < 3) return null;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i] / n;
  let s2 = 0, s3 = 0;
  for (let i = 0; i < n; i++) { const d = v[i] - m; s2 += d * d; s3 += d * d * d; }
  const sd = Math.sqrt(s2 / (n - 1));
  if (!(sd > 0)) return null;
  return (n / ((n - 1) * (n - 2))) * (s3 / sd ** 3);
}

/**
 * Suggested name from standardised centroid coordinates (z of recency, frequency, monetary when present).
 * Example: recent, frequent, high spend → Best customers / 最佳客户.
 */
export function suggestName(z: Partial<Record<Feature, number>>): I18nText {
  const r = z.recency ?? 0, f = z.frequency ?? 0, m = z.monetary ?? z.clv ?? 0, ten = z.tenure ?? 0;
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

/** Run clustering on the orders table (and numeric attributes from the customers table). */
export function runClusters(inputs: AnalysisInputs, common: CommonOptions, options: Partial<ClusterOptions> = {}): AnalysisResult {
  const diagnostics: Diagnostic[] = [];
  const o0: ClusterOptions = { ...CLUSTER_DEFAULTS, ...options };
  const D = CLUSTER_DEFAULTS;
  const FEATURES: readonly Feature[] = ['recency', 'frequency', 'monetary', 'tenure', 'aov', 'clv'];
  const features = Array.isArray(o0.features) ? o0.features.filter((f) => FEATURES.includes(f)) : [];
  if (!Array.isArray(o0.features) || features.length !== o0.features.length) {
    diagnostics.push(diagnostic('user.bad_option', 'warning', t(
      `Option features may hold only ${FEATURES.join(', ')}; unknown entries were dropped.`, `选项 features 只能包含 ${FEATURES.join('、')}；未知项已忽略。`)));
  }
  const kMin = checkNumber(diagnostics, 'kMin', o0.kMin, D.kMin, 2, 20, true);
  const opts: ClusterOptions = {
    features, attributes: Array.isArray(o0.attributes) ? o0.attributes.filter((a) => typeof a === 'string') : [],
    k: o0.k === null ? null : checkNumber(diagnostics, 'k', o0.k, 3, 1, 20, true),
    kMin, kMax: checkNumber(diagnostics, 'kMax', o0.kMax, Math.max(kMin, D.kMax), kMin, 20, true),
    seed: checkNumber(diagnostics, 'seed', o0.seed, D.seed, 0, 2 ** 32 - 1, true),
    logSkewed: o0.logSkewed,
    selectionSample: checkNumber(diagnostics, 'selectionSample', o0.selectionSample, D.selectionSample, 100, 100_000, true),
    maxCustomerRows: checkNumber(diagnostics, 'maxCustomerRows', o0.maxCustomerRows, D.maxCustomerRows, 0, 1_048_575, true),
  };
  const o = readOrders(inputs, diagnostics, common.memo);
  if (!o) return emptyResult(HEAD, diagnostics);
  const sOpts = { refunds: 'net' as const, mergeSameDay: true, timeUnit: 'weeks' as const, asOf: common.asOf };
  const s: CustomerSummary = customerSummary(o, sOpts, common.memo);
  diagnostics.push(...summaryDiagnostics(s, o, sOpts));
  const n = s.ids.length;
  if (n === 0) return emptyResult(HEAD, diagnostics);
  const cols: { key: string; label: I18nText; values: Float64Array; feature?: Feature }[] = [];
  for (const f of opts.features) {
    const v = new Float64Array(n);
    if (f === 'clv') {
      const { bg, gg } = customerModels(s, 0, common.memo);
      const sc = scoreClv(s, bg.params, gg?.params ?? null, { timeUnit: 'weeks', horizonMonths: 12, annualDiscountRate: 0.1, margin: 1 });
      if (sc.clv.some((x) => x === null)) {
        diagnostics.push(diagnostic('clusters.no_clv', 'warning', t('CLV could not be computed; the CLV feature was left out.', '无法计算 CLV；已去掉 CLV 特征。')));
        continue;
      }
      for (let i = 0; i < n; i++) v[i] = sc.clv[i]!;
    } else {
      for (let i = 0; i < n; i++) {
        v[i] = f === 'recency' ? s.recency[i] : f === 'frequency' ? s.orders[i] : f === 'monetary' ? s.revenue[i]
          : f === 'tenure' ? common.asOf - s.first[i] : s.revenue[i] / Math.max(1, s.orders[i]);
      }
    }
    cols.push({ key: f, label: FEATURE_LABEL[f], values: v, feature: f });
  }
  const cust = inputs.customers;
  if (opts.attributes.length > 0 && cust) {
    const idC = columnByRole(cust, 'customer_id');
    for (const name of opts.attributes) {
      const col = cust.columns.find((c) => c.name === name);
      if (!idC || !col) {
        diagnostics.push(diagnostic('clusters.attribute_missing', 'warning', t(`Attribute "${name}" was not found in the customers table.`, `客户表中找不到属性“${name}”。`), cust));
        continue;
      }
      const ids = columnValues(cust, idC.name), vals = columnValues(cust, col.name);
      const m = new Map<string, number>();
      for (let i = 0; i < ids.length; i++) { const v = vals[i]; if (typeof v === 'number' && Number.isFinite(v)) m.set(String(ids[i]), v); }
      const v = new Float64Array(n);
      let missing = 0, sum = 0;
      for (let i = 0; i < n; i++) { const x = m.get(s.ids[i]); if (x === undefined) missing++; else sum += x; }
      const mean = n - missing > 0 ? sum / (n - missing) : 0;
      for (let i = 0; i < n; i++) v[i] = m.get(s.ids[i]) ?? mean;
      if (missing > 0) {
        diagnostics.push(diagnostic('clusters.attribute_imputed', 'info', t(`${missing} customers have no value for "${name}"; the mean was used.`, `${missing} 位客户缺少“${name}”，已用均值代替。`), cust, col, [], missing));
      }
      cols.push({ key: `attr_${name}`, label: t(col.header, col.header), values: v });
    }
  }
  if (cols.length === 0) {
    diagnostics.push(diagnostic('clusters.no_features', 'error', t('No features to cluster on.', '没有可用于聚类的特征。')));
    return emptyResult(HEAD, diagnostics);
  }
  const minK = opts.k ?? opts.kMin;
  if (n < Math.max(3, minK + 1)) {
    diagnostics.push(diagnostic('clusters.too_few', 'error', t(`Clustering needs more customers than clusters; found ${n}.`, `聚类需要的客户数应多于类别数；目前只有 ${n} 位。`), o.dataset));
    return emptyResult(HEAD, diagnostics);
  }
  const logged: string[] = [];
  const rows: number[][] = Array.from({ length: n }, () => new Array<number>(cols.length));
  cols.forEach((c, j) => {
    let min = Infinity;
    for (const v of c.values) min = Math.min(min, v);
    const sk = skewness(c.values);
    const useLog = opts.logSkewed && min >= 0 && sk !== null && sk > 1;
    if (useLog) logged.push(c.label[common.lang]);
    for (let i = 0; i < n; i++) rows[i][j] = useLog ? Math.log1p(c.values[i]) : c.values[i];
  });
  const z = standardize(rows).data;
  // Choose k on a seeded sample (silhouettes cost O(n²)), then fit on everyone.
  let candidates: { k: number; silhouette: number | null; wss: number }[] = [];
  let fit: KMeansFit;
  if (opts.k !== null) {
    fit = kmeansSeeded(z, Math.min(opts.k, n), opts.seed);
  } else {
    const sIdx = sampleIndices(n, opts.selectionSample, mulberry32(opts.seed));
    const sample = sIdx.map((i) => z[i]);
    const ch = chooseK(sample, opts.kMin, opts.kMax, opts.seed);
    candidates = ch?.candidates ?? [];
    fit = kmeansSeeded(z, ch?.best.k ?? Math.min(opts.kMin, n - 1), opts.seed);
  }
  const k = fit.k;
  const sil = meanSilhouette(z, fit.labels, k, opts.seed);
  // Profiles in original units; clusters ordered by revenue per customer.
  const prof = Array.from({ length: k }, () => ({ size: 0, sums: new Array<number>(cols.length).fill(0), zsum: new Array<number>(cols.length).fill(0), revenue: 0 }));
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) {
    const p = prof[fit.labels[i]];
    p.size++; p.revenue += s.revenue[i]; totalRevenue += s.revenue[i];
    for (let j = 0; j < cols.length; j++) { p.sums[j] += cols[j].values[i]; p.zsum[j] += z[i][j]; }
  }
  const order = prof.map((_, c) => c).filter((c) => prof[c].size > 0).sort((a, b) => prof[b].revenue / prof[b].size - prof[a].revenue / prof[a].size);
  const rank = new Map(order.map((c, r) => [c, r + 1]));
  const names = new Map(order.map((c) => {
    const zc: Partial<Record<Feature, number>> = {};
    cols.forEach((col, j) => { if (col.feature) zc[col.feature] = prof[c].zsum[j] / prof[c].size; });
    return [c, suggestName(zc)];
  }));
  const lang = common.lang;
  const profile: ResultTable = {
    name: 'clusters', title: t('Cluster profiles (means in original units)', '聚类画像（原始单位的均值）'),
    columns: [
      { key: 'cluster', label: t('Cluster', '类别'), kind: 'integer' },
      { key: 'name', label: t('Suggested name', '建议名称'), kind: 'text' },
      { key: 'customers', label: t('Customers', '客户数'), kind: 'integer', highlight: 'dataBar' },
      { key: 'share', label: t('Share', '占比'), kind: 'percent' },
      { key: 'revenue_share', label: t('Share of revenue', '收入占比'), kind: 'percent' },
      ...cols.map((c) => ({ key: c.key, label: c.label, kind: 'number' as const, highlight: 'colorScale' as const })),
    ],
    rows: order.map((c) => ({
      cluster: rank.get(c)!, name: names.get(c)![lang], customers: prof[c].size, share: round(prof[c].size / n),
      revenue_share: totalRevenue !== 0 ? round(prof[c].revenue / totalRevenue) : null,
      ...Object.fromEntries(cols.map((col, j) => [col.key, round(prof[c].sums[j] / prof[c].size, 2)])),
    })),
  };
  const byRevenue = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.revenue[b] - s.revenue[a] || (s.ids[a] < s.ids[b] ? -1 : 1));
  const shown = byRevenue.slice(0, opts.maxCustomerRows);
  const customers: ResultTable = {
    name: 'customers', title: t('Customers and their cluster', '客户所属类别'),
    columns: [
      { key: 'customer_id', label: t('Customer', '客户'), kind: 'text' },
      { key: 'cluster', label: t('Cluster', '类别'), kind: 'integer' },
      { key: 'name', label: t('Cluster name', '类别名称'), kind: 'text' },
      ...cols.map((c) => ({ key: c.key, label: c.label, kind: 'number' as const })),
    ],
    rows: shown.map((i): Record<string, CellValue> => ({
      customer_id: s.ids[i], cluster: rank.get(fit.labels[i])!, name: names.get(fit.labels[i])![lang],
      ...Object.fromEntries(cols.map((c) => [c.key, round(c.values[i], 2)])),
    })),
  };
  if (n > shown.length) customers.note = t(`Showing the ${shown.length} highest-revenue of ${n} customers.`, `仅显示收入最高的 ${shown.length} 位客户（共 ${n} 位）。`);
  const tables = [profile, customers];
  const charts: AnalysisResult['charts'] = [
    { name: 'cluster_sizes', title: t('Customers per cluster', '各类别客户数'), kind: 'column', table: 'clusters', category: 'name', series: ['customers'] },
  ];
  if (candidates.length > 0) {
    tables.push({
      name: 'k_selection', title: t('Choosing the number of clusters', '类别数的选择'),
      columns: [
        { key: 'k', label: t('k', 'k'), kind: 'integer' },
        { key: 'silhouette', label: t('Mean silhouette (higher is better)', '平均轮廓系数（越高越好）'), kind: 'number', decimals: 3 },
        { key: 'wss', label: t('Within-cluster sum of squares', '类内平方和'), kind: 'number', decimals: 1 },
      ],
      rows: candidates.map((c) => ({ k: c.k, silhouette: round(c.silhouette, 4), wss: round(c.wss, 2) })),
    });
    charts.push({ name: 'k_selection', title: t('Silhouette by k', '各 k 的轮廓系数'), kind: 'line', table: 'k_selection', category: 'k', series: ['silhouette'] });
  }
  if (sil !== null && sil < 0.25) {
    diagnostics.push(diagnostic('clusters.weak_structure', 'info', t(
      `The clusters overlap (mean silhouette ${sil.toFixed(2)} < 0.25): treat them as a convenient split rather than natural groups.`,
      `类别之间重叠较多（平均轮廓系数 ${sil.toFixed(2)} < 0.25）：请视为便于管理的划分，而非天然分组。`)));
  }
  const top = order[0];
  return {
    ...HEAD,
    figures: [
      { key: 'customers', label: t('Customers', '客户数'), value: n, kind: 'integer' },
      { key: 'k', label: t('Clusters', '类别数'), value: k, kind: 'integer' },
      { key: 'silhouette', label: t('Mean silhouette', '平均轮廓系数'), value: round(sil, 4), kind: 'number', decimals: 3 },
      { key: 'seed', label: t('Random seed', '随机种子'), value: opts.seed, kind: 'integer' },
    ],
    tables, charts,
    findings: top !== undefined ? [{
      key: 'clusters.top',
      text: t(`Cluster 1 (${names.get(top)!.en}) is ${round((prof[top].size / n) * 100, 1)}% of customers and ${round((prof[top].revenue / (totalRevenue || 1)) * 100, 1)}% of revenue.`,
        `类别 1（${names.get(top)!['zh-CN']}）占客户的 ${round((prof[top].size / n) * 100, 1)}%，占收入的 ${round((prof[top].revenue / (totalRevenue || 1)) * 100, 1)}%。`),
      atStake: round(prof[top].revenue, 2), observational: true, descriptive: true,
    }] : [],
    notes: [
      t(`k-means (ml-kmeans, k-means++ starts, seed ${opts.seed}) on ${cols.map((c) => c.label.en).join(', ')} of ${n} customers as of ${isoDate(common.asOf)}; ${logged.length > 0 ? `log(1 + x) applied to skewed ${logged.join(', ')}; ` : ''}features standardised (STDEV.S). ${opts.k !== null ? `k fixed at ${k}.` : `k = ${k} had the largest mean silhouette among ${opts.kMin}..${opts.kMax} on a seeded sample of up to ${opts.selectionSample} customers.`} Same data and seed give the same clusters. A centre that loses all its customers keeps its previous position.`,
        `k-means（ml-kmeans，k-means++ 初始化，种子 ${opts.seed}），特征：${cols.map((c) => c.label['zh-CN']).join('、')}，共 ${n} 位客户，基准日 ${isoDate(common.asOf)}；${logged.length > 0 ? `偏态特征（${logged.join('、')}）取 log(1 + x)；` : ''}特征已标准化（STDEV.S）。${opts.k !== null ? `k 固定为 ${k}。` : `在最多 ${opts.selectionSample} 位客户的随机样本上，k = ${k} 在 ${opts.kMin}..${opts.kMax} 中平均轮廓系数最大。`}相同数据和种子得到相同结果。失去全部客户的中心保持原位。`),
      t('Names are suggestions from the cluster means (recency, frequency, spend); rename them to fit your business.', '名称是根据类别均值（最近度、频次、消费）给出的建议，可按业务需要重命名。'),
    ],
    diagnostics,
  };
}

export const clustersAnalysis: AnalysisDef<Partial<ClusterOptions>> = {
  kind: 'clusters',
  title: HEAD.title,
  question: HEAD.question,
  requires: [{ kind: 'orders', roles: ['customer_id', 'date', 'amount'] }],
  needs: t('An orders table with customer, order date and amount.', '包含客户、下单日期和金额的订单表。'),
  defaults: CLUSTER_DEFAULTS,
  run: runClusters,
};
