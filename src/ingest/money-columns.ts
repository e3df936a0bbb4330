/**
 * Money columns told apart by their values, after the headers have had their say (roles.ts):
 * - a cost per result is spend ÷ results row by row: a "spend" column that is another money column divided by a
 *   count is a cost per result, and the other column is the spend;
 * - two columns that could both be the money column (two headers that fit as well, or two currency columns and
 *   no header) are settled the same way, or when the values do not settle it, a warning names both, says which
 *   was taken and how to change it;
 * - "Results" are conversions only when the result type or objective says the results are conversions
 *   (a reach or awareness objective counts people reached, not conversions).
 */
import type { Diagnostic } from '../types.js';
import type { ColumnData } from './convert-column.js';
import { plainColumn, type CodedTexts } from './coded-texts.js';
import { ingestDiagnostic } from './diagnostics.js';
import type { KindProposal, RoleColumn } from './roles.js';
import type { AmbiguousRole, ColumnInfo, Role, TableKind } from './types.js';

const COUNT_ROLES: ReadonlySet<Role> = new Set(['conversions', 'clicks', 'impressions', 'reach', 'quantity']);
const NUMERIC_TYPES: ReadonlySet<ColumnInfo['type']> = new Set(['integer', 'number', 'currency']);

/**
 * Is `q` the quotient `num ÷ den` row by row? Rows where any is missing or `den` ≤ 0 are not looked at; at least
 * three rows must be, and nine in ten of them must agree to a cent (or half a percent, for rounded exports).
 */
export function isQuotient(num: ColumnData, den: ColumnData, q: ColumnData): boolean {
  let checked = 0;
  let agree = 0;
  for (let i = 0; i < q.length && checked < 5000; i++) {
    const a = num[i];
    const b = den[i];
    const c = q[i];
    if (typeof a !== 'number' || typeof b !== 'number' || typeof c !== 'number' || b <= 0 || a === 0) continue;
    checked++;
    const expect = a / b;
    if (Math.abs(c - expect) <= Math.max(0.011, Math.abs(expect) * 0.005)) agree++;
  }
  return checked >= 3 && agree >= 0.9 * checked;
}

function sameValues(a: ColumnData, b: ColumnData): boolean {
  let checked = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    checked++;
    if (Math.abs(x - y) > 0.005) return false;
  }
  return checked > 0;
}

/** A header that names money actually paid (after discounts), beside a list or order total. */
const PAID_HEADER = /\b(paid|net|actual|received|collected)\b|实付|实际支付|实收|到手|付款金额|支付金额/i;

function columnSum(a: ColumnData): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === 'number') s += v;
  }
  return s;
}

/** Are `a`'s values ≤ `b`'s on every row both fill, and below on at least one (a paid amount beside a list total)? */
export function isAtMost(a: ColumnData, b: ColumnData): boolean {
  let checked = 0;
  let below = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    checked++;
    if (x > y + 0.005) return false;
    if (x < y - 0.005) below++;
  }
  return checked >= 3 && below > 0;
}

/**
 * Columns `parts` (with signs) that make `total` out of `base` row by row (`Total = Subtotal + Shipping + Taxes −
 * Discount`): the first combination of up to three of `others` that agrees to the cent on nine rows in ten; null
 * when none does.
 */
export function sumParts(
  total: ColumnData,
  base: ColumnData,
  others: readonly { i: number; data: ColumnData }[],
): { i: number; sign: 1 | -1 }[] | null {
  const cand = others.slice(0, 6);
  const combos: { i: number; sign: 1 | -1; data: ColumnData }[][] = [];
  const walk = (from: number, acc: { i: number; sign: 1 | -1; data: ColumnData }[]): void => {
    if (acc.length > 0) combos.push(acc);
    if (acc.length === 3) return;
    for (let k = from; k < cand.length; k++)
      for (const sign of [1, -1] as const) walk(k + 1, [...acc, { i: cand[k].i, sign, data: cand[k].data }]);
  };
  walk(0, []);
  for (const combo of combos) {
    let checked = 0;
    let agree = 0;
    for (let r = 0; r < total.length && checked < 5000; r++) {
      const t = total[r];
      const b = base[r];
      if (typeof t !== 'number' || typeof b !== 'number') continue;
      let s = b;
      for (const p of combo) {
        const v = p.data[r];
        s += typeof v === 'number' ? p.sign * v : 0;
      }
      checked++;
      if (Math.abs(s - t) <= 0.005) agree++;
    }
    // Parts that are all zero prove nothing: at least one row must differ from the base.
    let differs = false;
    for (let r = 0; r < total.length && !differs; r++) {
      const t = total[r];
      const b = base[r];
      if (typeof t === 'number' && typeof b === 'number' && Math.abs(t - b) > 0.005) differs = true;
    }
    if (checked >= 3 && differs && agree >= 0.9 * checked) return combo.map(({ i, sign }) => ({ i, sign }));
  }
  return null;
}

