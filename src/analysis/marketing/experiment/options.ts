/**
 * What the experiment analysis is (kind, titles) and how it can be set (options and their defaults).
 */
import type { I18nText } from '../../../types.js';
import type { ResultHead } from '../../common/index.js';

export interface ExperimentOptions {
  /** Arm column name; default: the column with role `arm`, or a header like arm/variant/group/分组. */
  arm: string | null;
  /** Control arm value; default: detected (control, holdout, No …, 对照). */
  control: string | null;
  /** Outcome columns; default: every column with role `outcome`. */
  metrics: string[] | null;
  /** Pre-period covariate column for CUPED; default: the column with role `covariate`. */
  covariate: string | null;
  /** Segment columns for lift by segment; default: every `attribute` column with ≤ `maxSegmentValues` values. */
  segments: string[] | null;
  /** Two-sided significance level; intervals are (1 − alpha). */
  alpha: number;
  /** Sample-ratio mismatch is flagged below this χ² p-value. */
  srmThreshold: number;
  /** Planned share of units per arm (by arm label); default: equal shares. */
  expectedShares: Record<string, number> | null;
  cuped: boolean;
  bayesian: boolean;
  /** Smallest number of units per arm within a segment value for its lift to be shown. */
  minSegmentSize: number;
  maxSegmentValues: number;
  /** Relative lift for which the needed sample is computed. */
  targetRelativeLift: number;
  power: number;
  /** What one unit is, for verdicts ("spend per customer"). */
  unitLabel: I18nText;
}

export const EXPERIMENT_DEFAULTS: ExperimentOptions = {
  arm: null,
  control: null,
  metrics: null,
  covariate: null,
  segments: null,
  alpha: 0.05,
  srmThreshold: 0.001,
  expectedShares: null,
  cuped: true,
  bayesian: true,
  minSegmentSize: 100,
  maxSegmentValues: 20,
  targetRelativeLift: 0.05,
  power: 0.8,
  unitLabel: { en: 'customer', 'zh-CN': '客户' },
};

/** Kind and titles of the analysis, the head of every result it returns. */
export const EXPERIMENT_HEAD: ResultHead = {
  kind: 'experiment',
  title: { en: 'Experiment and campaign lift', 'zh-CN': '实验与活动提升' },
  sheetName: { en: 'Lift', 'zh-CN': '实验增量' },
  question: {
    en: 'Did the treatment change behaviour compared with control, by how much, and for which segments?',
    'zh-CN': '与对照组相比，处理组的行为是否发生变化？变化多大？哪些细分人群有反应？',
  },
};
