/**
 * Bounds on the work a read may do (issue 17): Excel's own sheet limits, a cap on the bytes a zip part or a
 * .csv may inflate to, a cap on the compression ratio (a zip bomb, or a corrupt export of 50 million rows,
 * is refused after a few megabytes instead of minutes), and a wall-clock budget. The readers check them while
 * they stream, before memory is spent, and throw `ReadLimitError`, which the caller turns into a diagnostic
 * naming the sheet and the limit (./read-messages.ts).
 */

export interface ReadLimits {
  /** Rows per sheet: Excel's 1,048,576. */
  maxRows: number;
  /** Columns per sheet: Excel's 16,384 (XFD). */
  maxColumns: number;
  /** Characters per cell: Excel's 32,767. */
  maxCellChars: number;
  /**
   * Bytes one zip part (a worksheet, the shared strings) may inflate to. A .csv (or what a .csv.gz
   * inflates to) gets the smaller of this and `CSV_MAX_BYTES`, because it is decoded into one string.
   */
  maxPartBytes: number;
  /**
   * Highest ratio of inflated to compressed bytes a part may reach, checked once `ratioGraceBytes` came out.
   * Worksheets compress about 10 to 1 (the sample workbook: 8.8 to 9.5); 100 is Apache POI's default
   * (ZipSecureFile.MIN_INFLATE_RATIO = 0.01).
   */
  maxRatio: number;
  /** Inflated bytes of a part before the ratio is checked: small parts may compress very well. */
  ratioGraceBytes: number;
  /**
   * Wall-clock milliseconds the whole read may take: a backstop behind the caps above, so generous that a
   * sound 1,048,576-row sheet passes on a slow, busy machine (200,000 rows × 8 read in 51 s with four other
   * jobs on two cores; the caps stop a bomb in seconds).
   */
  timeBudgetMs: number;
}

/** The limits a read uses unless told otherwise. */
export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = Object.freeze({
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxCellChars: 32_767,
  maxPartBytes: 2 * 2 ** 30,
  maxRatio: 100,
  ratioGraceBytes: 2 ** 20,
  timeBudgetMs: 300_000,
});

/**
 * The most bytes of text a .csv may hold: it is decoded into one JS string, and V8 strings stop at
 * 2^29 − 24 characters (536,870,888); 500 MiB stays below that whatever the encoding.
 */
export const CSV_MAX_BYTES = 500 * 2 ** 20;

export type LimitKind = 'rows' | 'columns' | 'cellChars' | 'partBytes' | 'ratio' | 'time';

/** A read stopped at one of its limits. `part` is the zip part or file, `cell` the cell when one is to blame. */
export class ReadLimitError extends Error {
  constructor(
    readonly kind: LimitKind,
    readonly limit: number,
    readonly part: string,
    readonly cell?: string,
  ) {
    super(`${kind} limit (${limit}) exceeded in ${part}${cell ? ` at ${cell}` : ''}`);
    this.name = 'ReadLimitError';
  }
}

/** Limits with the caller's overrides applied. */
export function readLimits(overrides: Partial<ReadLimits> = {}): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...overrides };
}

/** A clock that throws once the read's budget is spent; `check` is cheap enough to call per SAX batch. */
export interface Deadline {
  readonly budgetMs: number;
  readonly startedAt: number;
  check(part: string): void;
}

export function deadline(budgetMs: number, now: () => number = Date.now): Deadline {
  const startedAt = now();
  const end = startedAt + budgetMs;
  return {
    budgetMs,
    startedAt,
    check(part) {
      if (now() >= end) throw new ReadLimitError('time', budgetMs, part);
    },
  };
}
