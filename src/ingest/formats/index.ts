/**
 * The known export formats, and recognising one from a sheet's headers. A recognised format is a strong hint:
 * it sets the table kind and the roles of the columns it names (ingest-grid.ts), and it is recorded on the
 * Dataset with its statuses so the analyses count only real revenue. Roles a user or recipe sets still win
 * (run.ts applies them over the Dataset's).
 */
import type { DatasetFormat, Role } from '../types.js';
import { statusKey } from '../status.js';
import type { ExportFormat, HeaderPattern } from './types.js';
import { baiduAds } from './baidu-ads.js';
import { douyinOrders } from './douyin-orders.js';
import { googleAds } from './google-ads.js';
import { hubspotDeals } from './hubspot-deals.js';
import { jdOrders } from './jd-orders.js';
import { metaAds } from './meta-ads.js';
import { salesforceOpportunities } from './salesforce-opportunities.js';
import { shopifyOrders } from './shopify-orders.js';
import { stripePayments } from './stripe-payments.js';
import { taobaoOrders } from './taobao-orders.js';
import { tencentAds } from './tencent-ads.js';
import { tiktokAds } from './tiktok-ads.js';
import { woocommerceOrders } from './woocommerce-orders.js';

export type { ExportFormat, HeaderPattern } from './types.js';

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  googleAds,
  metaAds,
  tiktokAds,
  baiduAds,
  tencentAds,
  shopifyOrders,
  woocommerceOrders,
  stripePayments,
  taobaoOrders,
  jdOrders,
  douyinOrders,
  hubspotDeals,
  salesforceOpportunities,
];

/** A header as compared: lower-case, `_` as a space, spaces collapsed. */
function norm(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
}

function matches(p: HeaderPattern, header: string): boolean {
  return typeof p === 'string' ? norm(p) === norm(header) : p.test(header.trim());
}

/** The format with this id, if Loopbook knows it. */
export function findFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.id === id);
}

/**
 * The format whose signature the headers hold in full (the longest signature when several do), or null.
 * @example recognizeFormat(['Name', 'Email', 'Financial Status', 'Paid at', 'Lineitem quantity', 'Lineitem name', 'Total'])?.id
 * // → 'shopify-orders'
 */
export function recognizeFormat(headers: readonly string[]): ExportFormat | null {
  let best: ExportFormat | null = null;
  let bestSize = 0;
  for (const f of EXPORT_FORMATS) {
    for (const sig of f.signatures) {
      if (sig.length > bestSize && sig.every((p) => headers.some((h) => matches(p, h)))) {
        best = f;
        bestSize = sig.length;
      }
    }
  }
  return best;
}

/** The role the format gives each header (`undefined` where it names none); the first column a pattern fits wins. */
export function formatRoles(format: ExportFormat, headers: readonly string[]): (Role | null | undefined)[] {
  const out: (Role | null | undefined)[] = headers.map(() => undefined);
  for (const { header, role } of format.columns) {
    const i = headers.findIndex((h, k) => out[k] === undefined && matches(header, h));
    if (i >= 0) out[i] = role;
  }
  return out;
}

/** Indexes of the headers the format names as order-level amounts repeated on every row of an order. */
export function orderLevelColumns(format: ExportFormat, headers: readonly string[]): number[] {
  const pats = format.orderLevel ?? [];
  return headers.flatMap((h, i) => (pats.some((p) => matches(p, h)) ? [i] : []));
}

/** What the Dataset records of a format: id, name, documentation and statuses keyed as statusKey() reads them. */
export function datasetFormat(format: ExportFormat): DatasetFormat {
  const statusClasses: DatasetFormat['statusClasses'] = {};
  for (const [k, v] of Object.entries(format.statuses ?? {})) statusClasses[statusKey(k)] = v;
  return { id: format.id, name: format.name, docs: format.docs, statusClasses };
}
