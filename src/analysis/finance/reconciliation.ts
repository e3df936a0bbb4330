/**
 * Marketing spend reconciliation: what the ad platforms report (the `campaigns` table) against invoices
 * and ledger lines (the `invoices` table), exactly to the cent.
 *
 * Method, in order:
 * 1. Money is parsed once into integer minor units (money.ts); invoices in another currency are converted
 *    with the user's exchange rates (fx.ts), exactly, rounding half away from zero once per line.
 * 2. Possible duplicate invoices are set aside: the same invoice number from the same vendor, or — for lines
 *    without a number — the same vendor, reference, service period, amount and currency.
 * 3. Platform lines are grouped by channel, campaign and calendar month. Each invoice is tied to its channel
 *    (vendor map, same name, shared words, fuzzy; channels.ts) and then to campaigns: the exact reference,
 *    the user's aliases, the normalised name (NFKC, case, punctuation, full-/half-width), several references
 *    in one cell, a unique fuzzy name (Levenshtein ratio ≥ `minSimilarity`), campaign names found in the
 *    description, and — for an invoice without a reference — every campaign of its channel. Only months in
 *    the invoice's service period count (period start/end, else the period, else the invoice date's month).
 * 4. Invoices still unmatched are tied by amount to one unclaimed campaign-month (or campaign over the
 *    invoice's months) of their channel, within tolerance and unambiguously.
 * 5. Invoices and campaign-months that share a link form a match set (union-find), so one invoice may cover
 *    several campaigns or months and one campaign several invoices. A set whose invoiced total equals the
 *    platform total is `matched`; within max(absolute, percent × platform) it is `within_tolerance`; else
 *    `variance`. A set with one side only is `not_invoiced` or `no_spend`.
 * 6. Every line (both sheets) takes its set's status, reason and match id; duplicates and lines without a
 *    usable amount have their own status. A tie-out proves each side's source total equals the sum of its
 *    statuses, in integer arithmetic.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import type { CellValue, Diagnostic, I18nText, Lang } from '../../types.js';
import type { AnalysisDef, AnalysisInputs, CommonOptions } from '../registry-types.js';
import type { AnalysisResult, Figure, Finding, ResultColumn, ResultTable } from '../types.js';
import { ChannelResolver } from './channels.js';
import { cellText, diag, excelRow, missingColumn, raw, readMoney, roleColumn, texts, where } from './columns.js';
import { buildRates, toReportCurrency, type FxRates } from './fx.js';
import { currencyDigits, fromMinor, parseAmount, scaleDecimal, toPpb, withinTolerance } from './money.js';
import { monthFromCell, monthLabel, monthOf, monthRangeLabel, serialFromCell } from './months.js';
import { readServicePeriod, servicePeriodNote, type ServicePeriod } from './service-period.js';
import { bestMatch, nameKey, prepareName, splitRefs, type PreparedName } from './names.js';
import { both, list, money, pct, ratio, rowRanges } from './text.js';

/** The one status every line ends in. */
export type ReconStatus = 'matched' | 'within_tolerance' | 'variance' | 'not_invoiced' | 'no_spend' | 'duplicate' | 'out_of_period' | 'excluded';

export const RECON_STATUSES: readonly ReconStatus[] = ['matched', 'within_tolerance', 'variance', 'not_invoiced', 'no_spend', 'duplicate', 'out_of_period', 'excluded'];

/** How an invoice was tied to platform spend, strongest first. */
export type MatchMethod = 'reference' | 'alias' | 'normalised' | 'multiple' | 'fuzzy' | 'description' | 'channel' | 'amount';

const METHOD_RANK: Record<MatchMethod, number> = { reference: 0, alias: 1, normalised: 2, multiple: 3, fuzzy: 4, description: 5, channel: 6, amount: 7 };

export interface ReconciliationOptions {
  /** Absolute tolerance in report-currency units (e.g. 1 = one yuan/dollar). */
  toleranceAbs: number;
  /** Relative tolerance as a fraction of platform spend (0.005 = 0.5%). */
  tolerancePct: number;
  /** Smallest Levenshtein similarity (0..1) for a fuzzy campaign-name match. */
  minSimilarity: number;
  /** Exchange rates: `[{ currency, rate, month? }]` or `{ USD: 7.1 }`; rate = report-currency units per unit. */
  rates: FxRates;
  /** Vendor (or invoice channel) text → platform channel text, e.g. `{ "Google Ireland Ltd": "Google Ads" }`. */
  vendorChannels: Record<string, string>;
  /** Invoice reference → platform campaign name, for names no rule can match (e.g. Chinese ↔ English). */
  aliases: Record<string, string>;
  /** True when the invoice amount includes the tax column (the net amount = amount − tax is compared). */
  amountIncludesTax: boolean;
  /** Set aside possible duplicate invoices. */
  flagDuplicates: boolean;
  /**
   * The months reconciled: `invoices` (default) — the first to the last month the invoices' service
   * periods cover, as a finance user reconciles the period the ledger covers; `all` — every month of
   * both sheets; or a range `2025-01..2025-12`, a month `2025-03` or a year `2025`. Lines outside it get
   * the status `out_of_period` (counted in the tie-out, not matched).
   */
  period: string;
}

export const reconciliationDefaults: ReconciliationOptions = {
  toleranceAbs: 1,
  tolerancePct: 0.005,
  minSimilarity: 0.85,
  rates: [],
  vendorChannels: {},
  aliases: {},
  amountIncludesTax: false,
  flagDuplicates: true,
  period: 'invoices',
};

const TITLE: I18nText = { en: 'Spend reconciliation', 'zh-CN': '花费对账' };
const QUESTION: I18nText = {
  en: 'Do the invoices match what the ad platforms report, line by line and to the cent?',
  'zh-CN': '发票与广告平台报告的花费是否逐行一致、精确到分？',
};
const SHEET: I18nText = { en: 'Reconciliation', 'zh-CN': '花费对账' };

export const STATUS_LABELS: Record<ReconStatus, I18nText> = {
  matched: { en: 'Matched', 'zh-CN': '一致' },
  within_tolerance: { en: 'Within tolerance', 'zh-CN': '容差内' },
  variance: { en: 'Variance', 'zh-CN': '有差异' },
  not_invoiced: { en: 'Platform spend not invoiced', 'zh-CN': '平台花费未开票' },
  no_spend: { en: 'Invoice without platform spend', 'zh-CN': '发票无对应平台花费' },
  duplicate: { en: 'Possible duplicate invoice', 'zh-CN': '疑似重复发票' },
  out_of_period: { en: 'Outside the reconciled period', 'zh-CN': '不在对账期间内' },
  excluded: { en: 'Excluded (no usable amount)', 'zh-CN': '已排除（金额不可用）' },
};

const METHOD_LABELS: Record<MatchMethod, I18nText> = {
  reference: { en: 'exact reference', 'zh-CN': '引用完全一致' },
  alias: { en: 'your alias', 'zh-CN': '用户别名' },
  normalised: { en: 'normalised name', 'zh-CN': '名称规范化后一致' },
  multiple: { en: 'several references', 'zh-CN': '多个引用' },
  fuzzy: { en: 'similar name', 'zh-CN': '名称相似' },
  description: { en: 'name in description', 'zh-CN': '描述中的名称' },
  channel: { en: 'whole channel (no reference)', 'zh-CN': '整个渠道（无引用）' },
  amount: { en: 'amount', 'zh-CN': '金额' },
};

// Display order of match sets: problems first.
const STATUS_ORDER: Record<ReconStatus, number> = { variance: 0, no_spend: 1, not_invoiced: 2, duplicate: 3, within_tolerance: 4, matched: 5, out_of_period: 6, excluded: 7 };

/** Parsed platform side. */
interface Platform {
  data: Dataset;
  n: number;
  chKey: string[];
  chLabel: string[];
  campKey: string[];
  campLabel: string[];
  month: Int32Array;
  minor: Float64Array;
  /** Why a row has no amount, for its reason: 0 ok, 1 no amount, 2 no rate. */
  why: Uint8Array;
  hasChannel: boolean;
  ratesUsed: string[];
}

/** Parsed invoice side. */
interface Invoices {
  data: Dataset;
  n: number;
  chText: (string | null)[];
  ref: (string | null)[];
  desc: (string | null)[];
  id: (string | null)[];
  m0: Int32Array;
  m1: Int32Array;
  minor: Float64Array;
  origMinor: Float64Array;
  currency: string[];
  why: Uint8Array;
  service: ServicePeriod;
  ratesUsed: string[];
}

/** A match set as the result reports it. */
export interface MatchSet {
  id: string;
  status: ReconStatus;
  method: MatchMethod | null;
  invoiceRows: number[];
  platformRows: number[];
  platformMinor: number;
  invoiceMinor: number;
  channels: string[];
  campaigns: string[];
  months: string[];
  reason: I18nText;
}

/** One line of either sheet with its final status. */
export interface ReconLine {
  side: 'platform' | 'invoice';
  /** 0-based row of its table. */
  row: number;
  status: ReconStatus;
  setId: string | null;
  /** Amount in report-currency minor units (null when excluded). */
  minor: number | null;
  reason: I18nText;
  matchedTo: I18nText;
}

/** The computed reconciliation, before it is turned into result tables. */
export interface Reconciliation {
  digits: number;
  sets: MatchSet[];
  lines: ReconLine[];
  /** Source totals (sum of every usable line) and per-status sums, both sides, in minor units. */
  totals: Record<'platform' | 'invoice', { source: bigint; lines: number; byStatus: Record<ReconStatus, { lines: number; minor: bigint }> }>;
  ratesUsed: string[];
  /** The months reconciled (inclusive), or null for every month. */
  period: ReconPeriod | null;
  /** Platform lines outside the period: their first and last month (−1 when none). */
  outsideMonths: [number, number];
}

/** The reconciled months and where they came from. */
export interface ReconPeriod {
  from: number;
  to: number;
  source: 'invoices' | 'option';
}

