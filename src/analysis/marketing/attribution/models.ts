/**
 * Attribution models on paths (pure): first touch, last touch, linear, time decay (half-life),
 * position-based (40/20/40), and the first-order Markov chain removal effect, solved exactly on the
 * absorbing chain (no simulation).
 */
import { solveLinear } from '../../../stats/linalg.js';
import type { AttributionOptions } from './options.js';
import type { Paths } from './read.js';

/** Credit per channel under one model: conversions and revenue. */
export interface Credit {
  conversions: Float64Array;
  revenue: Float64Array;
}

/** Heuristic credit of every converting path (first, last, linear, time decay, position-based). */
export function heuristicCredit(
  p: Paths,
  o: AttributionOptions,
): Record<'first' | 'last' | 'linear' | 'time_decay' | 'position', Credit> {
  const C = p.channels.length;
  const mk = (): Credit => ({ conversions: new Float64Array(C), revenue: new Float64Array(C) });
  const out = { first: mk(), last: mk(), linear: mk(), time_decay: mk(), position: mk() };
  const P = p.start.length - 1;
  const lambda = Math.LN2 / o.halfLifeDays;
  const midShare = 1 - o.firstShare - o.lastShare;
  for (let q = 0; q < P; q++) {
    if (p.converted[q] === 0) continue;
    const a = p.start[q];
    const b = p.start[q + 1];
    const k = b - a;
    if (k === 0) continue;
    const v = p.value[q];
    const add = (cr: Credit, ch: number, w: number): void => {
      cr.conversions[ch] += w;
      cr.revenue[ch] += w * v;
    };
    add(out.first, p.touch[a], 1);
    add(out.last, p.touch[b - 1], 1);
    for (let i = a; i < b; i++) add(out.linear, p.touch[i], 1 / k);
    // Time decay: weight 2^(−age/half-life), age = days from touch to conversion.
    let wsum = 0;
    const tc = p.convTime[q];
    for (let i = a; i < b; i++) {
      const age = tc === tc && p.time[i] === p.time[i] ? Math.max(0, tc - p.time[i]) : 0;
      wsum += Math.exp(-lambda * age);
    }
    for (let i = a; i < b; i++) {
      const age = tc === tc && p.time[i] === p.time[i] ? Math.max(0, tc - p.time[i]) : 0;
      add(out.time_decay, p.touch[i], Math.exp(-lambda * age) / wsum);
    }
    // Position-based: one touch 100%, two touches half each, else first/last shares and the middle split.
    if (k === 1) add(out.position, p.touch[a], 1);
    else if (k === 2) {
      add(out.position, p.touch[a], 0.5);
      add(out.position, p.touch[a + 1], 0.5);
    } else {
      add(out.position, p.touch[a], o.firstShare);
      add(out.position, p.touch[b - 1], o.lastShare);
      for (let i = a + 1; i < b - 1; i++) add(out.position, p.touch[i], midShare / (k - 2));
    }
  }
  return out;
}

/** Result of the Markov model: conversion probability and each channel's removal effect. */
export interface MarkovResult {
  /** P(conversion) from the start state. */
  pConversion: number;
  /** 1 − P(conversion without the channel) / P(conversion); null when P(conversion) is 0. */
  removalEffect: (number | null)[];
  credit: Credit;
}

/**
 * First-order Markov removal effects, solved exactly: absorption probabilities x = Q x + r of the
 * transient channel states, P(conversion) = Σ start→j · x_j; removing a channel sends its incoming
 * transitions to the null state (x_c = 0). Credit shares are removal effects normalised to sum 1.
 * With `conversionsOnly`, non-converting paths are dropped first.
 */
export function markovCredit(p: Paths, conversionsOnly: boolean): MarkovResult {
  const C = p.channels.length;
  // Transition counts: rows 0..C-1 channels, C = start; columns 0..C-1 channels, C = conversion, C+1 = null.
  const W = C + 2;
  const cnt = new Float64Array((C + 1) * W);
  const P = p.start.length - 1;
  let totalConv = 0;
  let totalValue = 0;
  for (let q = 0; q < P; q++) {
    const conv = p.converted[q] === 1;
    if (conversionsOnly && !conv) continue;
    const a = p.start[q];
    const b = p.start[q + 1];
    if (b === a) continue;
    if (conv) {
      totalConv++;
      totalValue += p.value[q];
    }
    cnt[C * W + p.touch[a]]++;
    for (let i = a; i + 1 < b; i++) cnt[p.touch[i] * W + p.touch[i + 1]]++;
    cnt[p.touch[b - 1] * W + (conv ? C : C + 1)]++;
  }
  const rowSum = new Float64Array(C + 1);
  for (let i = 0; i <= C; i++) for (let j = 0; j < W; j++) rowSum[i] += cnt[i * W + j];
  const prob = (i: number, j: number): number => (rowSum[i] > 0 ? cnt[i * W + j] / rowSum[i] : 0);

  // Conversion probability with channel `removed` (−1: none) taken out of the chain.
  const pConv = (removed: number): number => {
    const keep: number[] = [];
    for (let c = 0; c < C; c++) if (c !== removed && rowSum[c] > 0) keep.push(c);
    const idx = new Map(keep.map((c, i) => [c, i]));
    const A = keep.map((c) => keep.map((d) => (c === d ? 1 : 0) - prob(c, d)));
    const bvec = keep.map((c) => prob(c, C));
    const x = keep.length > 0 ? solveLinear(A, bvec) : [];
    if (x === null) return NaN;
    let s = 0;
    for (const c of keep) s += prob(C, c) * x[idx.get(c)!];
    return s;
  };
  const base = pConv(-1);
  const re: (number | null)[] = [];
  for (let c = 0; c < C; c++) {
    if (!(base > 0) || rowSum[c] === 0) re.push(base > 0 ? 0 : null);
    else {
      const v = 1 - pConv(c) / base;
      re.push(Number.isFinite(v) ? Math.max(0, v) : null);
    }
  }
  const sum = re.reduce<number>((a, v) => a + (v ?? 0), 0);
  const credit: Credit = { conversions: new Float64Array(C), revenue: new Float64Array(C) };
  if (sum > 0) {
    for (let c = 0; c < C; c++) {
      const share = (re[c] ?? 0) / sum;
      credit.conversions[c] = share * totalConv;
      credit.revenue[c] = share * totalValue;
    }
  }
  return { pConversion: Number.isFinite(base) ? base : 0, removalEffect: re, credit };
}
