/**
 * The closed loop's findings as sentences in English and Chinese, each with its evidence (figure, interval,
 * sample size), the money at stake and whether it is observational. Pure builders used by the loop analyses;
 * `rankFindings` orders any list by money at stake (the Dashboard's rule).
 */
import type { Lang } from '../../types.js';
import type { CommonOptions } from '../registry-types.js';
import type { Finding } from '../types.js';
import { holm } from '../../stats/multiple.js';
import { both, money, num, pct } from '../common/index.js';
import type { ExperimentCell, SegmentResponseData, TouchCell } from './segment-response.js';
import { segmentName } from './common.js';

/** Interval text, e.g. `95% CI 3.1% to 9.0%`. */
export function ciText(
  lo: number | null,
  hi: number | null,
  alpha: number,
  lang: Lang,
  fmt: (x: number) => string,
): string {
  if (lo === null || hi === null) return '';
  const conf = pct(1 - alpha, lang, 0);
  if (lang === 'en') return `${conf} CI ${fmt(lo)} to ${fmt(hi)}`;
  // A unit both ends share is said once: `+15.4 至 +28.1 个百分点`, not `+15.4 个百分点 至 +28.1 个百分点`.
  const [a, b] = [fmt(lo), fmt(hi)];
  const unit = / \p{Script=Han}+$/u.exec(a)?.[0];
  return unit && b.endsWith(unit)
    ? `${conf} 置信区间 ${a.slice(0, -unit.length)} 至 ${b}`
    : `${conf} 置信区间 ${a} 至 ${b}`;
}

/** Percentage points, e.g. 0.2214 → `+22.1 pp` / `+22.1 个百分点`. */
export function pp(x: number, lang: Lang): string {
  const v = `${x >= 0 ? '+' : '−'}${num(Math.abs(x * 100), lang, 1)}`;
  return lang === 'en' ? `${v} pp` : `${v} 个百分点`;
}

/**
 * Finding of one experiment cell: an arm that changed a money outcome within a segment, Holm-corrected.
 * Money at stake: the difference per unit × the segment's units in the test (what rolling the arm out to the
 * segment would have changed over the test window). Null when nothing is claimed.
 */
export function experimentFinding(
  c: ExperimentCell,
  d: SegmentResponseData,
  common: CommonOptions,
  alpha: number,
): Finding | null {
  if (
    c.binary ||
    !c.abs ||
    c.abs.estimate === null ||
    c.pHolm === null ||
    c.pHolm >= alpha ||
    !c.rel ||
    c.rel.estimate === null
  )
    return null;
  const up = c.abs.estimate > 0;
  const seg = (l: Lang): string => segmentName(d.basis, c.segment)[l];
  const stake = Math.abs(c.abs.estimate) * c.segmentUnits;
  const cur = common.currency;
  return {
    key: `loop.experiment:${c.segment}:${c.arm}:${c.metric}`,
    text: both((l) =>
      l === 'en'
        ? up
          ? `Target ${seg(l)} customers with ${c.arm}: it raised ${c.metric} per customer by ${pct(c.rel!.estimate, l, 0)} against ${c.control} (${money(c.abs!.estimate, cur, l)} more each); rolled out to the segment's ${num(c.segmentUnits, l, 0)} customers that is about ${money(stake, cur, l)} per test window.`
          : `Stop sending ${c.arm} to ${seg(l)} customers: it lowered ${c.metric} per customer by ${pct(Math.abs(c.rel!.estimate!), l, 0)} against ${c.control}.`
        : up
          ? `对${seg(l)}客户使用“${c.arm}”：与“${c.control}”相比，每位客户的“${c.metric}”提高 ${pct(c.rel!.estimate, l, 0)}（每人多 ${money(c.abs!.estimate, cur, l)}）；推广到该分群 ${num(c.segmentUnits, l, 0)} 位客户，每个实验周期约 ${money(stake, cur, l)}。`
          : `停止向${seg(l)}客户发送“${c.arm}”：与“${c.control}”相比，每位客户的“${c.metric}”降低 ${pct(Math.abs(c.rel!.estimate!), l, 0)}。`,
    ),
    atStake: Math.round(stake * 100) / 100,
    evidence: both((l) => {
      const ci = ciText(c.rel!.ciLow, c.rel!.ciHigh, alpha, l, (x) => pct(x, l, 0));
      return l === 'en'
        ? `Experiment, segment ${seg(l)}: ${c.arm} ${num(c.trt.mean, l, 2)} over ${num(c.trt.n, l, 0)} units, ${c.control} ${num(c.ctl.mean, l, 2)} over ${num(c.ctl.n, l, 0)}; ${ci}; Holm ${pText(c.pHolm!, l)}. Sheet: Segment response.`
        : `实验，${seg(l)}分群：“${c.arm}”${num(c.trt.mean, l, 2)}（${num(c.trt.n, l, 0)} 个样本），“${c.control}”${num(c.ctl.mean, l, 2)}（${num(c.ctl.n, l, 0)} 个）；${ci}；Holm ${pText(c.pHolm!, l)}。见“分群响应”表。`;
    }),
    observational: false,
  };
}

/**
 * Findings of the touchpoint matrix, Holm-corrected across its cells:
 * - a segment that converts clearly more when reached by a column than when reached only by others → target it;
 *   at stake: lift × mean conversion value × the segment's customers now;
 * - a segment that converts clearly less than the other segments reached by the same column → leave it out of
 *   that column's audiences; at stake: the column's spend in the window × the segment's share of its reach.
 */
