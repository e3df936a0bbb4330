/**
 * "What Loopbook decided" about how each input table was read: the export format recognised (and the columns it
 * took for the customer, the money and the status), the statuses counted and left out with their orders and money,
 * and how period columns were parsed. One place for both hosts: the command line prints these lines and the task
 * pane shows the same ones. Each line says what can change it (the recipe's `format` and `statuses`).
 */
import type { ColumnInfo, Dataset, Role, StatusClass } from '../ingest/types.js';
import { findFormat, formatRoles } from '../ingest/formats/index.js';
import { statusBreakdown, type StatusBreakdown } from '../ingest/status.js';
import { columnValues } from '../ingest/column-values.js';
import { periodDays } from '../analysis/finance/period-text.js';
import { serialToIso } from '../serial-date.js';
import type { I18nText } from '../types.js';
import { num } from '../analysis/common/index.js';
import type { Decision } from './detect.js';

/** How the amounts are written: the amount column's own currency when it shows one, else the run's. */
export interface UnderstoodOptions {
  currency: string;
  /**
   * Whether a line says how the recipe changes it (`"format"`, `"statuses"`): the command line's lines do (the
   * default); the task pane's do not, since the pane offers the change beside the line.
   */
  recipeHints?: boolean;
}

const SYMBOL: Record<string, string> = { CNY: '¥', RMB: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$' };

/**
 * Money as the lines write it: `¥95,669.00`, `$1,204.50`, `1,204.50 CHF`.
 * @example money(95669, 'CNY') // → '¥95,669.00'
 */
export function money(x: number, currency: string): string {
  const abs = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sign = x < 0 ? '-' : '';
  const sym = SYMBOL[currency.toUpperCase()] ?? (/^[A-Z]{3}$/.test(currency) ? null : currency);
  return sym === null ? `${sign}${abs} ${currency}` : `${sign}${sym}${abs}`;
}

const ROLE_WORDS: Partial<Record<Role, I18nText>> = {
  customer_id: { en: 'customer', 'zh-CN': '客户' },
  order_id: { en: 'order', 'zh-CN': '订单号' },
  amount: { en: 'amount', 'zh-CN': '金额' },
  refunded_amount: { en: 'refunded amount', 'zh-CN': '退款金额' },
  status: { en: 'status', 'zh-CN': '状态' },
  date: { en: 'date', 'zh-CN': '日期' },
  campaign: { en: 'campaign', 'zh-CN': '活动' },
  spend: { en: 'spend', 'zh-CN': '花费' },
  revenue: { en: 'conversion value', 'zh-CN': '转化价值' },
  conversions: { en: 'conversions', 'zh-CN': '转化' },
  period_start: { en: 'period start', 'zh-CN': '周期开始' },
  period_end: { en: 'period end', 'zh-CN': '周期结束' },
};

/** The message catalogue of these lines (named parameters, English and Chinese). */
const M = {
  format: (p: {
    sheet: string;
    name: I18nText;
    set: [string, I18nText][];
    unused: string[];
    hint: boolean;
  }): I18nText => ({
    en:
      `Sheet ${p.sheet}: ${p.name.en} — ${p.set.map(([h, r]) => `${h} as ${r.en}`).join(', ')}` +
      (p.unused.length ? `; not used: ${p.unused.join(', ')}` : '') +
      (p.hint ? ` (a recipe's "format" on this source changes it)` : ''),
    'zh-CN':
      `工作表 ${p.sheet}：${p.name['zh-CN']}——${p.set.map(([h, r]) => `${h} 作为${r['zh-CN']}`).join('，')}` +
      (p.unused.length ? `；未使用：${p.unused.join('、')}` : '') +
      (p.hint ? `（可在配方中为该数据源设置 format 字段来更改）` : ''),
  }),
  noFormat: (p: { sheet: string; forced: boolean }): I18nText =>
    p.forced
      ? {
          en: `Sheet ${p.sheet}: read by the general rules, as the recipe says ("format": "none")`,
          'zh-CN': `工作表 ${p.sheet}：按配方（format 为 none）使用通用规则读取`,
        }
      : {
          en: `Sheet ${p.sheet}: no known export format; read by the general rules`,
          'zh-CN': `工作表 ${p.sheet}：不是已知的导出格式，按通用规则读取`,
        },
  /** The general rules chosen in the pane (where the recipe is not what the user sees). */
  noFormatChosen: (p: { sheet: string }): I18nText => ({
    en: `Sheet ${p.sheet}: read by the general rules, as you chose`,
    'zh-CN': `工作表 ${p.sheet}：按您的选择使用通用规则读取`,
  }),
  counted: (p: { n: number; noun: I18nText; value: string; amount: string; refunded: string | null }): I18nText => ({
    en: `${num(p.n, 'en', 0)} ${p.noun.en} ${p.value} counted, ${p.amount}${p.refunded ? `, ${p.refunded} refunded subtracted` : ''}`,
    'zh-CN': `${num(p.n, 'zh-CN', 0)} 笔“${p.value}”${p.noun['zh-CN']}计入，${p.amount}${p.refunded ? `，已扣除退款 ${p.refunded}` : ''}`,
  }),
  partial: (p: { n: number; noun: I18nText; value: string; amount: string; refunded: string }): I18nText => ({
    en: `${num(p.n, 'en', 0)} ${p.noun.en} ${p.value}${/partial/i.test(p.value) ? '' : ' (partially refunded)'} counted, ${p.amount}, ${p.refunded} refunded subtracted`,
    'zh-CN': `${num(p.n, 'zh-CN', 0)} 笔“${p.value}”${/部分/.test(p.value) ? '' : '（部分退款）'}${p.noun['zh-CN']}计入，${p.amount}，已扣除退款 ${p.refunded}`,
  }),
  leftOut: (p: { n: number; noun: I18nText; value: string; amount: string; why: I18nText }): I18nText => ({
    en: `${num(p.n, 'en', 0)} ${p.noun.en} ${p.value} not counted (${p.why.en}), ${p.amount}`,
    'zh-CN': `${num(p.n, 'zh-CN', 0)} 笔“${p.value}”${p.noun['zh-CN']}未计入（${p.why['zh-CN']}），${p.amount}`,
  }),
  unknown: (p: { n: number; noun: I18nText; value: string; amount: string; hint: boolean }): I18nText => ({
    en: `${num(p.n, 'en', 0)} ${p.noun.en} ${p.value}: a status Loopbook does not know, counted as paid, ${p.amount}${p.hint ? ` (give its meaning under "statuses" in the recipe)` : ''}`,
    'zh-CN': `${num(p.n, 'zh-CN', 0)} 笔“${p.value}”${p.noun['zh-CN']}：状态无法识别，按已付款计入，${p.amount}${p.hint ? `（可在配方的 statuses 字段中指定其含义）` : ''}`,
  }),
  periodText: (p: {
    sheet: string;
    column: string;
    read: number;
    of: number;
    example: string;
    days: string;
    bad: string[];
  }): I18nText => ({
    en:
      `Sheet ${p.sheet}: ${p.column} read as periods, ${p.read} of ${p.of} rows ("${p.example}" → ${p.days})` +
      (p.bad.length ? `; not read: ${p.bad.map((b) => `"${b}"`).join(', ')}` : ''),
    'zh-CN':
      `工作表 ${p.sheet}：${p.column} 按期间读取，${p.of} 行中 ${p.read} 行（“${p.example}” → ${p.days}）` +
      (p.bad.length ? `；无法读取：${p.bad.map((b) => `“${b}”`).join('、')}` : ''),
  }),
  periodRange: (p: { sheet: string; start: string; end: string; from: string; to: string }): I18nText => ({
    en: `Sheet ${p.sheet}: ${p.start} and ${p.end} read as each row's period (${p.from} to ${p.to})`,
    'zh-CN': `工作表 ${p.sheet}：${p.start} 与 ${p.end} 作为每行的期间（${p.from} 至 ${p.to}）`,
  }),
};

const WHY: Record<Exclude<StatusClass, 'paid' | 'won' | 'partially_refunded'>, I18nText> = {
  refunded: { en: 'refunded', 'zh-CN': '已退款' },
  cancelled: { en: 'cancelled or closed', 'zh-CN': '已取消或关闭' },
  open: { en: 'not paid yet', 'zh-CN': '尚未付款' },
  lost: { en: 'lost', 'zh-CN': '输单' },
};

/**
 * The line naming the format recognised (or the general rules) and the columns it took. `recipeHints` false: without
 * the recipe's way to change it (the pane offers the change beside the line).
 */
export function formatLine(ds: Dataset, forcedNone = false, recipeHints = true): Decision {
  const subject = `${ds.sheet}:format`;
  const format = ds.format ? findFormat(ds.format.id) : undefined;
  if (!ds.format || !format)
    return {
      subject,
      text:
        forcedNone && !recipeHints
          ? M.noFormatChosen({ sheet: ds.sheet })
          : M.noFormat({ sheet: ds.sheet, forced: forcedNone }),
    };
  const headers = ds.columns.map((c) => c.header);
  const named = formatRoles(format, headers);
  const set: [string, I18nText][] = [];
  for (const role of Object.keys(ROLE_WORDS) as Role[]) {
    const c = ds.columns.find((x) => x.role === role);
    if (c) set.push([c.header, ROLE_WORDS[role]!]);
  }
  const unused = headers.filter((h, i) => named[i] === null && !ds.columns[i].role);
  return { subject, text: M.format({ sheet: ds.sheet, name: ds.format.name, set, unused, hint: recipeHints }) };
}

/**
 * The currency the amounts are in: the amount column's own symbol or code, else a currency column holding one
 * code on every row (Shopify `Currency`, Stripe `Currency`), else null.
 */
function currencyOf(ds: Dataset): string | null {
  const own = ds.columns.find((c) => c.role === 'amount')?.currency;
  if (own) return own;
  const col = ds.columns.find((c) => c.role === 'currency' || /^(currency( code)?|币种|货币)$/i.test(c.header.trim()));
  if (!col) return null;
  const values = columnValues(ds, col.name);
  let code: string | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === '') continue;
    if (typeof v !== 'string' || !/^[a-z]{3}$/i.test(v.trim())) return null;
    const u = v.trim().toUpperCase();
    if (code !== null && u !== code) return null;
    code = u;
  }
  return code;
}

