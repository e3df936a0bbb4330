/**
 * What budget against actual works on and produces: options, labels, the channel × month cells and
 * their pacing. Plain data shared by the phases (read → compute → present); no logic.
 */
import type { I18nText } from '../../../types.js';
import type { ResultHead } from '../../common/index.js';
import type { FxRates } from '../fx.js';

export interface BudgetOptions {
  /** What counts as actual spend: the platforms' report (timely) or the invoices (what is owed). */
  actual: 'platform' | 'invoiced';
  /** Relative band around the budget before a month is flagged over or under (0.1 = ±10%). */
  flagThreshold: number;
  /** Vendor (or invoice channel) text → budget channel text. */
  vendorChannels: Record<string, string>;
  /** Exchange rates for invoices in other currencies (see reconciliation). */
  rates: FxRates;
  /** Smallest similarity for tying a platform or invoice channel name to a budget channel. */
  minSimilarity: number;
}

export const BUDGET_DEFAULTS: BudgetOptions = {
  actual: 'platform',
  flagThreshold: 0.1,
  vendorChannels: {},
  rates: [],
  minSimilarity: 0.85,
};

export const TITLE: I18nText = { en: 'Budget against actual', 'zh-CN': '预算与实际' };
export const QUESTION: I18nText = {
  en: 'Is each channel spending to budget this month, and where will it end the month at the current pace?',
  'zh-CN': '各渠道本月是否按预算花费？按当前速度，月底会落在哪里？',
};
export const SHEET: I18nText = { en: 'Budget vs actual', 'zh-CN': '预算执行' };

/** What names the result. */
export const HEAD: ResultHead = { kind: 'budget', title: TITLE, sheetName: SHEET, question: QUESTION };

export type BudgetFlag = 'over' | 'under' | 'on_track' | 'no_budget' | 'future';
export const FLAG_LABELS: Record<BudgetFlag, I18nText> = {
  over: { en: 'Over budget', 'zh-CN': '超支' },
  under: { en: 'Under budget', 'zh-CN': '花费不足' },
  on_track: { en: 'On track', 'zh-CN': '正常' },
  no_budget: { en: 'Spend without budget', 'zh-CN': '无预算花费' },
  future: { en: 'Not started', 'zh-CN': '未开始' },
};

/** A month before, at or after the month of the as-of date. */
export type State = 'closed' | 'current' | 'future';
export const STATE_LABELS: Record<State, I18nText> = {
  closed: { en: 'Closed', 'zh-CN': '已结束' },
  current: { en: 'In progress', 'zh-CN': '进行中' },
  future: { en: 'Future', 'zh-CN': '未来' },
};

/** One channel-month: budget, platform spend and invoiced amount in minor units. */
export interface Cell {
  budget: number;
  platform: number;
  invoiced: number;
  hasBudget: boolean;
}

/** One budget row's computed pacing, all money in minor units. */
export interface PacingRow {
  state: State;
  actual: number;
  /** Budget × elapsed ÷ days (current month only). */
  expected: number | null;
  /** Actual ÷ elapsed × days (current month), actual (closed), null (future, or a monthly total in progress). */
  projected: number | null;
  flag: BudgetFlag;
  /**
   * The month in progress compared as it stands: the actuals are monthly totals (one row per month), so
   * there are no days to pace or project from.
   */
  monthly?: true;
}

/** The state label of a month in progress whose actual is a monthly total. */
export const MONTHLY_CURRENT_LABEL: I18nText = {
  en: 'In progress (monthly total, not projected)',
  'zh-CN': '进行中（月度合计，不做推算）',
};

/** A channel-month with its pacing. */
export interface Paced {
  ch: string;
  m: number;
  c: Cell;
  p: PacingRow;
}

/** The as-of date's month (months since year 0), the day of it (counting the as-of day) and its length. */
export interface Calendar {
  asOf: number;
  current: number;
  elapsed: number;
  days: number;
}

/** Channel names: the budget's are the reference; `key → label` as first written. */
export interface Channels {
  byChannel: boolean;
  labels: Map<string, string>;
  /** The key of a channel text (tied to a budget channel where one matches); '' without channels. */
  channelOf: (text: string | null) => string;
}
