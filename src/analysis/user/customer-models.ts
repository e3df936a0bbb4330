/**
 * The customer summary and the BG/NBD + Gamma-Gamma fits on it, computed once per run (through the run's
 * memo, `CommonOptions.memo`) and shared by every analysis of the run that needs them: RFM and clusters (summary), the CLV
 * sheet, the clusters' CLV feature and the loop's predicted value (all three fit the same models on the
 * same purchases with the CLV sheet's defaults). On 1,000,000 orders a summary costs ~0.4 s and the two
 * fits ~0.5 s, so a full run saves about two seconds.
 *
 * Results are read-only: the summary's typed arrays are shared between analyses.
 */
import { compress, fitBgNbd, type BgNbdFit } from './bg-nbd.js';
import { summarizeCustomers, type CustomerSummary, type SummaryOptions } from './customer-summary.js';
import { fitRepeatBuyers, repeatBuyers, type GammaGammaFit } from './gamma-gamma.js';
import type { OrderArrays } from './orders.js';
import { codesInOrder, memoized, type CustomerCodes, type RunMemo } from '../common/index.js';

export interface CustomerModels {
  summary: CustomerSummary;
  bg: BgNbdFit;
  /** Null when too few repeat buyers have a positive spend to fit it. */
  gg: GammaGammaFit | null;
}

/** The options as summarizeCustomers reads them: equal keys give equal summaries. */
export function summaryKey(opts: SummaryOptions): string {
  const asOf = Math.floor(opts.asOf);
  const calEnd = Math.min(opts.calibrationEnd ?? asOf, asOf);
  return `${opts.refunds}|${opts.mergeSameDay ? 1 : 0}|${opts.timeUnit}|${asOf}|${calEnd}`;
}

/** `summarizeCustomers`, computed once per run (with the run's `memo`), orders read and options. */
export function customerSummary(o: OrderArrays, opts: SummaryOptions, memo?: RunMemo): CustomerSummary {
  const s = memoized(memo, o, `summary|${summaryKey(opts)}`, () => summarizeCustomers(o, opts));
  if (!CUSTOMERS_OF.has(s)) CUSTOMERS_OF.set(s, o.customers);
  return s;
}

/** The customer list of the orders read each summary was made of (in memory or pushed to a database). */
const CUSTOMERS_OF = new WeakMap<CustomerSummary, readonly string[]>();
const CODES = new WeakMap<CustomerSummary, CustomerCodes | null>();

/**
 * Summary row `j`'s customer as a code into the orders read's `customers` (FullTable.customers), made once per
 * summary on first use; undefined for a summary not made by `customerSummary` or not in code order.
 */
export function summaryCodes(s: CustomerSummary): CustomerCodes | undefined {
  let codes = CODES.get(s);
  if (codes === undefined) {
    const all = CUSTOMERS_OF.get(s);
    const byRow = all ? codesInOrder(all, s.ids) : null;
    codes = all && byRow ? { ids: all, code: (j: number) => byRow[j] } : null;
    CODES.set(s, codes);
  }
  return codes ?? undefined;
}

/**
 * Somewhere besides this thread to fit Gamma-Gamma (the command line's worker thread, src/cli/fit-aside.ts):
 * `start` is handed the repeat buyers (`repeatBuyers`, its own arrays to keep) and returns how to wait for
 * `fitRepeatBuyers` of them, or null to leave the fit to this thread.
 */
export interface GammaGammaAside {
  start(x: Float64Array, zbar: Float64Array): (() => GammaGammaFit | null) | null;
}

let aside: GammaGammaAside | null = null;
/** Gamma-Gamma fits started aside, by summary: at most one per summary (every penalty shares it). */
const STARTED = new WeakMap<CustomerSummary, () => GammaGammaFit | null>();

/** Fits Gamma-Gamma through `a` from now on (null: on this thread again). */
export function fitGammaGammaAside(a: GammaGammaAside | null): void {
  aside = a;
}

/**
 * Starts the Gamma-Gamma fit of `s` aside when there is somewhere to start it (`fitGammaGammaAside`), so that it runs
 * while this thread does other work until `customerModels` needs it.
 */
export function startGammaGamma(s: CustomerSummary): void {
  if (!aside || STARTED.has(s)) return;
  const { x, zbar } = repeatBuyers(s.x, s.zbar);
  const wait = aside.start(x, zbar);
  STARTED.set(s, wait ?? (() => fitRepeatBuyers(x, zbar)));
}

/** The Gamma-Gamma fit of `s`: the one started aside, else fitted here (also when the one aside failed). */
function gammaGammaOf(s: CustomerSummary): GammaGammaFit | null {
  const started = STARTED.get(s);
  if (started) {
    try {
      return started();
    } catch {
      // The thread failed: the same fit here.
    }
  }
  const { x, zbar } = repeatBuyers(s.x, s.zbar);
  return fitRepeatBuyers(x, zbar);
}

/**
 * BG/NBD (with `penalty`) and Gamma-Gamma fitted on a summary, once per run (with `memo`), summary and penalty.
 * Gamma-Gamma is started aside first when it can be (`fitGammaGammaAside`), BG/NBD fitted here meanwhile.
 */
export function customerModels(s: CustomerSummary, penalty = 0, memo?: RunMemo): CustomerModels {
  return memoized(memo, s, `bg-nbd|${penalty}`, () => {
    startGammaGamma(s);
    const bg = fitBgNbd(compress(s.x, s.t_x, s.T), penalty);
    return { summary: s, bg, gg: gammaGammaOf(s) };
  });
}