const isDeal = (lines: readonly StatusBreakdown[]): boolean => lines.some((l) => l.cls === 'won' || l.cls === 'lost');

/** One status value's line with the figures behind it (the pane lets the user change `cls`). */
export interface StatusDecision extends Decision, Omit<StatusBreakdown, 'rows'> {
  /** The currency the amounts are written in. */
  currency: string;
}

/**
 * One line per status value: counted (paid, won), partially refunded (what was refunded subtracted), left out
 * (refunded, cancelled, open, lost) or unknown (counted as paid), with its orders and money, each order once;
 * counted first, left out last.
 * @example statusDecisions(taobao, { currency: 'CNY' })[2] // → { value: '交易关闭', cls: 'cancelled', orders: 5, amount: 1580.12, … }
 */
export function statusDecisions(ds: Dataset, opts: UnderstoodOptions): StatusDecision[] {
  const lines = statusBreakdown(ds);
  if (!lines) return [];
  const cur = currencyOf(ds) ?? opts.currency;
  const hint = opts.recipeHints ?? true;
  const noun: I18nText = isDeal(lines) ? { en: 'deals', 'zh-CN': '商机' } : { en: 'orders', 'zh-CN': '订单' };
  const rank = (l: StatusBreakdown): number =>
    l.cls === 'paid' || l.cls === 'won' ? 0 : l.cls === 'partially_refunded' ? 1 : l.cls === null ? 2 : 3;
  const textOf = (l: StatusBreakdown): I18nText => {
    const base = { n: l.orders, noun, value: l.value };
    const refunded = l.refunded > 0 ? money(l.refunded, cur) : null;
    if (l.cls === 'paid' || l.cls === 'won') return M.counted({ ...base, amount: money(l.amount, cur), refunded });
    if (l.cls === 'partially_refunded')
      return M.partial({ ...base, amount: money(l.amount, cur), refunded: refunded ?? money(0, cur) });
    if (l.cls === null) return M.unknown({ ...base, amount: money(l.amount, cur), hint });
    return M.leftOut({ ...base, amount: money(l.amount, cur), why: WHY[l.cls] });
  };
  return [...lines]
    .sort((x, y) => rank(x) - rank(y))
    .map((l) => {
      const { rows: _rows, ...figures } = l;
      return { subject: `${ds.sheet}:status:${l.value}`, text: textOf(l), ...figures, currency: cur };
    });
}

