/**
 * Finding the arm column of an experiment and its control arm.
 */
import type { ColumnInfo, Dataset } from '../../ingest/types.js';
import { columnByRole } from '../common/index.js';

/** Header names that usually hold the arm, English and Chinese. */
const ARM_HEADER =
  /^(arm|variant|variation|group|treatment|segment|bucket|cell|test[ _-]?group|experiment[ _-]?group|分组|组别|实验组|组|版本|方案)$/i;

/** Arm values that usually mean "no treatment". */
const CONTROL_VALUE =
  /(^|[^a-z])(control|holdout|hold-out|hold out|baseline|placebo|none|no)([^a-z]|$)|对照|空白|基线|不发|未发|未触达|无/i;

/**
 * The arm column: the column with role `arm`, else one whose header reads like an arm (arm, variant,
 * group, segment, 分组, 组别 …), else none. `name` chooses a column by name and wins when it exists.
 */
export function findArmColumn(data: Dataset, name?: string | null): ColumnInfo | undefined {
  if (name) {
    const c = data.columns.find((x) => x.name === name || x.header === name);
    if (c) return c;
  }
  return columnByRole(data, 'arm') ?? data.columns.find((c) => ARM_HEADER.test(c.header.trim()));
}

/**
 * The control arm among `arms`: `chosen` when given and present; else the first whose label reads like
 * a control (control, holdout, baseline, No …, 对照, 空白 …); else null (the caller decides and says so).
 *
 * @example detectControl(['Mens E-Mail', 'Womens E-Mail', 'No E-Mail']) // → 'No E-Mail'
 */
export function detectControl(arms: readonly string[], chosen?: string | null): string | null {
  if (chosen && arms.includes(chosen)) return chosen;
  return arms.find((a) => CONTROL_VALUE.test(a)) ?? null;
}
