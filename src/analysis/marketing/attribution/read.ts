/**
 * Attribution, phase 1: read touchpoints into paths, and spend per channel from a campaigns sheet.
 * Per customer in time order, a path ends at each conversion (a row whose `converted` is true, or whose
 * event reads like a conversion); touches after the last conversion form a non-converting path. A
 * conversion row with a channel counts as that path's last touch.
 */
import type { Dataset } from '../../../ingest/types.js';
import type { Diagnostic } from '../../../types.js';
import { columnByRole, columnValues, diag, factorize, labels, numbers, where } from '../../common/index.js';
import { msg } from '../messages.js';
import type { LineConverter } from '../../finance/fx.js';

/** Paths in compact columnar form: touches of path p are `touch[start[p] .. start[p+1])`. */
export interface Paths {
  channels: string[];
  /** Channel index per touch. */
  touch: Int32Array;
  /** Touch time per touch (Excel serial; NaN when unknown). */
  time: Float64Array;
  start: Int32Array;
  converted: Uint8Array;
  value: Float64Array;
  /** Time of the conversion (NaN for non-converting paths). */
  convTime: Float64Array;
}

const TRUTHY = /^(1|true|yes|y|converted|conversion|purchase|是|已转化|转化|成交|购买)$/i;
const CONVERSION_EVENT = /conver|purchase|order|checkout|sign.?up|购买|下单|转化|成交|支付|注册/i;

/** 1 where a `converted` cell is true, a positive number or a yes-word (是, converted …). */
export function convertedFlags(raw: ArrayLike<unknown>): Uint8Array {
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    out[i] = v === true || (typeof v === 'number' && v > 0) || (typeof v === 'string' && TRUTHY.test(v.trim())) ? 1 : 0;
  }
  return out;
}

/** 1 where an event reads like a conversion (purchase, order, sign-up, 下单 …). */
export function conversionEvents(events: readonly string[]): Uint8Array {
  return Uint8Array.from(events, (e) => (CONVERSION_EVENT.test(e) ? 1 : 0));
}

/**
 * Rows grouped by customer and, within a customer, by time (stable: ties keep sheet order; unknown times
 * sort last). Customers are integers already (factorised, −1: none), so a counting sort keeps their rows
 * together: rows of customer u are `order[off[u] .. off[u+1])`.
 *
 * @example customerOrder(Int32Array.of(1, 0, 1, 0), 2, Float64Array.of(5, 9, 3, 1)) // → { off: [0, 2, 4], order: [3, 1, 2, 0] }
 */
export function customerOrder(
  cid: Int32Array,
  U: number,
  time: Float64Array | null,
): { off: Int32Array; order: Int32Array } {
  const n = cid.length;
  const off = new Int32Array(U + 1);
  for (let i = 0; i < n; i++) if (cid[i] >= 0) off[cid[i] + 1]++;
  for (let u = 0; u < U; u++) off[u + 1] += off[u];
  const pos = off.slice(0, U);
  const order = new Int32Array(off[U]);
  for (let i = 0; i < n; i++) if (cid[i] >= 0) order[pos[cid[i]]++] = i;
  const tt = new Float64Array(n);
  for (let i = 0; i < n; i++) tt[i] = time && time[i] === time[i] ? time[i] : Infinity;
  // Insertion sort per customer: paths are short, and it is stable.
  for (let u = 0; u < U; u++) {
    const a = off[u];
    const b = off[u + 1];
    for (let i = a + 1; i < b; i++) {
      const x = order[i];
      const tx = tt[x];
      let j = i - 1;
      while (j >= a && tt[order[j]] > tx) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = x;
    }
  }
  return { off, order };
}

/** Per-row columns that paths are cut from. */
export interface TouchRows {
  /** Channel index per row (−1: no channel). */
  chOf: Int32Array;
  isConv: Uint8Array;
  time: Float64Array | null;
  value: Float64Array | null;
}

