/**
 * Bench: spend reconciliation of 100,000 platform lines against 100,000 invoice lines (issue 9: target
 * ≤ 5 s), then budget against actual on the same platform lines. The ledger is generated deterministically
 * (seeded mulberry32): 6 channels, 2,000 campaigns, 12 months; invoices mostly by exact reference, with
 * normalised and full-width variants, typos (fuzzy), agency job codes (amount stage), one channel billed
 * monthly without references, split invoices, duplicates, variances and USD invoices.
 *
 * Run: `node --expose-gc --import tsx bench/finance.ts [platformLines] [invoiceLines]` (`--json` for one line).
 */
import { pathToFileURL } from 'node:url';
import * as aq from 'arquero';
import type { ColumnInfo, ColumnType, Dataset, Role, TableKind } from '../src/ingest/types.js';
import type { CellValue } from '../src/types.js';
import { reconcileSpend } from '../src/analysis/finance/reconciliation/index.js';
import { budgetVsActual } from '../src/analysis/finance/budget-vs-actual/index.js';
import { mulberry32 } from '../src/stats/random.js';

interface Col {
  name: string;
  role: Role | null;
  type: ColumnType;
  values: CellValue[];
}

function dataset(kind: TableKind, sheet: string, cols: Col[]): Dataset {
  const data: Record<string, CellValue[]> = {};
  for (const c of cols) data[c.name] = c.values;
  const n = cols[0].values.length;
  const columns: ColumnInfo[] = cols.map((c, i) => ({
    name: c.name,
    header: c.name,
    letter: String.fromCharCode(65 + i),
    type: c.type,
    role: c.role,
    roleConfidence: 1,
    nulls: 0,
  }));
  return {
    sheet,
    kind,
    kindConfidence: 1,
    table: aq.table(data),
    columns,
    rowNumbers: Array.from({ length: n }, (_, i) => i + 2),
    headerRows: [1],
    diagnostics: [],
  };
}

const CHANNELS = ['Google Ads', 'Facebook', '百度', '抖音', 'LinkedIn', 'Bing Ads'];
const JAN_2024 = 45292;
const MONTH_STARTS = [45292, 45323, 45352, 45383, 45413, 45444, 45474, 45505, 45536, 45566, 45597, 45627, 45658];

