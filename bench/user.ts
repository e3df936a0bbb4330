/**
 * Bench: user analyses on 1,000,000 orders from 100,000 customers (issue 5 targets: RFM + lifecycle +
 * cohorts ≤ 3 s; BG/NBD + Gamma-Gamma fit and scoring ≤ 2 s). Orders are generated with a seeded PRNG the
 * way a BG/NBD customer base behaves: each customer has a purchase rate and a drop-out probability, first
 * purchases spread over two years, about 1 % refunds.
 *
 * Run: `node --expose-gc --import tsx bench/user.ts [orders] [customers]` (`--json` prints one JSON line).
 */
import * as aq from 'arquero';
import { pathToFileURL } from 'node:url';
import type { Dataset } from '../src/ingest/types.js';
import type { CommonOptions } from '../src/analysis/registry-types.js';
import { mulberry32 } from '../src/stats/random.js';
import { runRfm } from '../src/analysis/user/rfm.js';
import { runLifecycle } from '../src/analysis/user/lifecycle.js';
import { runCohorts } from '../src/analysis/user/cohorts.js';
import { runClv } from '../src/analysis/user/clv.js';
import { readOrders } from '../src/analysis/user/orders.js';
import { summarizeCustomers } from '../src/analysis/user/customer-summary.js';
import { compress, fitBgNbd } from '../src/analysis/user/bg-nbd.js';
import { fitGammaGamma } from '../src/analysis/user/gamma-gamma.js';
import { scoreClv } from '../src/analysis/user/clv.js';

const START = 45292; // 2024-01-01
const AS_OF = START + 730;

export function generateOrders(nOrders: number, nCustomers: number, seed = 5): Dataset {
  const rnd = mulberry32(seed);
  // Simulate a BG/NBD customer base with about 1.3× the wanted orders, then thin repeat orders at random
  // (thinning keeps purchases Poisson) to hit the order count exactly; every customer keeps a first order.
  const gamma2 = (): number => (-Math.log(1 - rnd()) - Math.log(1 - rnd())) / 2; // Gamma(2, 1/2), mean 1
  const custOf: number[] = [],
    dayOf: number[] = [],
    isFirst: boolean[] = [];
  const meanRate = ((nOrders / nCustomers) * 1.3) / 250; // purchases per day while alive
  for (let c = 0; c < nCustomers; c++) {
    const first = START + Math.floor(rnd() * 700);
    const rate = meanRate * gamma2();
    const drop = 0.05 * rnd();
    let d = first;
    for (let j = 0; d <= AS_OF; j++) {
      custOf.push(c);
      dayOf.push(d);
      isFirst.push(j === 0);
      if (j > 0 && rnd() < drop) break;
      d += Math.max(1, Math.round(-Math.log(1 - rnd()) / rate));
    }
  }
  const repeats = custOf.length - nCustomers;
  const keepRepeats = Math.max(0, nOrders - nCustomers);
  const keep = new Uint8Array(custOf.length);
  // Choose exactly keepRepeats of the repeat rows (selection sampling, seeded).
  let need = Math.min(keepRepeats, repeats),
    left = repeats;
  for (let i = 0; i < custOf.length; i++) {
    if (isFirst[i]) {
      keep[i] = 1;
      continue;
    }
    if (rnd() * left < need) {
      keep[i] = 1;
      need--;
    }
    left--;
  }
  const customer: string[] = [],
    date: number[] = [],
    amount: number[] = [],
    status: string[] = [];
  const spend = Array.from({ length: nCustomers }, () => 20 + 80 * rnd());
  for (let i = 0; i < custOf.length; i++) {
    if (!keep[i]) continue;
    customer.push(`C${String(custOf[i]).padStart(6, '0')}`);
    date.push(dayOf[i]);
    amount.push(Math.round(spend[custOf[i]] * (0.5 + rnd()) * 100) / 100);
    status.push(rnd() < 0.01 ? 'refunded' : 'paid');
  }
  const n = customer.length;
  const table = aq.table({ customer_id: customer, date, amount, status });
  const col = (
    name: string,
    letter: string,
    type: Dataset['columns'][number]['type'],
    role: Dataset['columns'][number]['role'],
  ) => ({ name, header: name, letter, type, role, roleConfidence: 1, nulls: 0 });
  return {
    sheet: 'Orders',
    kind: 'orders',
    kindConfidence: 1,
    table,
    columns: [
      col('customer_id', 'A', 'identifier', 'customer_id'),
      col('date', 'B', 'date', 'date'),
      col('amount', 'C', 'currency', 'amount'),
      col('status', 'D', 'category', 'status'),
    ],
    rowNumbers: Array.from({ length: n }, (_, i) => i + 2),
    headerRows: [1],
    diagnostics: [],
  };
}

export function main(argv: string[] = process.argv.slice(2)): Record<string, number> {
  const nums = argv.filter((a) => /^\d+$/.test(a)).map(Number);
  const nOrders = nums[0] ?? 1_000_000,
    nCustomers = nums[1] ?? 100_000;
  const ds = generateOrders(nOrders, nCustomers);
  const common: CommonOptions = { asOf: AS_OF, currency: 'USD', lang: 'en' };
  const gc = (globalThis as { gc?: () => void }).gc;
  const time = (f: () => unknown): number => {
    gc?.();
    const t0 = performance.now();
    f();
    return (performance.now() - t0) / 1000;
  };
  const out: Record<string, number> = { orders: ds.table.numRows(), customers: nCustomers };
  out.rfmSeconds = time(() => runRfm({ orders: ds }, common, {}));
  out.lifecycleSeconds = time(() => runLifecycle({ orders: ds }, common, {}));
  out.cohortsSeconds = time(() => runCohorts({ orders: ds }, common, {}));
  out.rfmLifecycleCohortsSeconds = out.rfmSeconds + out.lifecycleSeconds + out.cohortsSeconds;
  // Model phase alone: summary, BG/NBD + Gamma-Gamma fit and per-customer scoring.
  out.modelSeconds = time(() => {
    const o = readOrders({ orders: ds }, [])!;
    const s = summarizeCustomers(o, { refunds: 'net', mergeSameDay: true, timeUnit: 'weeks', asOf: AS_OF });
    const bg = fitBgNbd(compress(s.x, s.t_x, s.T));
    const gg = fitGammaGamma(s.x, s.zbar);
    scoreClv(s, bg.params, gg?.params ?? null, {
      timeUnit: 'weeks',
      horizonMonths: 12,
      annualDiscountRate: 0.1,
      margin: 1,
    });
  });
  out.clvAnalysisSeconds = time(() => runClv({ orders: ds }, common, {}));
  out.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = main();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else {
    console.log(
      `user analyses on ${r.orders.toLocaleString('en')} orders / ${r.customers.toLocaleString('en')} customers`,
    );
    console.log(
      `  RFM ${r.rfmSeconds.toFixed(2)} s, lifecycle ${r.lifecycleSeconds.toFixed(2)} s, cohorts ${r.cohortsSeconds.toFixed(2)} s → ${r.rfmLifecycleCohortsSeconds.toFixed(2)} s (target ≤ 3 s)`,
    );
    console.log(
      `  BG/NBD + Gamma-Gamma fit and scoring ${r.modelSeconds.toFixed(2)} s (target ≤ 2 s); whole CLV analysis ${r.clvAnalysisSeconds.toFixed(2)} s`,
    );
    console.log(`  peak RSS ${r.peakRssMB} MB`);
  }
}