export interface MoneyInput {
  sheet: string;
  kind: TableKind;
  columns: ColumnInfo[];
  data: ReadonlyMap<string, ColumnData | CodedTexts>;
  roleColumns: readonly RoleColumn[];
  rivals: KindProposal['rivals'];
  /** Columns whose role a recognised format set: their roles stand. */
  fixed?: ReadonlySet<number>;
  /** Receives the roles the values did not settle, for the Dataset (the pane asks which column to use). */
  ambiguous?: AmbiguousRole[];
}

/** Settle money roles by the values; changes `columns[i].role` in place and returns what it decided. */
export function settleMoneyColumns(input: MoneyInput): Diagnostic[] {
  const { sheet, columns, data } = input;
  const fixed = input.fixed ?? new Set<number>();
  const out: Diagnostic[] = [];
  const values = (i: number): ColumnData | undefined => {
    const d = data.get(columns[i].name);
    return d && plainColumn(d);
  };
  const where = (i: number) => ({ sheet, column: columns[i].name, columnLetter: columns[i].letter });
  const counts = columns.flatMap((c, i) =>
    NUMERIC_TYPES.has(c.type) && (c.role === null || COUNT_ROLES.has(c.role)) ? [i] : [],
  );
  /** A count column `k` with `values(a) ÷ values(k) ≈ values(b)`, or -1. */
  const divides = (a: number, b: number): number => {
    const va = values(a);
    const vb = values(b);
    if (!va || !vb) return -1;
    for (const k of counts) {
      if (k === a || k === b) continue;
      const vk = values(k);
      if (vk && isQuotient(va, vk, vb)) return k;
    }
    return -1;
  };

  if (input.kind === 'campaigns') {
    const spend = columns.findIndex((c) => c.role === 'spend');
    if (spend >= 0 && !fixed.has(spend)) {
      // The "spend" is a cost per result when another money column divided by a count gives it.
      for (let x = 0; x < columns.length; x++) {
        const c = columns[x];
        if (
          x === spend ||
          !NUMERIC_TYPES.has(c.type) ||
          (c.role !== null && c.role !== 'cost_per_result' && c.role !== 'attribute')
        )
          continue;
        const k = divides(x, spend);
        if (k < 0) continue;
        columns[x].role = 'spend';
        columns[x].roleConfidence = Math.max(columns[spend].roleConfidence, 0.8);
        columns[spend].role = 'cost_per_result';
        out.push(
          ingestDiagnostic('spend-is-cost-per-result', where(spend), {
            value: columns[x].name,
            other: columns[k].name,
          }),
        );
        break;
      }
    }
  }

  out.push(...settleRivals(input, fixed, values, divides));

  if (input.kind === 'campaigns') out.push(...resultsAsConversions(input, fixed));
  return out;
}

/**
 * Two money columns told apart by their values: a total that is the other plus further columns (`Total = Subtotal +
 * Shipping + Taxes`) is the order's amount; a paid amount (its header says so) never above a list total is the
 * amount. The winner takes the role (changing `columns` in place); null when the values do not settle it.
 */
function settleByValues(
  input: MoneyInput,
  rival: MoneyInput['rivals'][number],
  values: (i: number) => ColumnData | undefined,
): Diagnostic | null {
  const { columns, sheet } = input;
  const { role, chosen, other } = rival;
  const take = (win: number, lose: number): void => {
    columns[win].role = role;
    columns[win].roleConfidence = Math.max(columns[chosen].roleConfidence, 0.8);
    columns[lose].role = null;
    columns[lose].roleConfidence = 0;
  };
  const at = (i: number) => ({ sheet, column: columns[i].name, columnLetter: columns[i].letter });
  const others = columns.flatMap((c, i) =>
    i !== chosen && i !== other && NUMERIC_TYPES.has(c.type) && (c.role === null || c.role === 'attribute')
      ? [{ i, data: values(i)! }]
      : [],
  );
  for (const [total, part] of [
    [chosen, other],
    [other, chosen],
  ] as const) {
    // The total is the larger in all (Total = Amount + Shipping − Discount, never the other way round).
    if (columnSum(values(total)!) < columnSum(values(part)!)) continue;
    const parts = sumParts(values(total)!, values(part)!, others);
    if (!parts) continue;
    take(total, part);
    const sum = [part, ...parts.map((p) => p.i)].map((i) => `"${columns[i].name}"`);
    const signs = parts.map((p) => (p.sign > 0 ? ' + ' : ' − '));
    const formula = sum.reduce((acc, x, k) => (k === 0 ? x : `${acc}${signs[k - 1]}${x}`), '');
    return ingestDiagnostic('money-column-total', at(total), { value: formula, other: columns[part].name });
  }
  for (const [paid, list] of [
    [chosen, other],
    [other, chosen],
  ] as const) {
    if (!PAID_HEADER.test(columns[paid].header) || PAID_HEADER.test(columns[list].header)) continue;
    if (!isAtMost(values(paid)!, values(list)!)) continue;
    take(paid, list);
    return ingestDiagnostic('money-column-paid', at(paid), {
      other: columns[list].name,
      examples: [columns[list].letter],
    });
  }
  return null;
}