/** Cut each customer's ordered rows into paths ending at conversions (pure). */
export function cutPaths(channels: string[], rows: TouchRows, grouped: { off: Int32Array; order: Int32Array }): Paths {
  const { chOf, isConv, time, value } = rows;
  const { off, order } = grouped;
  const U = off.length - 1;
  const n = chOf.length;
  const touch = new Int32Array(n);
  const ttime = new Float64Array(n);
  let nt = 0;
  const start: number[] = [0];
  const converted: number[] = [];
  const val: number[] = [];
  const convTime: number[] = [];
  for (let u = 0; u < U; u++) {
    for (let r = off[u]; r < off[u + 1]; r++) {
      const i = order[r];
      const c = chOf[i];
      if (c >= 0) {
        touch[nt] = c;
        ttime[nt] = time ? time[i] : NaN;
        nt++;
      }
      if (isConv[i] === 1 && nt > start[start.length - 1]) {
        start.push(nt);
        converted.push(1);
        const v = value ? value[i] : NaN;
        val.push(v === v ? v : 0);
        convTime.push(time ? time[i] : NaN);
      }
    }
    if (nt > start[start.length - 1]) {
      start.push(nt);
      converted.push(0);
      val.push(0);
      convTime.push(NaN);
    }
  }
  return {
    channels,
    touch: touch.slice(0, nt),
    time: ttime.slice(0, nt),
    start: Int32Array.from(start),
    converted: Uint8Array.from(converted),
    value: Float64Array.from(val),
    convTime: Float64Array.from(convTime),
  };
}

/** Build paths from a touchpoints Dataset; null (with an error diagnostic) when roles are missing. */
export function buildPaths(data: Dataset, by: 'channel' | 'campaign', diagnostics: Diagnostic[]): Paths | null {
  const custCol = columnByRole(data, 'customer_id');
  const chCol =
    by === 'campaign'
      ? (columnByRole(data, 'campaign') ?? columnByRole(data, 'channel'))
      : (columnByRole(data, 'channel') ?? columnByRole(data, 'campaign'));
  if (!custCol || !chCol) {
    diagnostics.push(
      diag(
        'marketing.attribution.missing-roles',
        'error',
        {
          en: 'Attribution needs a customer column and a channel (or campaign) column.',
          'zh-CN': '归因分析需要客户列和渠道（或活动）列。',
        },
        { sheet: data.sheet },
      ),
    );
    return null;
  }
  const timeCol = columnByRole(data, 'timestamp', 'date');
  const convCol = columnByRole(data, 'converted');
  const eventCol = columnByRole(data, 'event');
  const valueCol = columnByRole(data, 'value', 'revenue', 'amount');
  if (!convCol && !eventCol) {
    diagnostics.push(
      diag(
        'marketing.attribution.no-conversion',
        'error',
        {
          en: 'Attribution needs a "converted" column or an event column naming conversions.',
          'zh-CN': '归因分析需要“是否转化”列，或能标识转化的事件列。',
        },
        { sheet: data.sheet },
      ),
    );
    return null;
  }
  const custF = factorize(data, custCol);
  const chF = factorize(data, chCol);
  const time = timeCol ? numbers(data, timeCol, diagnostics) : null;
  // A value only on the rows that converted: the blanks of the other touches are no data problem.
  const value = valueCol ? numbers(data, valueCol, diagnostics, { blankOk: true }) : null;
  const isConv = convCol
    ? convertedFlags(columnValues(data, convCol.name))
    : conversionEvents(labels(data, eventCol!, ''));

  const noCust: number[] = [];
  for (let i = 0; i < custF.codes.length; i++) if (custF.codes[i] < 0) noCust.push(i);
  if (noCust.length > 0)
    diagnostics.push(
      diag(
        'marketing.attribution.no-customer',
        'warning',
        msg('attribution.noCustomer', { count: noCust.length }),
        where(data, custCol, noCust),
      ),
    );
  const grouped = customerOrder(custF.codes, custF.levels.length, time);
  return cutPaths(chF.levels, { chOf: chF.codes, isConv, time, value }, grouped);
}

/**
 * Spend per channel (lower-cased name) from a campaigns Dataset; null without one or without spend. Spend goes
 * through `convert` (fx.ts `lineConverter`: a Currency column's lines in the report currency).
 */
export function spendByChannel(
  campaigns: Dataset | undefined,
  by: 'channel' | 'campaign',
  convert: LineConverter = (_col, amounts) => amounts,
): Map<string, number> | null {
  if (!campaigns) return null;
  const key = columnByRole(campaigns, by) ?? columnByRole(campaigns, by === 'channel' ? 'campaign' : 'channel');
  const sp = columnByRole(campaigns, 'spend');
  if (!key || !sp) return null;
  const k = labels(campaigns, key, '');
  const raw = columnValues(campaigns, sp.name);
  const v = convert(
    sp,
    Float64Array.from(raw, (x) => (typeof x === 'number' && Number.isFinite(x) ? x : NaN)),
  );
  const m = new Map<string, number>();
  for (let i = 0; i < k.length; i++) {
    const x = v[i];
    if (k[i] !== '' && x === x) m.set(k[i].toLowerCase(), (m.get(k[i].toLowerCase()) ?? 0) + x);
  }
  return m;
}