/* ------------------------------------------------------------------------------------------------ */
/* Reading                                                                                           */

function readPlatform(data: Dataset, common: CommonOptions, lookup: ReturnType<typeof buildRates>, diags: Diagnostic[]): Platform | null {
  const spendCol = roleColumn(data, 'spend', 'amount');
  if (!spendCol) {
    diags.push(missingColumn(data, 'finance.recon.missing-spend', { en: 'spend', 'zh-CN': '花费' }, TITLE));
    return null;
  }
  const n = data.table.numRows();
  const chCol = roleColumn(data, 'channel');
  const campCol = roleColumn(data, 'campaign');
  if (!chCol && !campCol) {
    diags.push(missingColumn(data, 'finance.recon.missing-campaign', { en: 'campaign or channel', 'zh-CN': '活动或渠道' }, TITLE));
    return null;
  }
  const chT = texts(data, chCol);
  const caT = texts(data, campCol);
  const chKey = new Array<string>(n);
  const chLabel = new Array<string>(n);
  const campKey = new Array<string>(n);
  const campLabel = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const c = chT[i] ?? '';
    chLabel[i] = c;
    chKey[i] = nameKey(c);
    const k = caT[i] ?? '';
    campLabel[i] = k;
    campKey[i] = nameKey(k);
  }
  const month = readMonths(data, ['period_start', 'date', 'period_end', 'period'], diags, 'finance.recon.platform-no-date', {
    en: 'these platform lines match invoices of any period',
    'zh-CN': '这些平台行可与任何期间的发票匹配',
  }).m0;
  const curCol = roleColumn(data, 'currency');
  const m = readMoney(data, spendCol, curCol, common.currency, diags, 'finance.recon.platform', { en: 'spend', 'zh-CN': '花费' });
  const conv = toReportCurrency(data, m.minor, m.currency, month, common.currency, lookup, curCol, spendCol, diags);
  const why = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (conv.minor[i] !== conv.minor[i]) why[i] = conv.noRate[i] ? 2 : 1;
  return { data, n, chKey, chLabel, campKey, campLabel, month, minor: conv.minor, why, hasChannel: !!chCol, ratesUsed: conv.used };
}

/** Months of each row from the first date-like role present: start and end month, −1 when unknown. */
function readMonths(
  data: Dataset,
  roles: readonly ('period_start' | 'date' | 'period_end' | 'period' | 'invoice_date')[],
  diags: Diagnostic[],
  code: string,
  consequence: I18nText,
): { m0: Int32Array; m1: Int32Array; col: ColumnInfo | undefined } {
  const n = data.table.numRows();
  const m0 = new Int32Array(n).fill(-1);
  const m1 = new Int32Array(n).fill(-1);
  const startCol = roleColumn(data, ...roles);
  if (!startCol) return { m0, m1, col: undefined };
  const endCol = startCol.role === 'period_start' ? roleColumn(data, 'period_end') : undefined;
  const a = raw(data, startCol);
  const b = endCol ? raw(data, endCol) : null;
  const missing: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = startCol.role === 'period' ? monthFromCell(a[i]) : toMonth(a[i]);
    const e = b ? toMonth(b[i]) : null;
    if (s === null && e === null) {
      missing.push(i);
      continue;
    }
    const x = s ?? e!;
    const y = e ?? s!;
    m0[i] = Math.min(x, y);
    m1[i] = Math.max(x, y);
  }
  if (missing.length > 0) {
    diags.push(
      diag(
        code,
        'info',
        {
          en: `${missing.length} row(s) of "${data.sheet}" have no readable date or period in "${startCol.header}"; ${consequence.en}.`,
          'zh-CN': `"${data.sheet}" 中有 ${missing.length} 行的"${startCol.header}"没有可识别的日期或期间；${consequence['zh-CN']}。`,
        },
        where(data, startCol, missing),
      ),
    );
  }
  return { m0, m1, col: startCol };
}

function toMonth(v: unknown): number | null {
  const s = serialFromCell(v);
  return s !== null ? monthOf(s) : monthFromCell(v);
}

function readInvoices(data: Dataset, common: CommonOptions, opts: ReconciliationOptions, lookup: ReturnType<typeof buildRates>, diags: Diagnostic[]): Invoices | null {
  const amountCol = roleColumn(data, 'amount', 'spend');
  if (!amountCol) {
    diags.push(missingColumn(data, 'finance.recon.missing-amount', { en: 'amount', 'zh-CN': '金额' }, TITLE));
    return null;
  }
  const n = data.table.numRows();
  const chText = texts(data, roleColumn(data, 'channel', 'vendor'));
  const ref = texts(data, roleColumn(data, 'campaign_ref', 'campaign'));
  const desc = texts(data, roleColumn(data, 'description'));
  const id = texts(data, roleColumn(data, 'invoice_id'));
  // The service period decides the months an invoice pays for (not its invoice date: July's invoice for
  // June's media is June's cost).
  const service = readServicePeriod(data, diags, 'finance.recon');
  const { m0, m1 } = service;
  const curCol = roleColumn(data, 'currency');
  const m = readMoney(data, amountCol, curCol, common.currency, diags, 'finance.recon.invoice', { en: 'amount', 'zh-CN': '金额' });
  const origMinor = new Float64Array(m.minor);
  if (opts.amountIncludesTax) {
    const taxCol = roleColumn(data, 'tax');
    if (taxCol) {
      const t = raw(data, taxCol);
      const bad: number[] = [];
      for (let i = 0; i < n; i++) {
        if (m.minor[i] !== m.minor[i] || cellText(t[i]) === null) continue;
        const p = parseAmount(t[i], currencyDigits(m.currency[i]));
        if (p.ok) m.minor[i] -= p.minor;
        else bad.push(i);
      }
      if (bad.length > 0) {
        diags.push(
          diag(
            'finance.recon.unparseable-tax',
            'warning',
            { en: `${bad.length} tax cell(s) are not numbers; those invoices are compared gross.`, 'zh-CN': `${bad.length} 个税额单元格不是数字，这些发票按含税金额比较。` },
            where(data, taxCol, bad),
          ),
        );
      }
    }
  }
  const conv = toReportCurrency(data, m.minor, m.currency, m0, common.currency, lookup, curCol, amountCol, diags);
  const why = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (conv.minor[i] !== conv.minor[i]) why[i] = conv.noRate[i] ? 2 : 1;
  return { data, n, chText, ref, desc, id, m0, m1, minor: conv.minor, origMinor, currency: m.currency, why, service, ratesUsed: conv.used };
}

/**
 * The months to reconcile from the `period` option (see ReconciliationOptions.period). An unreadable
 * option falls back to `invoices` with a warning.
 */
function resolvePeriod(option: string, inv: Invoices, diags: Diagnostic[]): ReconPeriod | null {
  const o = typeof option === 'string' ? option.normalize('NFKC').trim().toLowerCase() : '';
  if (o === 'all') return null;
  if (o !== 'invoices') {
    const parts = o.split(/\s*(?:\.\.|…|~|至|到)\s*/u);
    const yearOrMonth = (t: string, end: boolean): number | null => (/^\d{4}$/.test(t) ? Number(t) * 12 + (end ? 11 : 0) : monthFromCell(t));
    if (parts.length <= 2 && parts.every((x) => x !== '')) {
      const a = yearOrMonth(parts[0], false);
      const b = yearOrMonth(parts[parts.length - 1], true);
      if (a !== null && b !== null) return { from: Math.min(a, b), to: Math.max(a, b), source: 'option' };
    }
    diags.push(
      diag('finance.recon.bad-option', 'warning', {
        en: `Option "period" (${JSON.stringify(option)}) is not "invoices", "all", a month (2025-03), a year (2025) or a range (2025-01..2025-06); the months the invoices cover are used.`,
        'zh-CN': `选项"period"（${JSON.stringify(option)}）不是 "invoices"、"all"、月份（2025-03）、年份（2025）或区间（2025-01..2025-06），已使用发票覆盖的月份。`,
      }),
    );
  }
  let from = -1;
  let to = -1;
  for (let i = 0; i < inv.n; i++) {
    if (inv.minor[i] !== inv.minor[i] || inv.m0[i] < 0) continue;
    if (from < 0 || inv.m0[i] < from) from = inv.m0[i];
    if (inv.m1[i] > to) to = inv.m1[i];
  }
  return from < 0 ? null : { from, to, source: 'invoices' };
}

/* ------------------------------------------------------------------------------------------------ */
/* Matching                                                                                          */

/** A campaign of one channel, with its platform groups by month. */
interface Entity {
  ch: string;
  key: string;
  label: string;
  chLabel: string;
  groups: Map<number, number>;
  prepared: PreparedName | null;
}

/** Campaign lookup within one channel (or `*` for all). */
interface Scope {
  entities: number[];
  byRaw: Map<string, number[]>;
  byKey: Map<string, number[]>;
  prepared: PreparedName[] | null;
}

type CampaignHit = { ok: true; entities: number[]; method: MatchMethod; score?: number } | { ok: false; why: 'none' | 'ambiguous'; closest: string | null; score: number };