/** Each pair of rival money columns settled by ratio, sum or paid amount, else reported as ambiguous. */
function settleRivals(
  input: MoneyInput,
  fixed: ReadonlySet<number>,
  values: (i: number) => ColumnData | undefined,
  divides: (a: number, b: number) => number,
): Diagnostic[] {
  const { sheet, columns } = input;
  const out: Diagnostic[] = [];
  const where = (i: number) => ({ sheet, column: columns[i].name, columnLetter: columns[i].letter });
  for (const rival of input.rivals) {
    const { role, chosen, other } = rival;
    if (columns[chosen].role !== role || columns[other].role !== null || fixed.has(chosen)) continue;
    const a = values(chosen);
    const b = values(other);
    if (!a || !b) continue;
    if (sameValues(a, b)) continue;
    if (divides(chosen, other) >= 0) {
      // The other is the chosen one per result: a ratio.
      if (input.kind === 'campaigns') columns[other].role = 'cost_per_result';
      continue;
    }
    if (divides(other, chosen) >= 0) {
      columns[other].role = role;
      columns[other].roleConfidence = columns[chosen].roleConfidence;
      columns[chosen].role = input.kind === 'campaigns' ? 'cost_per_result' : null;
      out.push(
        ingestDiagnostic('spend-is-cost-per-result', where(chosen), {
          value: columns[other].name,
          other: columns[divides(other, chosen)].name,
        }),
      );
      continue;
    }
    const settled = settleByValues(input, rival, values);
    if (settled) {
      out.push(settled);
      continue;
    }
    out.push(
      ingestDiagnostic('money-column-ambiguous', where(chosen), {
        value: role,
        other: columns[other].name,
        examples: [columns[other].letter],
        reason: rival.why,
      }),
    );
    input.ambiguous?.push({
      role,
      candidates: [chosen, other].map((i) => ({
        name: columns[i].name,
        header: columns[i].header,
        letter: columns[i].letter,
      })),
      reason: rival.why,
    });
  }
  return out;
}

const RESULT_TYPE_HEADER =
  /result (indicator|type)|objective|optimi[sz]ation goal|结果类型|成果类型|推广目标|营销目标|优化目标|转化目标|广告目标/i;
/** Result types and objectives that count people or attention, not conversions. */
const NOT_CONVERSION =
  /reach|awareness|impression|brand|recall|video|thruplay|view|engagement|post_engagement|like|follow|link_click|click|traffic|landing_page_view|message|触达|覆盖|曝光|品牌|认知|视频|播放|互动|关注|点击|流量|粉丝/i;

/** "Results" keep the conversions role only when no row's result type or objective is an awareness one. */
function resultsAsConversions(input: MoneyInput, fixed: ReadonlySet<number>): Diagnostic[] {
  const { columns, roleColumns, sheet } = input;
  const res = columns.findIndex((c) => c.role === 'conversions' && /^(results?|成果|结果)$/i.test(c.header.trim()));
  if (res < 0 || fixed.has(res)) return [];
  const typeCol = columns.findIndex((c) => RESULT_TYPE_HEADER.test(c.header));
  if (typeCol < 0) {
    columns[res].roleConfidence = Math.min(columns[res].roleConfidence, 0.5);
    return [];
  }
  const bad = (roleColumns[typeCol].sampleValues ?? []).filter((v) => NOT_CONVERSION.test(v));
  if (bad.length === 0) return [];
  columns[res].role = null;
  columns[res].roleConfidence = 0;
  return [
    ingestDiagnostic(
      'results-not-conversions',
      { sheet, column: columns[res].name, columnLetter: columns[res].letter },
      { examples: bad.slice(0, 3), other: columns[typeCol].name },
    ),
  ];
}