/**
 * One line per status value, as `statusDecisions` words them.
 * @example statusLines(taobao, { currency: 'CNY' })[2].text.en // → '5 orders 交易关闭 not counted (cancelled or closed), ¥1,580.12'
 */
export function statusLines(ds: Dataset, opts: UnderstoodOptions): Decision[] {
  return statusDecisions(ds, opts).map(({ subject, text }) => ({ subject, text }));
}

/** How the period columns were read: a text period column (ranges, months, quarters) or start and end dates. */
export function periodLines(ds: Dataset): Decision[] {
  const out: Decision[] = [];
  const start = ds.columns.find((c) => c.role === 'period_start');
  const end = ds.columns.find((c) => c.role === 'period_end');
  if (start && end && isDated(start) && isDated(end)) {
    const a = extent(columnValues(ds, start.name));
    const b = extent(columnValues(ds, end.name));
    if (a && b)
      out.push({
        subject: `${ds.sheet}:period`,
        text: M.periodRange({
          sheet: ds.sheet,
          start: start.header,
          end: end.header,
          from: serialToIso(a[0]),
          to: serialToIso(b[1]),
        }),
      });
  }
  for (const c of ds.columns) {
    if (c.role !== 'period' && c.role !== 'period_start' && c.role !== 'period_end') continue;
    if (isDated(c)) continue;
    const line = periodTextLine(ds, c);
    if (line) out.push(line);
  }
  return out;
}

