/** What the main thread (./aside.ts) and the analyses' worker thread (./aside-worker.ts) hand each other. */
import type { MessagePort } from 'node:worker_threads';
import type { Compressed } from '../analysis/user/bg-nbd.js';
import type { SummaryMade } from '../analysis/user/customer-models.js';
import type { AsideChannels, CohortOptions } from '../analysis/user/cohorts.js';
import type { SummaryOptions } from '../analysis/user/customer-summary.js';
import type { GroupedOrders, OrderArrays } from '../analysis/user/orders.js';

/** A part's state word: posted, begun by the worker, taken by the main thread (made there), done by the worker. */
export const POSTED = 0;
export const BEGUN = 1;
export const TAKEN = 2;
export const DONE = 3;

/**
 * What an analysis reads of an orders read, handed to the worker: the orders grouped by customer (`groupedOrders`, in
 * shared memory: not copied), whether their order codes are all different (`distinctOrders`), how many customers
 * there are, and whether and how many order codes there are. The customers' ids are not handed over, nor back: the
 * worker names each customer by its code (`codeNames`), answers a summary's customers as codes (`SummaryAnswer`), and
 * the main thread puts their ids back (aside.ts `withIds`).
 */
export interface GroupedColumns {
  grouped: GroupedOrders;
  distinct: boolean;
  customerCount: number;
  orderCodes: OrderArrays['orderCodes'];
  hasOrderCode: boolean;
}

/**
 * Work for the worker, in parts the main thread takes one by one:
 * - `bg-nbd`, `gamma-gamma`: one fit;
 * - `summary`: a customer summary (its distinct triplets and compressed rows too), then BG/NBD with `penalty` and
 *   Gamma-Gamma on it (customer-models.ts `startSummaryAside`): three parts;
 * - `cohorts`: the cohorts of the orders (cohorts.ts `buildCohorts`), with each customer's first-order channel.
 */
export type AsideWork =
  | { kind: 'bg-nbd'; d: Compressed; penalty: number }
  | { kind: 'gamma-gamma'; x: Float64Array; zbar: Float64Array }
  | { kind: 'summary'; o: GroupedColumns; opts: SummaryOptions; penalty: number }
  | {
      kind: 'cohorts';
      o: GroupedColumns;
      asOf: number;
      opts: Pick<CohortOptions, 'period' | 'secondPurchaseDays' | 'refunds'>;
      channel: AsideChannels | null;
    };

/** Parts of each kind of work. */
export const PARTS: Record<AsideWork['kind'], number> = { 'bg-nbd': 1, 'gamma-gamma': 1, summary: 3, cohorts: 1 };

/** Posted work: a state word per part (shared memory) and the port each part's answer comes on. */
export type AsideJob = AsideWork & { states: Int32Array; ports: MessagePort[] };

/** Customers named by their codes, '0' … `${count - 1}`: how the worker names the customers of a summary it makes. */
export function codeNames(count: number): string[] {
  return Array.from({ length: count }, (_, c) => String(c));
}

/** The worker's answer to a summary's first part: the summary without its ids, and its customers' codes instead. */
export type SummaryAnswer = SummaryMade & { codes: Int32Array };
