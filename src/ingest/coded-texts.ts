/**
 * A text column of a Dataset kept as the codes the .csv reader made (issue 13): a code per table row into the
 * column's distinct texts (-1 for null), the texts made only when something reads them. An Arquero column
 * (`length`, `at`, iteration); `columnValues` (./column-values.ts) gives its values as an array, made once, and
 * `columnCodes` its codes. On a 1,000,000-order file an order id column so costs no million strings and no array of
 * a million values unless an analysis reads the ids as text.
 */

import type { ColumnData } from './convert-column.js';

/** `at` calls, beyond a share of the distinct texts, after which every text is made at once (a scan reads them all). */
const AT_BEFORE_ALL = 10_000;

export class CodedTexts {
  readonly length: number;
  private texts: readonly (string | null)[] | null = null;
  private values: (string | null)[] | null = null;
  private calls = 0;

  /**
   * @param codes per table row, the index of its text, -1 for null; equal texts have equal codes.
   * @param size how many texts there are (codes are below it).
   * @param textOf text `k` (null: no row has code `k` or its value is null).
   * @param all every text, by code.
   */
  constructor(
    readonly codes: Int32Array,
    readonly size: number,
    private readonly textOf: (k: number) => string | null,
    private readonly all: () => readonly (string | null)[],
  ) {
    this.length = codes.length;
  }

  /** Whether the texts were made (all at once, or as an array of the values). */
  get made(): boolean {
    return this.texts !== null;
  }

  /** Every distinct text by code, made once. */
  get dict(): readonly (string | null)[] {
    return (this.texts ??= this.all());
  }

  /** Text `k`. */
  text(k: number): string | null {
    if (this.texts) return this.texts[k];
    if (++this.calls > AT_BEFORE_ALL + (this.size >>> 2)) return this.dict[k];
    return this.textOf(k);
  }

  /** The value of row `i`. */
  at(i: number): string | null {
    const k = this.codes[i];
    return k < 0 ? null : this.text(k);
  }

  /** The values as an array, made once (read-only: every reader gets the same). */
  toArray(): (string | null)[] {
    if (this.values) return this.values;
    const dict = this.dict;
    const codes = this.codes;
    const out = new Array<string | null>(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const k = codes[i];
      out[i] = k < 0 ? null : dict[k];
    }
    return (this.values = out);
  }

  [Symbol.iterator](): Iterator<string | null> {
    return this.toArray()[Symbol.iterator]();
  }
}

/** A column as an array: a `CodedTexts`' values (made once), any other column itself. */
export function plainColumn(col: ColumnData | CodedTexts): ColumnData {
  return col instanceof CodedTexts ? col.toArray() : col;
}
