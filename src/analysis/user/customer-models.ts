/**
 * The customer summary and the BG/NBD + Gamma-Gamma fits on it, computed once per run (through the run's
 * memo, `CommonOptions.memo`) and shared by every analysis of the run that needs them: RFM and clusters (summary), the CLV
 * sheet, the clusters' CLV feature and the loop's predicted value (all three fit the same models on the
 * same purchases with the CLV sheet's defaults). On 1,000,000 orders a summary costs ~0.4 s and the two
 * fits ~0.5 s, so a full run saves about two seconds.
 *
 * Results are read-only: the summary's typed arrays are shared between analyses.
 */
import { compress, fitBgNbd, keepTriplets, type BgNbdFit, type Compressed, type DistinctRows } from './bg-nbd.js';
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

/** The run memo's key of the summary of an orders read with `opts` (a database run seeds it under the same key). */
export function summaryMemoKey(opts: SummaryOptions): string {
  return `summary|${summaryKey(opts)}`;
}

/**
 * `summarizeCustomers`, computed once per run (with the run's `memo`), orders read and options: the one started aside
 * (`startSummaryAside`) when there is one, else made here.
 */
export function customerSummary(o: OrderArrays, opts: SummaryOptions, memo?: RunMemo): CustomerSummary {
  const s = memoized(memo, o, summaryMemoKey(opts), () => summaryTaken(o, opts) ?? summarizeCustomers(o, opts));
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
 * How to take work started aside (a worker thread's, src/cli/aside.ts): waiting for it, or, when the aside has not
 * begun it, making it on this thread (`here()`), so that neither thread idles while work is left. Throws when the
 * aside failed (its caller then makes the work here).
 */
export interface Take<T> {
  (here: () => T): T;
  /** Whether the aside has begun the work (or ended it): taken now, it is waited for, not made here. */
  begun: () => boolean;
}

/**
 * Somewhere besides this thread to fit the models (the command line's worker thread, src/cli/aside.ts). Each method
 * is handed one piece of work — BG/NBD's compressed triplets and penalty, Gamma-Gamma's repeat buyers (their own
 * arrays, which it may move), or an orders read to summarise and fit — and returns how to take it, or null to leave
 * it to this thread. Work aside runs the same functions on the same numbers as here: the same results to the last bit.
 */
export interface ModelsAside {
  /** Fewest customers a summary must have for its fits to be started aside (a worker's start costs more below). */
  minCustomers: number;
  bgNbd(d: Compressed, penalty: number): Take<BgNbdFit> | null;
  gammaGamma(x: Float64Array, zbar: Float64Array): Take<GammaGammaFit | null> | null;
  /**
   * The summary of `o` with `opts`, then BG/NBD with `penalty` and Gamma-Gamma on it, each taken in turn; null to
   * leave them here. A summary taken before the aside began it is made here, and so are its fits.
   */
  summaryAndModels(
    o: OrderArrays,
    opts: SummaryOptions,
    penalty: number,
  ): { summary: Take<SummaryMade | null>; bg: Take<BgNbdFit>; gg: Take<GammaGammaFit | null> } | null;
}

/** A customer summary made aside, with its distinct (x, t_x, T) rows (CLV's scores read them) and BG/NBD's data. */
export interface SummaryMade {
  summary: CustomerSummary;
  rows: DistinctRows;
  d: Compressed;
}

let aside: ModelsAside | null = null;
/** The memo's key of a summary's models fitted with `penalty`. */
const modelsKey = (penalty: number): string => `bg-nbd|${penalty}`;
/** A summary started aside with its fits (`ModelsAside.summaryAndModels`), and the penalty of its BG/NBD fit. */
interface StartedSummary {
  takes: NonNullable<ReturnType<ModelsAside['summaryAndModels']>>;
  penalty: number;
}
/** Summaries started aside with their fits, by orders read and summary key (`summaryKey`). */
const STARTED_SUMMARY = new WeakMap<OrderArrays, Map<string, StartedSummary>>();
/** Fits started aside, by summary: Gamma-Gamma once (every penalty shares it), BG/NBD once per penalty. */
const STARTED_GG = new WeakMap<CustomerSummary, Started<GammaGammaFit | null>>();
const STARTED_BG = new WeakMap<CustomerSummary, Map<number, Started<BgNbdFit>>>();

/** Work started aside, as this thread takes it: `make()` gives it (waited for, or made here), `begun()` says which. */
interface Started<T> {
  make: () => T;
  begun: () => boolean;
}

/** Fits the models through `a` from now on (null: on this thread again). */
export function fitModelsAside(a: ModelsAside | null): void {
  aside = a;
}

/** Whether fits can be started aside now (`fitModelsAside`). */
export function modelsGoAside(): boolean {
  return aside !== null;
}

/** Work started aside (`take`), made here (`here`) when the aside has not begun it or failed; `here` without one. */
export function taken<T>(take: Take<T> | null, here: () => T): Started<T> {
  if (!take) return { make: here, begun: () => false };
  return {
    make: () => {
      try {
        return take(here);
      } catch {
        // The thread failed: the same work here.
        return here();
      }
    },
    begun: () => take.begun(),
  };
}

/**
 * Starts the fits of `s` aside when there is somewhere to start them (`fitModelsAside`) and `s` is large enough:
 * Gamma-Gamma first, then BG/NBD with `penalty`, which run while this thread does other work until `customerModels`
 * takes them. The triplets are compressed here: CLV's scores read them too (`distinctTriplets`). Nothing is started
 * for models already fitted in `memo` (the predicted values a database run seeds fit them before the analyses).
 */
export function startModels(s: CustomerSummary, penalty = 0, memo?: RunMemo): void {
  if (!aside || s.x.length < aside.minCustomers || memo?.has(s, modelsKey(penalty))) return;
  if (!STARTED_GG.has(s)) {
    const { x, zbar } = repeatBuyers(s.x, s.zbar);
    const take = aside.gammaGamma(x, zbar);
    // Taken here, the repeat buyers are taken again: those handed aside have moved.
    STARTED_GG.set(s, take ? taken(take, () => gammaGammaHere(s)) : taken(null, () => fitRepeatBuyers(x, zbar)));
  }
  let byPenalty = STARTED_BG.get(s);
  if (!byPenalty) STARTED_BG.set(s, (byPenalty = new Map<number, Started<BgNbdFit>>()));
  if (byPenalty.has(penalty)) return;
  const d = compress(s.x, s.t_x, s.T);
  byPenalty.set(
    penalty,
    taken(aside.bgNbd(d, penalty), () => fitBgNbd(d, penalty)),
  );
}

/**
 * Starts the summary of `o` with `opts` aside, with both fits on it (`penalty`), when there is somewhere to start them
 * and the orders have enough customers; whether it did. Not when the orders are told apart by their id texts (no
 * dense codes: an .xlsx read), which would cost more to hand over than the summary. (Asked in that order: with codes,
 * the ids' texts are not made, `o.orderId` makes them: 1,000,000 texts and 0.2 s of collection on the 1M-order file.)
 */
export function startSummaryAside(o: OrderArrays, opts: SummaryOptions, penalty = 0): boolean {
  if (!aside || o.customers.length < aside.minCustomers || (!o.orderCode && o.orderId)) return false;
  const key = summaryKey(opts);
  let byKey = STARTED_SUMMARY.get(o);
  if (!byKey) STARTED_SUMMARY.set(o, (byKey = new Map<string, StartedSummary>()));
  if (byKey.has(key)) return true;
  const takes = aside.summaryAndModels(o, opts, penalty);
  if (takes) byKey.set(key, { takes, penalty });
  return takes !== null;
}

/**
 * The summary of `o` with `opts` started aside (given up once taken), its fits kept for `customerModels` and its
 * triplets for CLV's scores; null when none was started, the aside failed, or this thread took it first (then its
 * fits are made here too, when `customerModels` asks).
 */
function summaryTaken(o: OrderArrays, opts: SummaryOptions): CustomerSummary | null {
  const byKey = STARTED_SUMMARY.get(o);
  const key = summaryKey(opts);
  const started = byKey?.get(key);
  if (!started) return null;
  byKey!.delete(key);
  let made: SummaryMade | null;
  try {
    made = started.takes.summary(() => null);
  } catch {
    return null;
  }
  if (!made) return null;
  const { summary: s, rows, d } = made;
  keepTriplets(s.x, s.t_x, s.T, rows);
  STARTED_GG.set(
    s,
    taken(started.takes.gg, () => gammaGammaHere(s)),
  );
  const here = (): BgNbdFit => fitBgNbd(d, started.penalty);
  STARTED_BG.set(s, new Map([[started.penalty, taken(started.takes.bg, here)]]));
  return s;
}

/** The Gamma-Gamma fit of `s` on this thread. */
function gammaGammaHere(s: CustomerSummary): GammaGammaFit | null {
  const { x, zbar } = repeatBuyers(s.x, s.zbar);
  return fitRepeatBuyers(x, zbar);
}

/** The Gamma-Gamma fit of `s`: the one started aside, else fitted here. */
function gammaGammaOf(s: CustomerSummary): GammaGammaFit | null {
  return (STARTED_GG.get(s)?.make ?? (() => gammaGammaHere(s)))();
}

/** The BG/NBD fit of `s` with `penalty`: the one started aside (given up once taken), else fitted here. */
function bgNbdOf(s: CustomerSummary, penalty: number): BgNbdFit {
  const started = STARTED_BG.get(s)?.get(penalty);
  if (started) STARTED_BG.get(s)!.delete(penalty);
  return started ? started.make() : fitBgNbd(compress(s.x, s.t_x, s.T), penalty);
}

/**
 * BG/NBD (with `penalty`) and Gamma-Gamma fitted on a summary, once per run (with `memo`), summary and penalty.
 * Started aside first when they can be (`startModels`): whichever the aside has not begun by now is fitted here.
 */
export function customerModels(s: CustomerSummary, penalty = 0, memo?: RunMemo): CustomerModels {
  return memoized(memo, s, modelsKey(penalty), () => {
    startModels(s, penalty);
    // The fit the aside has not begun first, made here while the aside makes the other: Gamma-Gamma when the aside
    // is still on BG/NBD (a summary made aside, whose BG/NBD comes first), else BG/NBD (a large Gamma-Gamma, posted
    // first, still running aside: at 10,000,000 customers about 10 s, BG/NBD 2 s).
    const ggFirst = STARTED_GG.get(s)?.begun() === false;
    const gg = ggFirst ? gammaGammaOf(s) : null;
    const bg = bgNbdOf(s, penalty);
    return { summary: s, bg, gg: ggFirst ? gg : gammaGammaOf(s) };
  });
}