class Matcher {
  readonly entities: Entity[] = [];
  private readonly scopes = new Map<string, Scope>();
  private readonly cache = new Map<string, CampaignHit>();
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly minSimilarity: number,
    aliases: Record<string, string>,
  ) {
    for (const [from, to] of Object.entries(aliases)) this.aliases.set(nameKey(from), nameKey(to));
  }

  scope(ch: string): Scope {
    let s = this.scopes.get(ch);
    if (!s) this.scopes.set(ch, (s = { entities: [], byRaw: new Map(), byKey: new Map(), prepared: null }));
    return s;
  }

  addEntity(e: Entity): number {
    const id = this.entities.length;
    this.entities.push(e);
    for (const sc of [this.scope(e.ch), this.scope('*')]) {
      sc.entities.push(id);
      push(sc.byKey, e.key, id);
      push(sc.byRaw, e.label, id);
    }
    return id;
  }

  /** Campaigns a reference names within a channel scope. */
  campaigns(ch: string, ref: string): CampaignHit {
    const ck = `${ch}\u0001${ref}`;
    let r = this.cache.get(ck);
    if (!r) {
      r = this.compute(ch, ref, true);
      this.cache.set(ck, r);
    }
    return r;
  }

  private compute(ch: string, ref: string, allowSplit: boolean): CampaignHit {
    const sc = this.scopes.get(ch);
    if (!sc) return { ok: false, why: 'none', closest: null, score: 0 };
    const exact = sc.byRaw.get(ref.trim());
    if (exact) return { ok: true, entities: exact, method: 'reference' };
    const key = nameKey(ref);
    const alias = this.aliases.get(key);
    if (alias !== undefined) {
      const a = sc.byKey.get(alias);
      if (a) return { ok: true, entities: a, method: 'alias' };
    }
    const norm = sc.byKey.get(key);
    if (norm) return { ok: true, entities: norm, method: 'normalised' };
    if (allowSplit) {
      const parts = splitRefs(ref);
      if (parts.length > 1) {
        const all = new Set<number>();
        let ok = true;
        for (const p of parts) {
          const h = this.compute(ch, p, false);
          if (!h.ok) {
            ok = false;
            break;
          }
          for (const e of h.entities) all.add(e);
        }
        if (ok) return { ok: true, entities: [...all], method: 'multiple' };
      }
    }
    if (!sc.prepared) sc.prepared = sc.entities.map((id) => this.prepared(id));
    const b = bestMatch(prepareName(ref), sc.prepared, this.minSimilarity);
    if (b.ok) {
      // The same campaign name may exist in several channels of the `*` scope: take every one of that key.
      const k = this.entities[sc.entities[b.index]].key;
      return { ok: true, entities: sc.byKey.get(k) ?? [sc.entities[b.index]], method: 'fuzzy', score: b.score };
    }
    return { ok: false, why: b.reason, closest: b.best >= 0 ? this.entities[sc.entities[b.best]].label : null, score: b.score };
  }

  private prepared(id: number): PreparedName {
    const e = this.entities[id];
    e.prepared ??= prepareName(e.label);
    return e.prepared;
  }

  /** Campaigns whose normalised name appears in a description (longest names win over names they contain). */
  inDescription(ch: string, description: string): number[] {
    const sc = this.scopes.get(ch);
    if (!sc) return [];
    const d = nameKey(description);
    const found: number[] = [];
    for (const id of sc.entities) {
      const k = this.entities[id].key;
      const long = /\p{Script=Han}/u.test(k) ? k.length >= 2 : k.length >= 4;
      if (long && d.includes(k)) found.push(id);
    }
    return found.filter((a) => !found.some((b) => b !== a && this.entities[b].key.length > this.entities[a].key.length && this.entities[b].key.includes(this.entities[a].key)));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Union-find with path halving. */
class Dsu {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
  }
}

/** Per-invoice outcome of the name stages. */
interface InvoiceLink {
  groups: number[];
  method: MatchMethod | null;
  /** Why there is no link (for `no_spend`). */
  why: I18nText | null;
  score?: number;
}

/**
 * Reconcile parsed inputs (inner function: computes only; `reconcileSpend` validates).
 */