export function touchFindings(
  cells: TouchCell[],
  d: SegmentResponseData,
  common: CommonOptions,
  alpha: number,
  _columns: number,
): Finding[] {
  const out: Finding[] = [];
  const pBase = holm(cells.map((c) => c.vsBaseline?.pValue ?? null));
  const pOthers = holm(cells.map((c) => c.vsOthers?.pValue ?? null));
  const cur = common.currency;
  const rate = (x: number, n: number): number => (n > 0 ? x / n : 0);
  cells.forEach((c, i) => {
    const seg = (l: Lang): string => segmentName(d.basis, c.segment)[l];
    const b = c.vsBaseline;
    if (b && b.estimate !== null && b.ciLow !== null && b.ciLow > 0 && pBase[i] !== null && pBase[i] < alpha) {
      const now = d.segmentNow.get(c.segment) ?? c.n + c.baseN;
      const v = d.meanConversionValue;
      const stake = v !== null ? b.estimate * v * now : null;
      out.push({
        key: `loop.target:${c.segment}:${c.column}`,
        text: both((l) =>
          l === 'en'
            ? `Target ${seg(l)} customers with ${c.column}: reached by it, ${pct(rate(c.conv, c.n), l, 1)} of them converted against ${pct(rate(c.baseConv, c.baseN), l, 1)} when reached only by other channels (${pp(b.estimate!, l)}). ${num(now, l, 0)} customers are in this segment now${stake !== null ? `; if they answer alike that is about ${money(stake, cur, l)}` : ''}.`
            : `用“${c.column}”触达${seg(l)}客户：被其触达者转化率 ${pct(rate(c.conv, c.n), l, 1)}，仅被其他渠道触达者为 ${pct(rate(c.baseConv, c.baseN), l, 1)}（${pp(b.estimate!, l)}）。该分群现有 ${num(now, l, 0)} 位客户${stake !== null ? `；若反应相同，约值 ${money(stake, cur, l)}` : ''}。`,
        ),
        atStake: stake === null ? null : Math.round(stake * 100) / 100,
        evidence: both((l) =>
          l === 'en'
            ? `Touchpoints, segment ${seg(l)} × ${c.column}: ${num(c.conv, l, 0)} of ${num(c.n, l, 0)} converted vs ${num(c.baseConv, l, 0)} of ${num(c.baseN, l, 0)}; ${ciText(b.ciLow, b.ciHigh, alpha, l, (x) => pp(x, l))}; Holm ${pText(pBase[i]!, l)}. Sheet: Segment response.`
            : `触点，${seg(l)}分群 ×“${c.column}”：${num(c.n, l, 0)} 人中 ${num(c.conv, l, 0)} 人转化，对比 ${num(c.baseN, l, 0)} 人中 ${num(c.baseConv, l, 0)} 人；${ciText(b.ciLow, b.ciHigh, alpha, l, (x) => pp(x, l))}；Holm ${pText(pBase[i]!, l)}。见“分群响应”表。`,
        ),
        observational: true,
      });
    }
    const w = c.vsOthers;
    if (w && w.estimate !== null && w.ciHigh !== null && w.ciHigh < 0 && pOthers[i] !== null && pOthers[i] < alpha) {
      const spend = d.columnSpend?.get(c.column) ?? null;
      const share = c.n + c.othersN > 0 ? c.n / (c.n + c.othersN) : 0;
      const stake = spend !== null ? spend * share : null;
      out.push({
        key: `loop.exclude:${c.segment}:${c.column}`,
        text: both((l) =>
          l === 'en'
            ? `${seg(l)} customers barely react to ${c.column}: ${pct(rate(c.conv, c.n), l, 1)} of those reached converted against ${pct(rate(c.othersConv, c.othersN), l, 1)} in the other segments. Leave them out of its audiences${stake !== null ? `; about ${money(stake, cur, l)} of its spend in the period reached them` : ''}.`
            : `${seg(l)}客户对“${c.column}”几乎没有反应：被触达者转化率 ${pct(rate(c.conv, c.n), l, 1)}，其他分群为 ${pct(rate(c.othersConv, c.othersN), l, 1)}。请将其排除在该渠道受众之外${stake !== null ? `；该期间约 ${money(stake, cur, l)} 的花费触达了他们` : ''}。`,
        ),
        atStake: stake === null ? null : Math.round(stake * 100) / 100,
        evidence: both((l) =>
          l === 'en'
            ? `Touchpoints, ${c.column}: segment ${seg(l)} ${num(c.conv, l, 0)} of ${num(c.n, l, 0)}, other segments ${num(c.othersConv, l, 0)} of ${num(c.othersN, l, 0)}; ${ciText(w.ciLow, w.ciHigh, alpha, l, (x) => pp(x, l))}; Holm ${pText(pOthers[i]!, l)}. Sheet: Segment response.`
            : `触点，“${c.column}”：${seg(l)}分群 ${num(c.n, l, 0)} 人中 ${num(c.conv, l, 0)} 人转化，其他分群 ${num(c.othersN, l, 0)} 人中 ${num(c.othersConv, l, 0)} 人；${ciText(w.ciLow, w.ciHigh, alpha, l, (x) => pp(x, l))}；Holm ${pText(pOthers[i]!, l)}。见“分群响应”表。`,
        ),
        observational: true,
      });
    }
  });
  return out;
}

/** p-value text: `p < 0.0001` below that, else four decimals. */
export function pText(p: number, lang: Lang): string {
  return p < 0.0001 ? 'p < 0.0001' : `p = ${num(p, lang, 4)}`;
}

/** Findings ordered by money at stake (largest first); those without an amount keep their order after the others. */
export function rankFindings<T extends Pick<Finding, 'atStake'>>(list: readonly T[]): T[] {
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (b.f.atStake ?? -Infinity) - (a.f.atStake ?? -Infinity) || a.i - b.i)
    .map((x) => x.f);
}