const isDated = (c: ColumnInfo): boolean => c.type === 'date' || c.type === 'datetime';

function extent(values: ArrayLike<unknown>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi ? [Math.floor(lo), Math.floor(hi)] : null;
}

/** A text period column: how many rows read as a period, one example, and the texts that did not read. */
function periodTextLine(ds: Dataset, c: ColumnInfo): Decision | null {
  const values = columnValues(ds, c.name);
  let read = 0;
  let of = 0;
  let example: { text: string; d0: number; d1: number } | null = null;
  const bad = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const v = String(raw);
    if (v === '') continue;
    of++;
    const p = periodDays(v, null);
    if (p) {
      read++;
      example ??= { text: v, d0: p.d0, d1: p.d1 };
    } else if (bad.size < 3) bad.add(v);
  }
  if (!example) return null;
  return {
    subject: `${ds.sheet}:period:${c.header}`,
    text: M.periodText({
      sheet: ds.sheet,
      column: c.header,
      read,
      of,
      example: example.text,
      days: `${serialToIso(example.d0)} – ${serialToIso(example.d1)}`,
      bad: [...bad],
    }),
  };
}

/**
 * Everything the run understood of one input table: its format, its statuses, its periods.
 * @example understood(taobao, { currency: 'CNY' }).map((d) => d.text.en)
 * // → ['Sheet 订单: Taobao / Tmall order report — 买家会员名 as customer, …', '25 orders 交易成功 counted, ¥8,001.71', …]
 */
export function understood(ds: Dataset, opts: UnderstoodOptions & { formatNone?: boolean }): Decision[] {
  return [formatLine(ds, opts.formatNone, opts.recipeHints), ...statusLines(ds, opts), ...periodLines(ds)];
}