export function generateLedger(
  nPlatform: number,
  nInvoices: number,
  seed = 9,
): { campaigns: Dataset; invoices: Dataset; budget: Dataset } {
  const rnd = mulberry32(seed);
  const nCampaigns = 2000;
  const campaignName = (i: number): string => (i % 5 === 0 ? `活动${i}-春季推广` : `Campaign ${i} Spring Promo`);
  const campaignChannel = (i: number): number => i % CHANNELS.length;
  // Platform lines: campaign × day.
  const pc: string[] = [];
  const pch: string[] = [];
  const pd: number[] = [];
  const ps: number[] = [];
  const groupCents = new Map<string, number>();
  for (let i = 0; i < nPlatform; i++) {
    const c = Math.floor(rnd() * nCampaigns);
    const day = JAN_2024 + Math.floor(rnd() * 366);
    const cents = 100 + Math.floor(rnd() * 500_000);
    pc.push(campaignName(c));
    pch.push(CHANNELS[campaignChannel(c)]);
    pd.push(day);
    ps.push(cents / 100);
    let m = 0;
    while (day >= MONTH_STARTS[m + 1]) m++;
    const k = `${c}|${m}`;
    groupCents.set(k, (groupCents.get(k) ?? 0) + cents);
  }
  // Invoices: walk the campaign-months, splitting each into invoices until nInvoices lines exist.
  const iv: (string | null)[] = [];
  const iref: (string | null)[] = [];
  const iid: (string | null)[] = [];
  const is: number[] = [];
  const ie: number[] = [];
  const ia: number[] = [];
  const icur: string[] = [];
  const keys = [...groupCents.keys()];
  // One pass over the campaign-months, each split into `per` invoices so the invoice count is reached.
  const per = Math.max(1, Math.ceil(nInvoices / keys.length));
  let inv = 0;
  for (const key of keys) {
    if (iv.length >= nInvoices) break;
    const [cs, ms] = key.split('|');
    const c = Number(cs);
    const m = Number(ms);
    const total = groupCents.get(key)!;
    const ch = campaignChannel(c);
    const u = rnd();
    let ref: string | null = campaignName(c);
    if (ch === 5)
      ref = null; // Bing Ads bills the whole channel monthly
    else if (u < 0.1) ref = ref.toUpperCase().replace(/ /g, '-');
    else if (u < 0.13) ref = ref.replace(/[A-Za-z0-9]/g, (x) => String.fromCharCode(x.charCodeAt(0) + 0xfee0));
    else if (u < 0.16) ref = ref.replace('Spring', 'Sprng');
    else if (u < 0.18) ref = `JOB-${c}-${m}`;
    const variance = rnd() < 0.05 ? Math.floor(rnd() * 10_000) : 0;
    let left = total + variance;
    for (let s = 0; s < per && iv.length < nInvoices; s++) {
      const cents = s === per - 1 ? left : Math.floor(left / (per - s));
      left -= cents;
      const usd = rnd() < 0.05;
      iv.push(CHANNELS[ch]);
      iref.push(ref);
      iid.push(`INV-${++inv}`);
      is.push(MONTH_STARTS[m]);
      ie.push(MONTH_STARTS[m + 1] - 1);
      // USD invoices at 7.25: the amount in USD cents is the CNY cents ÷ 7.25 rounded (may leave a cent).
      ia.push(usd ? Math.round(cents / 7.25) / 100 : cents / 100);
      icur.push(usd ? 'USD' : 'CNY');
      if (rnd() < 0.01 && iv.length < nInvoices) {
        // A duplicate: the same invoice number again.
        iv.push(CHANNELS[ch]);
        iref.push(ref);
        iid.push(`INV-${inv}`);
        is.push(MONTH_STARTS[m]);
        ie.push(MONTH_STARTS[m + 1] - 1);
        ia.push(ia[ia.length - 1]);
        icur.push(icur[icur.length - 1]);
      }
    }
  }
  const campaigns = dataset('campaigns', 'Campaigns', [
    { name: 'Campaign', role: 'campaign', type: 'text', values: pc },
    { name: 'Channel', role: 'channel', type: 'category', values: pch },
    { name: 'Date', role: 'date', type: 'date', values: pd },
    { name: 'Spend', role: 'spend', type: 'currency', values: ps },
  ]);
  const invoices = dataset('invoices', 'Invoices', [
    { name: 'Vendor', role: 'vendor', type: 'category', values: iv },
    { name: 'Ref', role: 'campaign_ref', type: 'text', values: iref },
    { name: 'Invoice', role: 'invoice_id', type: 'identifier', values: iid },
    { name: 'Start', role: 'period_start', type: 'date', values: is },
    { name: 'End', role: 'period_end', type: 'date', values: ie },
    { name: 'Amount', role: 'amount', type: 'currency', values: ia },
    { name: 'Currency', role: 'currency', type: 'category', values: icur },
  ]);
  const bch: string[] = [];
  const bm: number[] = [];
  const ba: number[] = [];
  for (const ch of CHANNELS) {
    for (let m = 0; m < 12; m++) {
      bch.push(ch);
      bm.push(MONTH_STARTS[m]);
      ba.push(Math.round(rnd() * 4_000_000) / 100 + 20_000);
    }
  }
  const budget = dataset('budget', 'Budget', [
    { name: 'Channel', role: 'channel', type: 'category', values: bch },
    { name: 'Month', role: 'period', type: 'date', values: bm },
    { name: 'Budget', role: 'amount', type: 'currency', values: ba },
  ]);
  return { campaigns, invoices, budget };
}

/** Wall time and CPU time (user + system, so a busy shared machine shows less in it) of one call. */
function timed<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
}

function main(): void {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const json = process.argv.includes('--json');
  const nP = Number(args[0] ?? 100_000);
  const nI = Number(args[1] ?? 100_000);
  const g = timed(() => generateLedger(nP, nI));
  global.gc?.();
  const common = { asOf: 45474 + 9, currency: 'CNY', lang: 'en' as const };
  const r = timed(() => reconcileSpend(g.value.campaigns, g.value.invoices, common, { rates: { USD: '7.25' } }));
  const status = r.value.tables.find((t) => t.name === 'status')?.rows ?? [];
  const tie = r.value.figures.find((f) => f.key === 'tie_out_ok')?.value;
  const b = timed(() =>
    budgetVsActual(g.value.budget, g.value.campaigns, g.value.invoices, common, { rates: { USD: '7.25' } }),
  );
  const out = {
    reconciliation: {
      platformLines: nP,
      invoiceLines: nI,
      ms: Math.round(r.ms),
      cpuMs: Math.round(r.cpuMs),
      targetMs: 5000,
      tieOut: tie,
      status: status.map((s) => `${String(s.side)}/${String(s.status)}: ${String(s.lines)}`),
    },
    budget: { rows: b.value.tables[0]?.rows.length ?? 0, ms: Math.round(b.ms), cpuMs: Math.round(b.cpuMs) },
    generateMs: Math.round(g.ms),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (json) console.log(JSON.stringify(out));
  else {
    console.log(
      `reconciliation: ${nP.toLocaleString('en')} platform lines × ${nI.toLocaleString('en')} invoice lines → ${out.reconciliation.ms} ms wall, ${out.reconciliation.cpuMs} ms CPU (target ≤ 5000), tie-out ${String(tie)}`,
    );
    console.log(`  ${out.reconciliation.status.join('; ')}`);
    console.log(
      `budget against actual: ${out.budget.rows} channel-months → ${out.budget.ms} ms wall, ${out.budget.cpuMs} ms CPU`,
    );
    console.log(`peak RSS ${out.peakRssMB} MB`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
