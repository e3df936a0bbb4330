/** What the main thread (./fit-aside.ts) and the models' worker thread (./fit-aside-worker.ts) hand each other. */
import type { MessagePort } from 'node:worker_threads';
import type { Compressed } from '../analysis/user/bg-nbd.js';
import type { SummaryOptions } from '../analysis/user/customer-summary.js';
import type { GroupedOrders, OrderArrays } from '../analysis/user/orders.js';

/** A job's state word: posted, begun by the worker, taken by the main thread (fitted there), done by the worker (its answer on the job's port). */
export const POSTED = 0;
export const BEGUN = 1;
export const TAKEN = 2;
export const DONE = 3;

/**
 * What a customer summary reads of an orders read (`summarizeCustomers`), handed to the worker: the orders grouped by
 * customer (`groupedOrders`, in shared memory: not copied), whether their order codes are all different
 * (`distinctOrders`), the customers, and whether and how many order codes there are.
 */
export interface SummaryOrders {
  grouped: GroupedOrders;
  distinct: boolean;
  customers: OrderArrays['customers'];
  orderCodes: OrderArrays['orderCodes'];
  hasOrderCode: boolean;
}

/**
 * A fit to make: BG/NBD on compressed triplets with a penalty, Gamma-Gamma on repeat buyers, or a customer summary of
 * orders with both fits on it (customer-models.ts `SummaryAndModels`).
 */
export type FitWork =
  | { kind: 'bg-nbd'; d: Compressed; penalty: number }
  | { kind: 'gamma-gamma'; x: Float64Array; zbar: Float64Array }
  | { kind: 'summary'; o: SummaryOrders; opts: SummaryOptions; penalty: number };

/** A posted fit: its state word (shared memory) and the port its answer comes on. */
export type FitJob = FitWork & { state: Int32Array; port: MessagePort };