function matchLedger(p: Platform, inv: Invoices, opts: ReconciliationOptions, common: CommonOptions, period: ReconPeriod | null): Reconciliation {
  const ratesUsed = [...new Set([...p.ratesUsed, ...inv.ratesUsed])];
  const digits = currencyDigits(common.currency);
  const cur = common.currency;
  const absMinor = scaleDecimal(String(Math.max(0, opts.toleranceAbs)), digits)?.value ?? 0;
  const pctPpb = toPpb(opts.tolerancePct);

  // Lines outside the reconciled period take no part in the match (a line without a month stays in).
  const outP = new Uint8Array(p.n);
  const outI = new Uint8Array(inv.n);
  const outsideMonths: [number, number] = [-1, -1];
  if (period !== null) {
    for (let i = 0; i < p.n; i++) {
      const m = p.month[i];
      if (p.minor[i] !== p.minor[i] || m < 0 || (m >= period.from && m <= period.to)) continue;
      outP[i] = 1;
      if (outsideMonths[0] < 0 || m < outsideMonths[0]) outsideMonths[0] = m;
      if (m > outsideMonths[1]) outsideMonths[1] = m;
    }
    for (let i = 0; i < inv.n; i++) if (inv.minor[i] === inv.minor[i] && inv.m0[i] >= 0 && (inv.m1[i] < period.from || inv.m0[i] > period.to)) outI[i] = 1;
  }

  // Platform groups: channel × campaign × month.
  const groupOf = new Int32Array(p.n).fill(-1);
  const gIndex = new Map<string, number>();
  const gEntity: number[] = [];
  const gMonth: number[] = [];
  const gSum: number[] = [];
  const matcher = new Matcher(opts.minSimilarity, opts.aliases);
  const entityIndex = new Map<string, number>();
  const channelLabel = new Map<string, string>();
  for (let i = 0; i < p.n; i++) {
    const v = p.minor[i];
    if (v !== v || outP[i]) continue;
    const ek = `${p.chKey[i]}\u0001${p.campKey[i]}`;
    let e = entityIndex.get(ek);
    if (e === undefined) {
      e = matcher.addEntity({ ch: p.chKey[i], key: p.campKey[i], label: p.campLabel[i], chLabel: p.chLabel[i], groups: new Map(), prepared: null });
      entityIndex.set(ek, e);
      if (!channelLabel.has(p.chKey[i])) channelLabel.set(p.chKey[i], p.chLabel[i]);
    }
    const gk = `${ek}\u0001${p.month[i]}`;
    let g = gIndex.get(gk);
    if (g === undefined) {
      g = gEntity.length;
      gIndex.set(gk, g);
      gEntity.push(e);
      gMonth.push(p.month[i]);
      gSum.push(0);
      matcher.entities[e].groups.set(p.month[i], g);
    }
    groupOf[i] = g;
    gSum[g] += v;
  }
  const G = gEntity.length;
  const resolver = new ChannelResolver(channelLabel.values(), opts.vendorChannels, opts.minSimilarity);

  // Duplicates among usable invoices.
  const dupOf = new Int32Array(inv.n).fill(-1);
  if (opts.flagDuplicates) {
    const seen = new Map<string, number>();
    for (let i = 0; i < inv.n; i++) {
      if (inv.minor[i] !== inv.minor[i] || outI[i]) continue;
      const vendor = nameKey(inv.chText[i] ?? '');
      const id = inv.id[i];
      const key =
        id !== null
          ? `id\u0001${vendor}\u0001${nameKey(id)}`
          : `c\u0001${vendor}\u0001${nameKey(inv.ref[i] ?? inv.desc[i] ?? '')}\u0001${inv.m0[i]}\u0001${inv.m1[i]}\u0001${inv.origMinor[i]}\u0001${inv.currency[i]}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else dupOf[i] = first;
    }
  }

  const entitiesByChannel = new Map<string, number[]>();
  for (let e = 0; e < matcher.entities.length; e++) push(entitiesByChannel, matcher.entities[e].ch, e);
  const channelPeriods = new Map<string, number[]>();
  const claimedLists = new Set<number[]>();

  // Name stages.
  const links: (InvoiceLink | null)[] = new Array<InvoiceLink | null>(inv.n).fill(null);
  const claimed = new Uint8Array(G);
  const inRange = (g: number, a: number, b: number): boolean => a < 0 || gMonth[g] < 0 || (gMonth[g] >= a && gMonth[g] <= b);
  const pendingAmount: number[] = [];
  for (let i = 0; i < inv.n; i++) {
    if (inv.minor[i] !== inv.minor[i] || dupOf[i] >= 0 || outI[i]) continue;
    const a = inv.m0[i];
    const b = inv.m1[i];
    let scope = '*';
    let chResolved = false;
    const chText = inv.chText[i];
    if (!p.hasChannel) {
      scope = '';
      chResolved = true;
    } else if (chText !== null) {
      const r = resolver.resolve(chText);
      if (r.key !== null) {
        scope = r.key;
        chResolved = true;
      }
    }
    const ref = inv.ref[i];
    const desc = inv.desc[i];
    const link: InvoiceLink = { groups: [], method: null, why: null };
    let entities: number[] = [];
    if (ref !== null) {
      const h = matcher.campaigns(scope, ref);
      if (h.ok) {
        entities = h.entities;
        link.method = h.method;
        if (h.score !== undefined) link.score = h.score;
      } else {
        link.why = refFailure(ref, scope, chText, chResolved, h, channelLabel);
      }
    }
    if (entities.length === 0 && desc !== null) {
      const d = matcher.inDescription(scope, desc);
      if (d.length > 0) {
        entities = d;
        link.method = 'description';
        link.why = null;
      }
    }
    if (entities.length > 0) {
      const spendMonths = new Set<number>();
      for (const e of entities) {
        for (const [m, g] of matcher.entities[e].groups) {
          if (inRange(g, a, b)) link.groups.push(g);
          else spendMonths.add(m);
        }
      }
      if (link.groups.length === 0) {
        const names = entities.map((e) => matcher.entities[e].label);
        const months = [...spendMonths].sort((x, y) => x - y).map(monthLabel);
        link.why = both((l) =>
          l === 'en'
            ? `Campaign ${list(names, l, 3)} has no platform spend in the service period ${monthRangeLabel(a, b)}${months.length ? ` (it has spend in ${list(months, l, 4)})` : ''}.`
            : `活动 ${list(names, l, 3)} 在服务期间 ${monthRangeLabel(a, b)} 没有平台花费${months.length ? `（在 ${list(months, l, 4)} 有花费）` : ''}。`,
        );
        link.method = null;
        pendingAmount.push(i);
      }
    } else if (ref === null && chResolved) {
      // No reference at all: the invoice covers its whole channel in its period (e.g. a monthly platform bill).
      // Many such invoices share one channel-period, so its groups are listed (and later joined) once.
      const sc = scope;
      const ck = `${sc}\u0001${a}\u0001${b}`;
      let shared = channelPeriods.get(ck);
      if (!shared) {
        shared = [];
        for (const e of entitiesByChannel.get(sc) ?? []) for (const g of matcher.entities[e].groups.values()) if (inRange(g, a, b)) shared.push(g);
        channelPeriods.set(ck, shared);
      }
      link.groups = shared;
      if (link.groups.length > 0) link.method = 'channel';
      else {
        link.why = both((l) =>
          l === 'en'
            ? `No platform spend for channel "${channelLabel.get(sc) ?? chText ?? ''}" in ${a < 0 ? 'any month' : monthRangeLabel(a, b)}.`
            : `渠道"${channelLabel.get(sc) ?? chText ?? ''}"在 ${a < 0 ? '任何月份' : monthRangeLabel(a, b)} 都没有平台花费。`,
        );
      }
    } else {
      if (!chResolved && chText !== null && ref === null) {
        link.why = both((l) =>
          l === 'en'
            ? `Vendor "${chText}" matches no platform channel and the line has no campaign reference (add it to the vendor → channel map).`
            : `供应商"${chText}"无法对应到任何平台渠道，且该行没有活动引用（请在"供应商 → 渠道"映射中添加）。`,
        );
      } else if (link.why === null) {
        link.why = both((l) =>
          l === 'en' ? 'The line names neither a channel nor a campaign that the platform data knows.' : '该行既没有平台数据中已知的渠道，也没有已知的活动。',
        );
      }
      if (chResolved) pendingAmount.push(i);
    }
    if (!claimedLists.has(link.groups)) for (const g of link.groups) claimed[g] = 1;
    if (link.method === 'channel') claimedLists.add(link.groups);
    links[i] = link;
  }

  // Amount stage: an unmatched invoice takes one unclaimed campaign-month (or campaign across its months)
  // of its channel whose spend is within tolerance, when exactly one is closest.
  if (pendingAmount.length > 0) {
    for (const i of pendingAmount) {
      const link = links[i]!;
      const chText = inv.chText[i];
      const scope = !p.hasChannel ? '' : chText !== null ? resolver.resolve(chText).key : null;
      if (scope === null) continue;
      const a = inv.m0[i];
      const b = inv.m1[i];
      const target = inv.minor[i];
      let best: number[] | null = null;
      let bestDiff = Infinity;
      let tie = false;
      for (const e of entitiesByChannel.get(scope) ?? []) {
        const gs: number[] = [];
        let sum = 0;
        for (const g of matcher.entities[e].groups.values()) {
          if (claimed[g] || !inRange(g, a, b)) continue;
          gs.push(g);
          sum += gSum[g];
          const d = Math.abs(target - gSum[g]);
          if (withinTolerance(target - gSum[g], gSum[g], absMinor, pctPpb)) {
            if (d < bestDiff) {
              bestDiff = d;
              best = [g];
              tie = false;
            } else if (d === bestDiff && (best === null || best.length !== 1 || best[0] !== g)) tie = true;
          }
        }
        if (gs.length > 1 && withinTolerance(target - sum, sum, absMinor, pctPpb)) {
          const d = Math.abs(target - sum);
          if (d < bestDiff) {
            bestDiff = d;
            best = gs;
            tie = false;
          } else if (d === bestDiff) tie = true;
        }
      }
      if (best && !tie) {
        link.groups = best;
        link.method = 'amount';
        for (const g of best) claimed[g] = 1;
      }
    }
  }

  // Match sets.
  const dsu = new Dsu(inv.n + G);
  const joined = new Set<number[]>();
  for (let i = 0; i < inv.n; i++) {
    const l = links[i];
    if (!l || l.groups.length === 0) continue;
    if (joined.has(l.groups)) {
      // A shared channel-period list already joined: one link makes this invoice part of it.
      dsu.union(i, inv.n + l.groups[0]);
      continue;
    }
    for (const g of l.groups) dsu.union(i, inv.n + g);
    if (l.method === 'channel') joined.add(l.groups);
  }
  interface Comp {
    inv: number[];
    groups: number[];
    pMinor: number;
    iMinor: number;
  }
  const comps = new Map<number, Comp>();
  const compOf = (node: number): Comp => {
    const r = dsu.find(node);
    let c = comps.get(r);
    if (!c) comps.set(r, (c = { inv: [], groups: [], pMinor: 0, iMinor: 0 }));
    return c;
  };
  for (let i = 0; i < inv.n; i++) {
    if (links[i] === null) continue;
    const c = compOf(i);
    c.inv.push(i);
    c.iMinor += inv.minor[i];
  }
  for (let g = 0; g < G; g++) {
    const c = compOf(inv.n + g);
    c.groups.push(g);
    c.pMinor += gSum[g];
  }

  // Platform lines of each group (CSR).
  const gStart = new Int32Array(G + 1);
  for (let i = 0; i < p.n; i++) if (groupOf[i] >= 0) gStart[groupOf[i] + 1]++;
  for (let g = 0; g < G; g++) gStart[g + 1] += gStart[g];
  const gLines = new Int32Array(gStart[G]);
  const fill = gStart.slice(0, G);
  for (let i = 0; i < p.n; i++) if (groupOf[i] >= 0) gLines[fill[groupOf[i]]++] = i;

  const sets: MatchSet[] = [];
  const setOfInvoice = new Int32Array(inv.n).fill(-1);
  const setOfGroup = new Int32Array(G).fill(-1);
  const draft = [...comps.values()].map((c) => {
    let status: ReconStatus;
    const diff = c.iMinor - c.pMinor;
    if (c.inv.length === 0) status = 'not_invoiced';
    else if (c.groups.length === 0) status = 'no_spend';
    else if (diff === 0) status = 'matched';
    else if (withinTolerance(diff, c.pMinor, absMinor, pctPpb)) status = 'within_tolerance';
    else status = 'variance';
    const first = c.inv.length > 0 ? c.inv[0] : inv.n + gLines[gStart[c.groups[0]]];
    return { c, status, diff, first };
  });
  draft.sort((x, y) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status] || Math.abs(y.diff) - Math.abs(x.diff) || x.first - y.first);
  const width = String(draft.length).length < 4 ? 4 : String(draft.length).length;
  for (const d of draft) {
    const { c, status, diff } = d;
    const id = `M${String(sets.length + 1).padStart(width, '0')}`;
    let method: MatchMethod | null = null;
    for (const i of c.inv) {
      const m = links[i]!.method;
      if (m !== null && (method === null || METHOD_RANK[m] > METHOD_RANK[method])) method = m;
    }
    const ents = [...new Set(c.groups.map((g) => gEntity[g]))];
    const campaigns = [...new Set(ents.map((e) => matcher.entities[e].label))];
    const channels = [...new Set(ents.map((e) => matcher.entities[e].chLabel))];
    const monthsN = [...new Set(c.groups.map((g) => gMonth[g]))].sort((x, y) => x - y);
    const months = monthsN.map((m) => (m < 0 ? '?' : monthLabel(m)));
    const platformRows: number[] = [];
    for (const g of c.groups) for (let k = gStart[g]; k < gStart[g + 1]; k++) platformRows.push(gLines[k]);
    platformRows.sort((x, y) => x - y);
    const invoiceRows = [...c.inv].sort((x, y) => x - y);
    const reason = setReason(status, diff, c.pMinor, c.iMinor, method, campaigns, channels, months, digits, cur, opts, links, invoiceRows);
    const set: MatchSet = { id, status, method, invoiceRows, platformRows, platformMinor: c.pMinor, invoiceMinor: c.iMinor, channels, campaigns, months, reason };
    sets.push(set);
    for (const i of c.inv) setOfInvoice[i] = sets.length - 1;
    for (const g of c.groups) setOfGroup[g] = sets.length - 1;
  }

  // Lines, in set order: invoices then platform lines; then duplicates and excluded lines.
  const lines: ReconLine[] = [];
  const invSheet = inv.data.sheet;
  const platSheet = p.data.sheet;
  const rowsText = (sheet: string, rows: readonly number[], data: Dataset): I18nText => {
    if (rows.length === 0) return { en: '', 'zh-CN': '' };
    const ex = rows.map((r) => excelRow(data, r));
    return both((l) => (l === 'en' ? `${sheet} rows ${rowRanges(ex, l)}` : `${sheet} 第 ${rowRanges(ex, l)} 行`));
  };
  for (const s of sets) {
    const idsText = s.invoiceRows.map((r) => inv.id[r]).filter((x): x is string => x !== null);
    const toPlatform = rowsText(platSheet, s.platformRows, p.data);
    const campaignsText = s.campaigns.length ? ` (${s.campaigns.slice(0, 3).join(', ')}${s.campaigns.length > 3 ? ' …' : ''}; ${monthRangeLabelList(s.months)})` : '';
    const invMatched: I18nText = { en: toPlatform.en + (toPlatform.en ? campaignsText : ''), 'zh-CN': toPlatform['zh-CN'] + (toPlatform['zh-CN'] ? campaignsText : '') };
    const toInv = rowsText(invSheet, s.invoiceRows, inv.data);
    const idSuffix = idsText.length ? ` (${idsText.slice(0, 5).join(', ')}${idsText.length > 5 ? ' …' : ''})` : '';
    const platMatched: I18nText = { en: toInv.en + (toInv.en ? idSuffix : ''), 'zh-CN': toInv['zh-CN'] + (toInv['zh-CN'] ? idSuffix : '') };
    for (const i of s.invoiceRows) {
      const own = s.status === 'no_spend' ? links[i]!.why ?? s.reason : s.reason;
      lines.push({ side: 'invoice', row: i, status: s.status, setId: s.id, minor: inv.minor[i], reason: own, matchedTo: invMatched });
    }
    for (const r of s.platformRows) lines.push({ side: 'platform', row: r, status: s.status, setId: s.id, minor: p.minor[r], reason: s.reason, matchedTo: platMatched });
  }
  for (let i = 0; i < inv.n; i++) {
    const o = dupOf[i];
    if (o < 0) continue;
    const origSet = setOfInvoice[o] >= 0 ? sets[setOfInvoice[o]].id : null;
    const oRow = excelRow(inv.data, o);
    const sameId = inv.id[i] !== null;
    lines.push({
      side: 'invoice',
      row: i,
      status: 'duplicate',
      setId: origSet,
      minor: inv.minor[i],
      reason: both((l) =>
        l === 'en'
          ? sameId
            ? `Invoice number ${inv.id[i] ?? ''} from the same vendor already appears in row ${oRow}; this line is left out of the match so it is not counted twice.`
            : `Same vendor, reference, service period, amount and currency as row ${oRow}, and no invoice number; left out of the match so it is not counted twice.`
          : sameId
            ? `同一供应商的发票号 ${inv.id[i] ?? ''} 已在第 ${oRow} 行出现；该行不参与匹配，以免重复计算。`
            : `与第 ${oRow} 行的供应商、引用、服务期间、金额和货币都相同，且没有发票号；该行不参与匹配，以免重复计算。`,
      ),
      matchedTo: both((l) => (l === 'en' ? `${invSheet} row ${oRow}` : `${invSheet} 第 ${oRow} 行`)),
    });
  }
  if (period !== null) {
    const range = monthRangeLabel(period.from, period.to);
    const outReason = (what: I18nText): I18nText =>
      both((l) =>
        l === 'en'
          ? `${what.en} is outside the reconciled period ${range}${period.source === 'invoices' ? ' (the months the invoices cover)' : ''}; not matched.`
          : `${what['zh-CN']}不在对账期间 ${range} 内${period.source === 'invoices' ? '（发票覆盖的月份）' : ''}，未参与匹配。`,
      );
    const none: I18nText = { en: '', 'zh-CN': '' };
    for (let i = 0; i < inv.n; i++) {
      if (!outI[i]) continue;
      const what = { en: `Service period ${monthRangeLabel(inv.m0[i], inv.m1[i])}`, 'zh-CN': `服务期间 ${monthRangeLabel(inv.m0[i], inv.m1[i])} ` };
      lines.push({ side: 'invoice', row: i, status: 'out_of_period', setId: null, minor: inv.minor[i], reason: outReason(what), matchedTo: none });
    }
    for (let i = 0; i < p.n; i++) {
      if (!outP[i]) continue;
      const what = { en: `Month ${monthLabel(p.month[i])}`, 'zh-CN': `月份 ${monthLabel(p.month[i])} ` };
      lines.push({ side: 'platform', row: i, status: 'out_of_period', setId: null, minor: p.minor[i], reason: outReason(what), matchedTo: none });
    }
  }
  const excludedReason = (why: number, sheet: string): I18nText =>
    why === 2
      ? both((l) => (l === 'en' ? `No exchange rate to ${cur} for this line's currency; add the rate in the options.` : `该行货币没有到 ${cur} 的汇率，请在选项中添加。`))
      : both((l) => (l === 'en' ? `The amount is empty or not a number in "${sheet}".` : `"${sheet}" 中该行金额为空或不是数字。`));
  for (let i = 0; i < inv.n; i++) {
    if (inv.why[i] === 0) continue;
    lines.push({ side: 'invoice', row: i, status: 'excluded', setId: null, minor: null, reason: excludedReason(inv.why[i], invSheet), matchedTo: { en: '', 'zh-CN': '' } });
  }
  for (let i = 0; i < p.n; i++) {
    if (p.why[i] === 0) continue;
    lines.push({ side: 'platform', row: i, status: 'excluded', setId: null, minor: null, reason: excludedReason(p.why[i], platSheet), matchedTo: { en: '', 'zh-CN': '' } });
  }

  // Totals, in BigInt: source totals straight from the parsed amounts, status sums from the lines.
  const zero = (): Record<ReconStatus, { lines: number; minor: bigint }> =>
    Object.fromEntries(RECON_STATUSES.map((s) => [s, { lines: 0, minor: 0n }])) as Record<ReconStatus, { lines: number; minor: bigint }>;
  const totals: Reconciliation['totals'] = {
    platform: { source: sumBig(p.minor), lines: p.n, byStatus: zero() },
    invoice: { source: sumBig(inv.minor), lines: inv.n, byStatus: zero() },
  };
  for (const l of lines) {
    const t = totals[l.side].byStatus[l.status];
    t.lines++;
    if (l.minor !== null) t.minor += BigInt(l.minor);
  }
  return { digits, sets, lines, totals, ratesUsed, period, outsideMonths };
}

function monthRangeLabelList(months: readonly string[]): string {
  if (months.length === 0) return '';
  return months.length <= 3 ? months.join(', ') : `${months[0]}…${months[months.length - 1]}`;
}

function sumBig(a: Float64Array): bigint {
  // Add in safe-integer chunks, then in BigInt, so no partial sum ever loses a cent.
  let total = 0n;
  let acc = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== v) continue;
    const next = acc + v;
    if (Number.isSafeInteger(next)) acc = next;
    else {
      total += BigInt(acc);
      acc = v;
    }
  }
  return total + BigInt(acc);
}

