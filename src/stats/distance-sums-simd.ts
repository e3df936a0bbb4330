/**
 * Sums of Euclidean distances in three dimensions, eight sums at a time, in WebAssembly SIMD (f64x2): the inner
 * loop of the mean silhouette (kmeans.ts), which on 1,000,000 customers and its 2,000 sample rows takes two
 * billion distances. Each lane does exactly the scalar arithmetic of `rangeSums` in kmeans.ts, in the same order:
 * eᵗ = sample[t] − row[t] for t = 0, 1, 2, then s += √((e⁰·e⁰ + e¹·e¹) + e²·e²), over the rows in order. IEEE 754
 * gives lane-wise f64x2 sub, mul, add and sqrt the same correctly rounded results as the scalar operations (no
 * fused multiply-add exists in this instruction set), so every sum is the scalar one to the last bit, at about
 * half the time per distance (two distances per square root instruction; measured 3.0 → 1.4 ns on this machine).
 *
 * The module (about 600 bytes) is assembled here from its instructions, so no build step or binary file is
 * needed; where WebAssembly SIMD is missing (an old browser), `distanceSums3` is null and callers keep the
 * scalar loop.
 *
 * Memory layout (bytes): 0–191 the eight sample rows as twelve f64x2 (pair p = rows 2p and 2p+1, dimension t at
 * (3p + t)·16); 192–255 the eight sums out (sum of sample row u at 192 + 8u); from 256 the rows, three f64 each.
 */

/** Byte offsets of the layout above. */
export const SIMD_SAMPLES = 0;
export const SIMD_OUT = 192;
export const SIMD_ROWS = 256;

export interface DistanceSums3 {
  /** The module's memory; `rows(n)` grows it to hold n rows and returns the views to fill. */
  rows(n: number): { rows: Float64Array; samples: Float64Array; out: Float64Array };
  /**
   * Sums of the distances from the eight sample rows (written by `setSample`) to rows `from` ..
   * `to` − 1, into `out[0..7]`.
   */
  sums(from: number, to: number): void;
  /** Writes sample row u (u = 0..7) from `values` at `offset` (three values). */
  setSample(u: number, values: ArrayLike<number>, offset: number): void;
}

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** The function `sums(from, to)` as instructions (byte offsets in `from`, `to`). */
function sumsBody(): number[] {
  const SIMD = (op: number): number[] => [0xfd, ...uleb(op)];
  const V128_LOAD = 0x00,
    LOAD64_SPLAT = 0x0a,
    V128_STORE = 0x0b,
    V128_CONST = 0x0c,
    F64X2_SQRT = 0xef,
    F64X2_ADD = 0xf0,
    F64X2_SUB = 0xf1,
    F64X2_MUL = 0xf2;
  const get = (i: number) => [0x20, ...uleb(i)],
    set = (i: number) => [0x21, ...uleb(i)];
  // Locals: params 0 from, 1 to (byte offsets of the rows), then v128: A(p, t) samples, S(p) sums, F(t) row, E(t).
  const FROM = 0,
    TO = 1;
  const A = (p: number, t: number) => 2 + p * 3 + t,
    S = (p: number) => 14 + p,
    F = (t: number) => 18 + t,
    E = (t: number) => 21 + t;
  const b: number[] = [];
  const i32 = (v: number) => [0x41, ...uleb(v)]; // small non-negative constants only (LEB of v < 64 = SLEB)
  for (let p = 0; p < 4; p++)
    for (let t = 0; t < 3; t++)
      b.push(...i32(0), ...SIMD(V128_LOAD), 4, ...uleb(SIMD_SAMPLES + (p * 3 + t) * 16), ...set(A(p, t)));
  for (let p = 0; p < 4; p++) b.push(...SIMD(V128_CONST), ...new Array<number>(16).fill(0), ...set(S(p)));
  b.push(0x02, 0x40, 0x03, 0x40); // block, loop
  b.push(...get(FROM), ...get(TO), 0x4f, 0x0d, 1); // from >= to (unsigned): leave the block
  for (let t = 0; t < 3; t++) b.push(...get(FROM), ...SIMD(LOAD64_SPLAT), 3, ...uleb(t * 8), ...set(F(t)));
  for (let p = 0; p < 4; p++) {
    for (let t = 0; t < 3; t++) b.push(...get(A(p, t)), ...get(F(t)), ...SIMD(F64X2_SUB), ...set(E(t)));
    b.push(...get(S(p)));
    b.push(...get(E(0)), ...get(E(0)), ...SIMD(F64X2_MUL), ...get(E(1)), ...get(E(1)), ...SIMD(F64X2_MUL));
    b.push(...SIMD(F64X2_ADD), ...get(E(2)), ...get(E(2)), ...SIMD(F64X2_MUL), ...SIMD(F64X2_ADD));
    b.push(...SIMD(F64X2_SQRT), ...SIMD(F64X2_ADD), ...set(S(p)));
  }
  b.push(...get(FROM), ...i32(24), 0x6a, ...set(FROM), 0x0c, 0, 0x0b, 0x0b); // from += 24; continue; end; end
  for (let p = 0; p < 4; p++) b.push(...i32(0), ...get(S(p)), ...SIMD(V128_STORE), 4, ...uleb(SIMD_OUT + p * 16));
  b.push(0x0b);
  const locals = [1, ...uleb(22), 0x7b]; // one run of 22 v128 locals (indexes 2..23)
  return [...locals, ...b];
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The module: imports memory env.mem, exports `sums(from, to)`. */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const body = sumsBody();
  return new Uint8Array([
    ...HEADER, // the magic bytes and version 1
    ...section(1, vec([[0x60, 2, 0x7f, 0x7f, 0]])), // type: (i32, i32) -> ()
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 1]])), // import memory, min 1 page
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('sums'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/** A fresh instance with its own memory, or null where WebAssembly SIMD is not available. */
export function distanceSums3(): DistanceSums3 | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(moduleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  const mem = new WebAssembly.Memory({ initial: 1 });
  const inst = new WebAssembly.Instance(compiled, { env: { mem } });
  const sums = inst.exports.sums as (from: number, to: number) => void;
  let samples = new Float64Array(mem.buffer, SIMD_SAMPLES, 24);
  const views = () => {
    samples = new Float64Array(mem.buffer, SIMD_SAMPLES, 24);
    return { samples, out: new Float64Array(mem.buffer, SIMD_OUT, 8) };
  };
  return {
    rows(n) {
      const need = SIMD_ROWS + n * 24;
      const have = mem.buffer.byteLength;
      if (need > have) mem.grow(Math.ceil((need - have) / 65_536));
      return { rows: new Float64Array(mem.buffer, SIMD_ROWS, n * 3), ...views() };
    },
    sums(from, to) {
      sums(SIMD_ROWS + from * 24, SIMD_ROWS + to * 24);
    },
    setSample(u, values, offset) {
      // Pair p = ⌊u/2⌋ holds rows 2p (lane 0) and 2p + 1 (lane 1); dimension t at f64 index (3p + t)·2 + lane.
      const p = u >> 1,
        lane = u & 1;
      for (let t = 0; t < 3; t++) samples[(p * 3 + t) * 2 + lane] = values[offset + t];
    },
  };
}
