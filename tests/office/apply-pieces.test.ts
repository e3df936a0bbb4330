// piecesOf (addin/office/apply-build.ts) hands a large write out one piece at a time, measuring each piece
// when it is asked for, so that a whole-table op is not sized in one long main-thread task. The expected
// pieces come from the eager version it replaced (commit 0baef83, copied below as `eagerPieces`): the same
// addresses, values and byte counts, so the batches the applier builds are unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatA1, parseA1 } from '../../src/a1.js';
import { jsonBytes } from '../../src/plan/json-bytes.js';
import type { WorkbookOp } from '../../src/plan/types.js';
import { piecesOf } from '../../addin/office/apply-build.js';

function opBytes(op: WorkbookOp): number {
  switch (op.op) {
    case 'writeValues':
    case 'saveRecipe':
      return jsonBytes(op.values) + 200;
    case 'numberFormat': {
      const { rows, cols } = parseA1(op.address)!;
      return rows * (cols * (jsonBytes(op.format) + 1) + 3) + 200;
    }
    default:
      return jsonBytes(op) + 400;
  }
}

/** The eager piecesOf of commit 0baef83 (the whole op measured first, then every piece built at once). */
function eagerPieces(op: WorkbookOp, budget: number): { op: WorkbookOp; bytes: number }[] {
  const bytes = opBytes(op);
  if (bytes <= budget || (op.op !== 'writeValues' && op.op !== 'numberFormat')) return [{ op, bytes }];
  const rect = parseA1(op.address)!;
  if (rect.rows < 2) return [{ op, bytes }];
  const rowBytes =
    op.op === 'numberFormat'
      ? (): number => rect.cols * (jsonBytes(op.format) + 1) + 3
      : (i: number): number => jsonBytes(op.values[i]) + 1;
  const out: { op: WorkbookOp; bytes: number }[] = [];
  const piece = (from: number, to: number, size: number): void => {
    const address = formatA1({ ...rect, r0: rect.r0 + from, rows: to - from });
    out.push({
      op: op.op === 'writeValues' ? { ...op, address, values: op.values.slice(from, to) } : { ...op, address },
      bytes: size,
    });
  };
  let start = 0;
  let size = 200;
  for (let i = 0; i < rect.rows; i++) {
    const rb = rowBytes(i);
    if (i > start && size + rb > budget) {
      piece(start, i, size);
      start = i;
      size = 200;
    }
    size += rb;
  }
  piece(start, rect.rows, size);
  return out;
}

const cell = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 30 }),
  fc.constant(null),
  fc.boolean(),
);

describe('piecesOf: one piece at a time, the same pieces as measuring the whole op first', () => {
  it('writeValues blocks of any shape and budget', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((cols) =>
            fc.tuple(fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 60 })),
          ),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 50, max: 3000 }),
        ([values], row0, budget) => {
          const op: WorkbookOp = {
            op: 'writeValues',
            sheet: 'Facts',
            address: formatA1({ r0: row0, c0: 1, rows: values.length, cols: values[0].length }),
            values,
          };
          expect([...piecesOf(op, budget)]).toEqual(eagerPieces(op, budget));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numberFormat blocks and other ops', () => {
    for (const budget of [100, 300, 1_000, 50_000]) {
      const fmt: WorkbookOp = { op: 'numberFormat', sheet: 'Facts', address: 'B2:F900', format: '#,##0.00' };
      expect([...piecesOf(fmt, budget)]).toEqual(eagerPieces(fmt, budget));
      const other: WorkbookOp = { op: 'freezePanes', sheet: 'Facts', rows: 1, columns: 0 };
      expect([...piecesOf(other, budget)]).toEqual(eagerPieces(other, budget));
      // A recipe is never split, whatever its size.
      const values = Array.from({ length: 40 }, (_, i) => [`step ${i}`, '{"kind":"rfm"}']);
      const recipe: WorkbookOp = { op: 'saveRecipe', sheet: '_loopbook', address: 'A1:B40', values };
      expect([...piecesOf(recipe, budget)]).toEqual(eagerPieces(recipe, budget));
    }
  });

  it('sizes no more of a large block than the piece asked for needs', () => {
    // 100,000 rows of about 40 bytes in 1 MB pieces: the first piece reads about 25,000 rows' sizes.
    const values = Array.from({ length: 100_000 }, (_, i) => [i, `customer ${i}`, i * 1.5, 'Champions']);
    const read = new Set<number>();
    const proxied = new Proxy(values, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read.add(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const op: WorkbookOp = { op: 'writeValues', sheet: 'Facts', address: 'A2:D100001', values: proxied };
    const it = piecesOf(op, 1_000_000);
    const next = it.next();
    if (next.done) throw new Error('piecesOf gave no piece');
    const first = next.value;
    expect(first.bytes).toBeLessThanOrEqual(1_000_000);
    expect(read.size).toBeLessThan(40_000);
    const rest = [...it];
    expect([first, ...rest].map((p) => p.bytes)).toEqual(eagerPieces(op, 1_000_000).map((p) => p.bytes));
  });
});