function refFailure(
  ref: string,
  scope: string,
  chText: string | null,
  chResolved: boolean,
  h: { why: 'none' | 'ambiguous'; closest: string | null; score: number },
  channels: Map<string, string>,
): I18nText {
  const where: I18nText =
    scope === '*'
      ? chText !== null && !chResolved
        ? { en: ` (vendor "${chText}" matches no platform channel, so all channels were searched)`, 'zh-CN': `（供应商"${chText}"无法对应平台渠道，已在全部渠道中查找）` }
        : { en: ' in any channel', 'zh-CN': '（全部渠道）' }
      : { en: ` in channel "${channels.get(scope) ?? scope}"`, 'zh-CN': `（渠道"${channels.get(scope) ?? scope}"）` };
  const closest = h.closest;
  const score = Math.round(h.score * 100) / 100;
  return both((l) =>
    l === 'en'
      ? `Campaign reference "${ref}" is not a platform campaign${where.en}` +
        (h.why === 'ambiguous' && closest ? `; it is equally close to several names (e.g. "${closest}").` : closest ? `; closest is "${closest}" (similarity ${score}).` : '.')
      : `活动引用"${ref}"不是平台中的活动${where['zh-CN']}` +
        (h.why === 'ambiguous' && closest ? `；它与多个名称同样接近（如"${closest}"）。` : closest ? `；最接近的是"${closest}"（相似度 ${score}）。` : '。'),
  );
}

