/**
 * Experiment, phase 1: read and check the inputs. Finds the arm column, the control arm, the outcome
 * metrics and the CUPED covariates, and says with sheet, column and rows what it could not use. Returns
 * null (with an error diagnostic) when there is nothing to compare.
 */
import type { ColumnInfo, Dataset } from '../../../ingest/types.js';
import type { Diagnostic, I18nText, Where } from '../../../types.js';
import { detectControl, findArmColumn } from '../arms.js';
import { columnValues, diag, factorize, numbers, where } from '../../common/index.js';
import { msg } from '../messages.js';
import type { ExperimentOptions } from './options.js';

/** One outcome metric read from the data. */
export interface MetricData {
  key: string;
  header: string;
  /** Every value is 0 or 1: compared as a proportion. */
  binary: boolean;
  values: Float64Array;
}

/** The experiment as columns: arm code per row (−1: no arm), the control, metrics and covariates. */
export interface ExperimentInput {
  armCol: ColumnInfo;
  armOf: Int32Array;
  armNames: string[];
  /** Index of the control arm in `armNames`. */
  c0: number;
  control: string;
  metrics: MetricData[];
  /** Numeric pre-period covariates for CUPED (empty when CUPED is off or there are none). */
  covariates: { col: ColumnInfo; values: Float64Array }[];
}

const NUMERIC = new Set(['integer', 'number', 'currency', 'percent']);

export function byName(data: Dataset, name: string): ColumnInfo | undefined {
  return data.columns.find((c) => c.name === name || c.header === name);
}

/** Outcome values as numbers (booleans → 1/0) and whether every value is 0 or 1. */
export function readMetric(data: Dataset, col: ColumnInfo, diags: Diagnostic[]): MetricData {
  const raw = columnValues(data, col.name);
  let hasBool = false;
  for (let i = 0; i < raw.length && !hasBool; i++) hasBool = typeof raw[i] === 'boolean';
  let values: Float64Array;
  if (hasBool) {
    values = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i];
      values[i] = v === true ? 1 : v === false ? 0 : typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
  } else values = numbers(data, col, diags);
  return { key: col.name, header: col.header, binary: isBinary(values), values };
}

/** True when every present (non-NaN) value is 0 or 1. */
export function isBinary(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v && v !== 0 && v !== 1) return false;
  }
  return true;
}

/** The control arm: the chosen one, else one named like a control, else the first by name (said so). */
function chooseControl(
  data: Dataset,
  armCol: ColumnInfo,
  armNames: string[],
  chosen: string | null,
  diagnostics: Diagnostic[],
): string {
  const detected = detectControl(armNames, chosen);
  if (chosen && detected !== chosen) {
    diagnostics.push(
      diag(
        'marketing.experiment.control-not-found',
        'warning',
        msg('experiment.controlNotFound', { control: chosen }),
        where(data, armCol, []),
      ),
    );
  }
  if (detected !== null) return detected;
  const control = [...armNames].sort()[0];
  diagnostics.push(
    diag(
      'marketing.experiment.control-assumed',
      'info',
      msg('experiment.controlAssumed', { control }),
      where(data, armCol, []),
    ),
  );
  return control;
}

/** Push an error diagnostic and give null: the analysis cannot go on. */
function stop(diagnostics: Diagnostic[], code: string, message: I18nText, at: Where): null {
  diagnostics.push(diag(code, 'error', message, at));
  return null;
}

/** The arm column and the outcome columns, or null (with an error) when either is missing. */
function findColumns(
  data: Dataset,
  o: ExperimentOptions,
  diagnostics: Diagnostic[],
): { armCol: ColumnInfo; metricCols: ColumnInfo[] } | null {
  const armCol = findArmColumn(data, o.arm);
  if (!armCol) return stop(diagnostics, 'marketing.experiment.no-arm', msg('experiment.noArm'), { sheet: data.sheet });
  const chosen = o.metrics
    ? o.metrics.map((m) => byName(data, m)).filter((c): c is ColumnInfo => !!c)
    : data.columns.filter((c) => c.role === 'outcome');
  const metricCols = chosen.filter((c) => c !== armCol);
  if (metricCols.length === 0)
    return stop(diagnostics, 'marketing.experiment.no-outcome', msg('experiment.noOutcome'), { sheet: data.sheet });
  return { armCol, metricCols };
}

/** Arm code per row (−1: blank, reported) and the arm names; null (with an error) unless 2–50 arms. */
function readArms(
  data: Dataset,
  armCol: ColumnInfo,
  diagnostics: Diagnostic[],
): { armOf: Int32Array; armNames: string[] } | null {
  const { codes: armOf, levels: armNames } = factorize(data, armCol);
  const blankRows: number[] = [];
  for (let i = 0; i < armOf.length; i++) if (armOf[i] < 0) blankRows.push(i);
  if (blankRows.length > 0) {
    const message = msg('experiment.blankArm', { count: blankRows.length });
    diagnostics.push(diag('marketing.experiment.blank-arm', 'warning', message, where(data, armCol, blankRows)));
  }
  const K = armNames.length;
  const at = where(data, armCol, []);
  if (K < 2) return stop(diagnostics, 'marketing.experiment.one-arm', msg('experiment.oneArm'), at);
  if (K > 50)
    return stop(
      diagnostics,
      'marketing.experiment.too-many-arms',
      msg('experiment.tooManyArms', { column: armCol.header, count: K }),
      at,
    );
  return { armOf, armNames };
}

/**
 * Read an experiment Dataset (roles: arm, outcome; optional covariate). Diagnostics go to `diagnostics`,
 * in the order the user meets the problems: columns, rows, arms, control, values.
 */
export function readExperiment(data: Dataset, o: ExperimentOptions, diagnostics: Diagnostic[]): ExperimentInput | null {
  const cols = findColumns(data, o, diagnostics);
  if (!cols) return null;
  const { armCol, metricCols } = cols;
  if (data.table.numRows() === 0)
    return stop(diagnostics, 'marketing.experiment.empty', msg('experiment.empty'), { sheet: data.sheet });
  const arms = readArms(data, armCol, diagnostics);
  if (!arms) return null;
  const { armOf, armNames } = arms;
  const control = chooseControl(data, armCol, armNames, o.control, diagnostics);
  const c0 = armNames.indexOf(control);

  const metrics = metricCols.map((c) => readMetric(data, c, diagnostics));
  // CUPED covariates: the chosen column, else every numeric column with role `covariate`.
  const covCols: ColumnInfo[] = !o.cuped
    ? []
    : o.covariate
      ? [byName(data, o.covariate)].filter((c): c is ColumnInfo => !!c)
      : data.columns.filter((c) => c.role === 'covariate' && NUMERIC.has(c.type));
  const covariates = covCols.map((col) => ({ col, values: numbers(data, col, diagnostics) }));
  return { armCol, armOf, armNames, c0, control, metrics, covariates };
}