function setReason(
  status: ReconStatus,
  diff: number,
  pMinor: number,
  iMinor: number,
  method: MatchMethod | null,
  campaigns: string[],
  channels: string[],
  months: string[],
  digits: number,
  cur: string,
  opts: ReconciliationOptions,
  links: (InvoiceLink | null)[],
  invoiceRows: number[],
): I18nText {
  const P = fromMinor(pMinor, digits);
  const I = fromMinor(iMinor, digits);
  const D = fromMinor(diff, digits);
  const how = method ? METHOD_LABELS[method] : null;
  const fuzzyScore = invoiceRows.map((i) => links[i]?.score).find((s) => s !== undefined);
  const howText = (l: Lang): string =>
    how ? (l === 'en' ? ` (matched by ${how.en}${fuzzyScore !== undefined ? `, similarity ${Math.round(fuzzyScore * 100) / 100}` : ''})` : `（匹配方式：${how['zh-CN']}${fuzzyScore !== undefined ? `，相似度 ${Math.round(fuzzyScore * 100) / 100}` : ''}）`) : '';
  const what = (l: Lang): string => `${list(campaigns.length && campaigns.some((c) => c !== '') ? campaigns : channels, l, 3)} ${monthRangeLabelList(months)}`;
  const tol = (l: Lang): string => `${money(opts.toleranceAbs, cur, l)} ${l === 'en' ? 'or' : '或'} ${pct(opts.tolerancePct, l, 2)}`;
  switch (status) {
    case 'matched':
      return both((l) => (l === 'en' ? `Invoiced ${money(I, cur, l)} equals platform spend for ${what(l)}${howText(l)}.` : `开票金额 ${money(I, cur, l)} 与 ${what(l)} 的平台花费一致${howText(l)}。`));
    case 'within_tolerance':
      return both((l) =>
        l === 'en'
          ? `Invoiced ${money(I, cur, l)} against platform ${money(P, cur, l)} for ${what(l)}: difference ${money(D, cur, l)} is within the tolerance of ${tol(l)}${howText(l)}.`
          : `${what(l)}：开票 ${money(I, cur, l)}，平台 ${money(P, cur, l)}，差额 ${money(D, cur, l)} 在容差 ${tol(l)} 之内${howText(l)}。`,
      );
    case 'variance':
      return both((l) =>
        l === 'en'
          ? `Invoiced ${money(I, cur, l)} against platform ${money(P, cur, l)} for ${what(l)}: ${D > 0 ? 'over-invoiced' : 'under-invoiced'} by ${money(Math.abs(D), cur, l)} (${pct(ratio(D, P), l, 2)}), beyond the tolerance of ${tol(l)}${howText(l)}.`
          : `${what(l)}：开票 ${money(I, cur, l)}，平台 ${money(P, cur, l)}，${D > 0 ? '多开' : '少开'} ${money(Math.abs(D), cur, l)}（${pct(ratio(D, P), l, 2)}），超出容差 ${tol(l)}${howText(l)}。`,
      );
    case 'not_invoiced':
      return both((l) =>
        l === 'en'
          ? `No invoice covers ${what(l)} (${channels.join(', ') || '—'}): ${money(P, cur, l)} of platform spend to accrue or query.`
          : `没有发票覆盖 ${what(l)}（${channels.join('、') || '—'}）：平台花费 ${money(P, cur, l)} 需计提或核实。`,
      );
    case 'no_spend': {
      const first = invoiceRows.length > 0 ? links[invoiceRows[0]]?.why : null;
      return first ?? both((l) => (l === 'en' ? 'No platform spend matches this invoice.' : '没有与该发票对应的平台花费。'));
    }
    default:
      return { en: '', 'zh-CN': '' };
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Result                                                                                            */

function col(key: string, en: string, zh: string, kind: ResultColumn['kind'], extra: Partial<ResultColumn> = {}): ResultColumn {
  return { key, label: { en, 'zh-CN': zh }, kind, ...extra };
}

function emptyResult(diagnostics: Diagnostic[]): AnalysisResult {
  return { kind: 'reconciliation', title: TITLE, sheetName: SHEET, question: QUESTION, figures: [], tables: [], charts: [], findings: [], notes: [], diagnostics };
}

/**
 * Reconcile platform-reported spend (`campaigns`: campaign and/or channel, spend, date or period) against
 * invoices (`invoices`: amount; vendor or channel, campaign reference, description, invoice number, invoice
 * date, service period, currency, tax — all optional). Returns every line with its status, reason and match,
 * status counts and amounts, a tie-out, figures and findings. Never throws on bad data: diagnostics name the
 * sheet, column and rows.
 *
 * Excel equivalent of the tie-out: `=SUM(Spend)` equals `=SUMIFS(Amount, Status, …)` summed over statuses.
 *
 * @example
 *   reconcileSpend(campaigns, invoices, { asOf, currency: 'USD', lang: 'en' }).tables.find((t) => t.name === 'status')
 *   // rows like { side: 'platform', status: 'matched', lines: 31, amount: 12345.67, … }
 */
export function reconcileSpend(campaigns: Dataset, invoices: Dataset, common: CommonOptions, options: Partial<ReconciliationOptions> = {}): AnalysisResult {
  const opts: ReconciliationOptions = { ...reconciliationDefaults, ...options };
  const diagnostics: Diagnostic[] = [];
  const bad = (k: keyof ReconciliationOptions, ok: boolean): void => {
    if (!ok) {
      diagnostics.push(
        diag('finance.recon.bad-option', 'warning', {
          en: `Option "${k}" is out of range; the default (${JSON.stringify(reconciliationDefaults[k])}) is used.`,
          'zh-CN': `选项"${k}"超出范围，已使用默认值（${JSON.stringify(reconciliationDefaults[k])}）。`,
        }),
      );
      (opts as unknown as Record<string, unknown>)[k] = reconciliationDefaults[k];
    }
  };
  bad('toleranceAbs', typeof opts.toleranceAbs === 'number' && Number.isFinite(opts.toleranceAbs) && opts.toleranceAbs >= 0);
  bad('tolerancePct', typeof opts.tolerancePct === 'number' && Number.isFinite(opts.tolerancePct) && opts.tolerancePct >= 0 && opts.tolerancePct < 1);
  bad('minSimilarity', typeof opts.minSimilarity === 'number' && opts.minSimilarity > 0 && opts.minSimilarity <= 1);
  const lookup = buildRates(opts.rates, common.currency, diagnostics);
  const p = readPlatform(campaigns, common, lookup, diagnostics);
  const inv = readInvoices(invoices, common, opts, lookup, diagnostics);
  if (!p || !inv) return emptyResult(diagnostics);
  if (p.n === 0 && inv.n === 0) {
    diagnostics.push(diag('finance.recon.empty', 'error', { en: 'Both the campaigns and the invoices tables are empty.', 'zh-CN': '活动表和发票表都没有数据。' }));
    return emptyResult(diagnostics);
  }
  const r = matchLedger(p, inv, opts, common, resolvePeriod(opts.period, inv, diagnostics));
  return buildResult(r, p, inv, opts, common, diagnostics);
}

/**
 * The reconciliation itself as plain data (sets, lines with both languages, totals in BigInt), for tests,
 * the bench and callers that need more than the result tables. Same validation as `reconcileSpend`;
 * returns null (with diagnostics) when a required column is missing.
 */
export function computeReconciliation(
  campaigns: Dataset,
  invoices: Dataset,
  common: CommonOptions,
  options: Partial<ReconciliationOptions> = {},
  diagnostics: Diagnostic[] = [],
): Reconciliation | null {
  const opts: ReconciliationOptions = { ...reconciliationDefaults, ...options };
  const lookup = buildRates(opts.rates, common.currency, diagnostics);
  const p = readPlatform(campaigns, common, lookup, diagnostics);
  const inv = readInvoices(invoices, common, opts, lookup, diagnostics);
  if (!p || !inv) return null;
  return matchLedger(p, inv, opts, common, resolvePeriod(opts.period, inv, diagnostics));
}

function buildResult(r: Reconciliation, p: Platform, inv: Invoices, opts: ReconciliationOptions, common: CommonOptions, diagnostics: Diagnostic[]): AnalysisResult {
  const lang = common.lang;
  const cur = common.currency;
  const d = r.digits;
  const out = (m: number | null): number | null => (m === null ? null : fromMinor(m, d));
  const setById = new Map(r.sets.map((s) => [s.id, s]));

  // Every line.
  const lineRows: Record<string, CellValue>[] = new Array<Record<string, CellValue>>(r.lines.length);
  for (let k = 0; k < r.lines.length; k++) {
    const l = r.lines[k];
    const s = l.setId !== null ? setById.get(l.setId) : undefined;
    const isInv = l.side === 'invoice';
    const i = l.row;
    const cellOrig = isInv && inv.origMinor[i] === inv.origMinor[i] ? fromMinor(inv.origMinor[i], currencyDigits(inv.currency[i])) : null;
    lineRows[k] = {
      match_id: l.setId,
      status: l.status,
      status_label: STATUS_LABELS[l.status][lang],
      side: isInv ? (lang === 'en' ? 'Invoice' : '发票') : lang === 'en' ? 'Platform' : '平台',
      sheet: isInv ? inv.data.sheet : p.data.sheet,
      row: excelRow(isInv ? inv.data : p.data, i),
      reference: isInv ? inv.id[i] : null,
      channel: isInv ? inv.chText[i] : p.chLabel[i] || null,
      campaign: isInv ? inv.ref[i] ?? inv.desc[i] : p.campLabel[i] || null,
      period: isInv ? (inv.m0[i] >= 0 ? monthRangeLabel(inv.m0[i], inv.m1[i]) : null) : p.month[i] >= 0 ? monthLabel(p.month[i]) : null,
      amount: out(l.minor),
      original_amount: isInv ? cellOrig : null,
      currency: isInv ? inv.currency[i] : cur,
      set_platform: s && l.status !== 'duplicate' ? out(s.platformMinor) : null,
      set_invoiced: s && l.status !== 'duplicate' ? out(s.invoiceMinor) : null,
      set_variance: s && l.status !== 'duplicate' && s.invoiceRows.length > 0 && s.platformRows.length > 0 ? out(s.invoiceMinor - s.platformMinor) : null,
      method: s?.method && l.status !== 'duplicate' ? METHOD_LABELS[s.method][lang] : null,
      matched_to: l.matchedTo[lang] || null,
      reason: l.reason[lang],
    };
  }
  const linesTable: ResultTable = {
    name: 'lines',
    title: { en: 'Every line with its status', 'zh-CN': '逐行对账状态' },
    columns: [
      col('match_id', 'Match set', '匹配组', 'text'),
      col('status_label', 'Status', '状态', 'text'),
      col('side', 'Side', '来源', 'text'),
      col('sheet', 'Sheet', '工作表', 'text'),
      col('row', 'Row', '行号', 'integer'),
      col('reference', 'Invoice no.', '发票号', 'text'),
      col('channel', 'Channel / vendor', '渠道/供应商', 'text'),
      col('campaign', 'Campaign / reference', '活动/引用', 'text'),
      col('period', 'Month / service period', '月份/服务期间', 'text'),
      col('amount', `Amount (${cur})`, `金额（${cur}）`, 'currency'),
      col('original_amount', 'Original amount', '原币金额', 'number', { decimals: 2 }),
      col('currency', 'Currency', '货币', 'text'),
      col('set_platform', 'Set: platform', '匹配组：平台', 'currency'),
      col('set_invoiced', 'Set: invoiced', '匹配组：开票', 'currency'),
      col('set_variance', 'Set: invoiced − platform', '匹配组：开票 − 平台', 'currency', { highlight: 'colorScale' }),
      col('method', 'Matched by', '匹配方式', 'text'),
      col('matched_to', 'Matched to', '对应行', 'text'),
      col('reason', 'Reason', '原因', 'text'),
      col('status', 'Status code', '状态代码', 'text'),
    ],
    rows: lineRows,
    note: {
      en: 'Each line takes the status of its match set (invoices and campaign-months linked to each other); set amounts repeat on every line of the set, so add up "Amount", not the set columns. Filter by status or match set.',
      'zh-CN': '每一行取其所在匹配组（相互关联的发票与活动月份）的状态；匹配组金额在组内每行重复显示，汇总请使用"金额"列。可按状态或匹配组筛选。',
    },
  };

  // Match sets.
  const setRows = r.sets.map((s) => ({
    match_id: s.id,
    status: s.status,
    status_label: STATUS_LABELS[s.status][lang],
    channel: s.channels.join(', ') || null,
    campaigns: s.campaigns.filter((c) => c !== '').slice(0, 5).join(', ') || null,
    months: monthRangeLabelList(s.months) || null,
    invoice_lines: s.invoiceRows.length,
    platform_lines: s.platformRows.length,
    platform: out(s.platformMinor),
    invoiced: out(s.invoiceMinor),
    variance: s.invoiceRows.length > 0 && s.platformRows.length > 0 ? out(s.invoiceMinor - s.platformMinor) : null,
    method: s.method ? METHOD_LABELS[s.method][lang] : null,
    reason: s.reason[lang],
  }));
  const setsTable: ResultTable = {
    name: 'matches',
    title: { en: 'Match sets', 'zh-CN': '匹配组' },
    columns: [
      col('match_id', 'Match set', '匹配组', 'text'),
      col('status_label', 'Status', '状态', 'text'),
      col('channel', 'Channel', '渠道', 'text'),
      col('campaigns', 'Campaigns', '活动', 'text'),
      col('months', 'Months', '月份', 'text'),
      col('invoice_lines', 'Invoice lines', '发票行数', 'integer'),
      col('platform_lines', 'Platform lines', '平台行数', 'integer'),
      col('platform', 'Platform spend', '平台花费', 'currency'),
      col('invoiced', 'Invoiced', '开票金额', 'currency'),
      col('variance', 'Invoiced − platform', '开票 − 平台', 'currency', { highlight: 'colorScale' }),
      col('method', 'Matched by', '匹配方式', 'text'),
      col('reason', 'Reason', '原因', 'text'),
      col('status', 'Status code', '状态代码', 'text'),
    ],
    rows: setRows,
    note: { en: 'Problems first: variances by size, then unmatched lines, then matches.', 'zh-CN': '问题优先：先按金额列出差异，再列未匹配行，最后是已匹配。' },
  };

  // Status counts and amounts.
  const statusRows: Record<string, CellValue>[] = [];
  for (const side of ['platform', 'invoice'] as const) {
    for (const s of RECON_STATUSES) {
      const t = r.totals[side].byStatus[s];
      if (t.lines === 0) continue;
      statusRows.push({
        side: side === 'platform' ? (lang === 'en' ? 'Platform' : '平台') : lang === 'en' ? 'Invoices' : '发票',
        status: s,
        status_label: STATUS_LABELS[s][lang],
        lines: t.lines,
        amount: fromMinor(t.minor, d),
      });
    }
  }
  const statusTable: ResultTable = {
    name: 'status',
    title: { en: 'Lines and amounts by status', 'zh-CN': '按状态汇总的行数与金额' },
    columns: [
      col('side', 'Side', '来源', 'text'),
      col('status_label', 'Status', '状态', 'text'),
      col('lines', 'Lines', '行数', 'integer'),
      col('amount', `Amount (${cur})`, `金额（${cur}）`, 'currency', { highlight: 'dataBar' }),
      col('status', 'Status code', '状态代码', 'text'),
    ],
    rows: statusRows,
  };

  // Tie-out.
  const tieRows: Record<string, CellValue>[] = [];
  let tiesOut = true;
  for (const side of ['platform', 'invoice'] as const) {
    const t = r.totals[side];
    const sideLabel = side === 'platform' ? (lang === 'en' ? 'Platform' : '平台') : lang === 'en' ? 'Invoices' : '发票';
    let sum = 0n;
    let lines = 0;
    tieRows.push({ side: sideLabel, item: lang === 'en' ? 'Source total (every usable line)' : '源数据合计（所有可用行）', lines: t.lines - t.byStatus.excluded.lines, amount: fromMinor(t.source, d) });
    for (const s of RECON_STATUSES) {
      const b = t.byStatus[s];
      sum += b.minor;
      lines += b.lines;
      if ((s === 'excluded' || s === 'out_of_period') && b.lines === 0) continue;
      tieRows.push({ side: sideLabel, item: `  ${STATUS_LABELS[s][lang]}`, lines: b.lines, amount: s === 'excluded' ? null : fromMinor(b.minor, d) });
    }
    tieRows.push({ side: sideLabel, item: lang === 'en' ? 'Sum of statuses' : '各状态合计', lines, amount: fromMinor(sum, d) });
    const diff = t.source - sum;
    if (diff !== 0n || lines !== t.lines) tiesOut = false;
    tieRows.push({ side: sideLabel, item: lang === 'en' ? 'Difference (must be 0)' : '差额（必须为 0）', lines: t.lines - lines, amount: fromMinor(diff, d) });
  }
  const tieTable: ResultTable = {
    name: 'tieout',
    title: { en: 'Tie-out', 'zh-CN': '总额核对' },
    columns: [col('side', 'Side', '来源', 'text'), col('item', 'Item', '项目', 'text'), col('lines', 'Lines', '行数', 'integer'), col('amount', `Amount (${cur})`, `金额（${cur}）`, 'currency')],
    rows: tieRows,
    note: {
      en: 'Computed in integer minor units: each side’s source total equals the sum of its statuses exactly. Excluded lines have no usable amount and count in lines only.',
      'zh-CN': '以最小货币单位的整数计算：每一方的源数据合计与各状态合计严格相等。已排除的行没有可用金额，只计入行数。',
    },
  };

  // Figures.
  const pt = r.totals.platform;
  const it = r.totals.invoice;
  const ok = (s: ReconStatus, side: 'platform' | 'invoice'): bigint => r.totals[side].byStatus[s].minor;
  const reconciled = ok('matched', 'platform') + ok('within_tolerance', 'platform');
  // Totals of the reconciled period (the whole sheets when no period applies).
  const pIn = pt.source - ok('out_of_period', 'platform');
  const iIn = it.source - ok('out_of_period', 'invoice');
  const varianceAbs = r.sets.filter((s) => s.status === 'variance').reduce((a, s) => a + BigInt(Math.abs(s.invoiceMinor - s.platformMinor)), 0n);
  const fig = (key: string, en: string, zh: string, value: number | null, kind: Figure['kind']): Figure => ({ key, label: { en, 'zh-CN': zh }, value, kind });
  const figures: Figure[] = [
    fig('platform_total', 'Platform spend', '平台花费', fromMinor(pIn, d), 'currency'),
    fig('invoice_total', 'Invoiced', '开票金额', fromMinor(iIn, d), 'currency'),
    fig('difference', 'Invoiced − platform', '开票 − 平台', fromMinor(iIn - pIn, d), 'currency'),
    fig('reconciled_share', 'Platform spend reconciled', '已对平的平台花费占比', ratio(Number(reconciled), Number(pIn)), 'percent'),
    fig('variance_abs', 'Variances (absolute)', '差异（绝对值）', fromMinor(varianceAbs, d), 'currency'),
    fig('not_invoiced', 'Platform spend not invoiced', '未开票的平台花费', fromMinor(ok('not_invoiced', 'platform'), d), 'currency'),
    fig('no_spend', 'Invoices without platform spend', '无平台花费的发票', fromMinor(ok('no_spend', 'invoice'), d), 'currency'),
    fig('duplicates', 'Possible duplicate invoices', '疑似重复发票', fromMinor(ok('duplicate', 'invoice'), d), 'currency'),
    fig('tie_out_ok', 'Totals tie out (1 = yes)', '总额核对通过（1 = 是）', tiesOut ? 1 : 0, 'integer'),
  ];
  if (r.period !== null) {
    figures.splice(3, 0, fig('out_of_period', 'Platform spend outside the period', '对账期间外的平台花费', fromMinor(ok('out_of_period', 'platform'), d), 'currency'));
    const range = monthRangeLabel(r.period.from, r.period.to);
    for (const f of figures.slice(0, 3)) f.note = { en: `Reconciled period ${range}.`, 'zh-CN': `对账期间 ${range}。` };
  }
  const reconciledFig = figures[3];
  if (reconciledFig.value === null) reconciledFig.note = { en: 'No platform spend.', 'zh-CN': '没有平台花费。' };

  const findings = reconFindings(r, cur, d);
  const notes: I18nText[] = [
    {
      en: 'Matching order: exact reference, your aliases, normalised name (Unicode NFKC so full- and half-width characters are the same, case, punctuation and spaces ignored), several references in one cell, a similar name (Levenshtein ratio), campaign names in the description, the whole channel for an invoice without a reference, and finally the amount.',
      'zh-CN': '匹配顺序：引用完全一致、用户别名、规范化名称（Unicode NFKC，全角半角视为相同，忽略大小写、标点和空格）、一格多个引用、相似名称（Levenshtein 比率）、描述中的活动名、无引用发票对应整个渠道，最后按金额匹配。',
    },
    both((l) =>
      l === 'en'
        ? `Tolerance: a match set is "within tolerance" when |invoiced − platform| ≤ ${money(opts.toleranceAbs, cur, l)} or ≤ ${pct(opts.tolerancePct, l, 2)} of platform spend; similar names need a similarity of at least ${opts.minSimilarity}.`
        : `容差：当 |开票 − 平台| ≤ ${money(opts.toleranceAbs, cur, l)} 或 ≤ 平台花费的 ${pct(opts.tolerancePct, l, 2)} 时，匹配组为"容差内"；相似名称的相似度至少为 ${opts.minSimilarity}。`,
    ),
    both((l) =>
      l === 'en'
        ? `Amounts are exact: parsed once into whole ${cur} minor units (cents), added as integers, and rounded half away from zero only when a value has more decimals than the currency has. ${opts.amountIncludesTax ? 'Invoice amounts include tax; the net amount (amount − tax) is compared.' : 'Invoice amounts are taken as net of tax (the tax column is not added).'}`
        : `金额精确计算：一次性解析为 ${cur} 最小货币单位（分）的整数并按整数相加；仅当数值小数位多于货币最小单位时，四舍五入。${opts.amountIncludesTax ? '发票金额含税，比较的是净额（金额 − 税额）。' : '发票金额按不含税处理（不加税额列）。'}`,
    ),
    {
      en: 'Platform lines are grouped by channel, campaign and calendar month; an invoice covers the months of its service period (period start to end, else its period, else the month of its invoice date).',
      'zh-CN': '平台行按渠道、活动和自然月分组；发票覆盖其服务期间内的月份（期间开始至结束，否则为其期间，否则为发票日期所在月份）。',
    },
  ];
  if (r.ratesUsed.length > 0) {
    notes.push(
      both((l) =>
        l === 'en'
          ? `Amounts in other currencies are converted to ${cur} with the exchange rates in the options (${r.ratesUsed.join('; ')}), rounded to the cent once per line.`
          : `其他货币的金额按选项中的汇率（${r.ratesUsed.join('；')}）换算为 ${cur}，每行四舍五入到分一次。`,
      ),
    );
  }
  const sp = servicePeriodNote(inv.service, inv.data.sheet);
  if (sp) notes.push(sp);
  const periodNote = reconPeriodNote(r, inv.service, cur, d);
  if (periodNote) notes.unshift(periodNote);

  return {
    kind: 'reconciliation',
    title: TITLE,
    sheetName: SHEET,
    question: QUESTION,
    figures,
    tables: [statusTable, tieTable, setsTable, linesTable],
    charts: [],
    findings,
    notes,
    diagnostics,
  };
}

/** What the period covers, and which platform spend was left out and why. */
function reconPeriodNote(r: Reconciliation, sp: ServicePeriod, cur: string, d: number): I18nText | null {
  const period = r.period;
  if (period === null) return null;
  const range = monthRangeLabel(period.from, period.to);
  const outP = r.totals.platform.byStatus.out_of_period;
  const outI = r.totals.invoice.byStatus.out_of_period;
  const why: I18nText =
    period.source === 'invoices'
      ? {
          en: `the first to the last month the invoices' service periods cover${sp.fromDate > 0 ? ' (or their invoice dates where no service period is given)' : ''}`,
          'zh-CN': `发票服务期间覆盖的第一个到最后一个月${sp.fromDate > 0 ? '（无服务期间的按发票日期）' : ''}`,
        }
      : { en: 'set in the options', 'zh-CN': '由选项设定' };
  return both((l) => {
    const en = l === 'en';
    let t = en ? `Reconciled period: ${range}, ${why.en}.` : `对账期间：${range}，即${why['zh-CN']}。`;
    if (outP.lines > 0) {
      const months = monthRangeLabel(r.outsideMonths[0], r.outsideMonths[1]);
      t += en
        ? ` Platform spend outside it — ${money(fromMinor(outP.minor, d), cur, l)} on ${outP.lines} line(s) in ${months} — is left out and shown as "${STATUS_LABELS.out_of_period.en}"${period.source === 'invoices' ? ': the ledger does not cover those months, so it is not reported as spend not invoiced' : ''}.`
        : ` 期间外的平台花费（${months}，${outP.lines} 行，${money(fromMinor(outP.minor, d), cur, l)}）未参与对账，状态为"${STATUS_LABELS.out_of_period['zh-CN']}"${period.source === 'invoices' ? '：发票账未覆盖这些月份，因此不列为未开票花费' : ''}。`;
    }
    if (outI.lines > 0) {
      t += en
        ? ` ${outI.lines} invoice line(s) (${money(fromMinor(outI.minor, d), cur, l)}) have a service period outside it and are left out too.`
        : ` 另有 ${outI.lines} 行发票（${money(fromMinor(outI.minor, d), cur, l)}）的服务期间在对账期间外，同样未参与对账。`;
    }
    t += en
      ? ` Platform spend inside the period with no invoice is "${STATUS_LABELS.not_invoiced.en}". Set the option "period" to "all" or a range (e.g. 2024-01..2025-12) to reconcile other months.`
      : ` 期间内没有发票的平台花费列为"${STATUS_LABELS.not_invoiced['zh-CN']}"。如需核对其他月份，请将选项"period"设为 "all" 或区间（如 2024-01..2025-12）。`;
    return t;
  });
}

function reconFindings(r: Reconciliation, cur: string, d: number): Finding[] {
  const out: Finding[] = [];
  const variances = r.sets.filter((s) => s.status === 'variance');
  for (const s of variances.slice(0, 10)) {
    const diff = fromMinor(s.invoiceMinor - s.platformMinor, d);
    out.push({
      key: `variance:${s.id}`,
      text: both((l) => (l === 'en' ? `${s.id}: ${s.reason.en}` : `${s.id}：${s.reason['zh-CN']}`)),
      atStake: Math.abs(diff),
      evidence: both((l) => (l === 'en' ? `${s.invoiceRows.length} invoice line(s), ${s.platformRows.length} platform line(s).` : `${s.invoiceRows.length} 行发票，${s.platformRows.length} 行平台数据。`)),
    });
  }
  // The rest, by direction: what was over-invoiced is money to query before paying; what was
  // under-invoiced is money still to accrue. Each finding's stake is its own direction's total, never a
  // gross total of both.
  for (const over of [true, false]) {
    const rest = variances.slice(10).filter((s) => s.invoiceMinor - s.platformMinor > 0 === over);
    if (rest.length === 0) continue;
    const v = fromMinor(rest.reduce((a, s) => a + Math.abs(s.invoiceMinor - s.platformMinor), 0), d);
    out.push({
      key: over ? 'variance:rest-over' : 'variance:rest-under',
      text: both((l) =>
        l === 'en'
          ? over
            ? `${rest.length} more match set(s) are over-invoiced, by ${money(v, cur, l)} in total: query them before paying.`
            : `${rest.length} more match set(s) are under-invoiced, by ${money(v, cur, l)} in total: accrue the difference or expect further invoices.`
          : over
            ? `另有 ${rest.length} 个匹配组多开发票，合计 ${money(v, cur, l)}：付款前请核实。`
            : `另有 ${rest.length} 个匹配组少开发票，合计 ${money(v, cur, l)}：请计提差额或等待后续发票。`,
      ),
      atStake: v,
      evidence: both((l) => (l === 'en' ? `Match sets ${rest.slice(0, 5).map((s) => s.id).join(', ')}${rest.length > 5 ? ' …' : ''}.` : `匹配组 ${rest.slice(0, 5).map((s) => s.id).join('、')}${rest.length > 5 ? ' …' : ''}。`)),
    });
  }
  const side = (k: 'platform' | 'invoice', s: ReconStatus): { lines: number; minor: bigint } => r.totals[k].byStatus[s];
  const ni = side('platform', 'not_invoiced');
  if (ni.lines > 0 && ni.minor !== 0n) {
    const sets = r.sets.filter((s) => s.status === 'not_invoiced');
    const v = fromMinor(ni.minor, d);
    out.push({
      key: 'not-invoiced',
      text: both((l) =>
        l === 'en'
          ? `${money(v, cur, l)} of platform spend (${sets.length} campaign-month set(s), ${ni.lines} line(s)) has no invoice yet: accrue it or ask the vendor.`
          : `平台花费 ${money(v, cur, l)}（${sets.length} 个活动月份组，${ni.lines} 行）尚无发票：请计提或向供应商核实。`,
      ),
      atStake: Math.abs(v),
    });
  }
  const ns = side('invoice', 'no_spend');
  if (ns.lines > 0) {
    const v = fromMinor(ns.minor, d);
    out.push({
      key: 'no-spend',
      text: both((l) =>
        l === 'en'
          ? `${ns.lines} invoice line(s) totalling ${money(v, cur, l)} match no platform spend: check the reference, the service period or the vendor before paying.`
          : `${ns.lines} 行发票共 ${money(v, cur, l)} 没有对应的平台花费：付款前请核对引用、服务期间或供应商。`,
      ),
      atStake: Math.abs(v),
    });
  }
  const du = side('invoice', 'duplicate');
  if (du.lines > 0) {
    const v = fromMinor(du.minor, d);
    out.push({
      key: 'duplicates',
      text: both((l) =>
        l === 'en'
          ? `${du.lines} invoice line(s) totalling ${money(v, cur, l)} look like duplicates of earlier lines: do not pay them twice.`
          : `${du.lines} 行发票共 ${money(v, cur, l)} 疑似与前面的行重复：请勿重复付款。`,
      ),
      atStake: Math.abs(v),
    });
  }
  const ex = side('invoice', 'excluded').lines + side('platform', 'excluded').lines;
  if (ex > 0) {
    out.push({
      key: 'excluded',
      text: both((l) => (l === 'en' ? `${ex} line(s) could not be reconciled because their amount is missing, unreadable or in a currency without a rate.` : `${ex} 行因金额缺失、无法识别或货币缺少汇率而无法对账。`)),
      atStake: null,
    });
  }
  out.sort((a, b) => (b.atStake ?? -1) - (a.atStake ?? -1));
  return out;
}

/** Spend reconciliation as a registered analysis (inputs: `campaigns` and `invoices`). */
export const reconciliation: AnalysisDef<ReconciliationOptions> = {
  kind: 'reconciliation',
  title: TITLE,
  question: QUESTION,
  requires: [
    { kind: 'campaigns', roles: ['spend'] },
    { kind: 'invoices', roles: ['amount'] },
  ],
  needs: {
    en: 'A campaigns sheet with spend (and campaign, channel, date) and an invoices sheet with amounts (and vendor or channel, campaign reference, service period, invoice number).',
    'zh-CN': '需要一张包含花费（以及活动、渠道、日期）的活动表，和一张包含金额（以及供应商或渠道、活动引用、服务期间、发票号）的发票表。',
  },
  defaults: reconciliationDefaults,
  run(inputs: AnalysisInputs, common: CommonOptions, options: ReconciliationOptions): AnalysisResult {
    const c = inputs.campaigns;
    const i = inputs.invoices;
    if (!c || !i) {
      return emptyResult([
        diag('finance.recon.missing-input', 'error', {
          en: `Reconciliation needs ${!c ? 'a campaigns sheet' : ''}${!c && !i ? ' and ' : ''}${!i ? 'an invoices sheet' : ''}.`,
          'zh-CN': `对账需要${!c ? '活动表' : ''}${!c && !i ? '和' : ''}${!i ? '发票表' : ''}。`,
        }),
      ]);
    }
    return reconcileSpend(c, i, common, options);
  },
};
