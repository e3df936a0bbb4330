/**
 * The user analyses, in the order a report shows them. The registry (`src/analysis/registry.ts`) spreads
 * this array into its list.
 */
import type { AnalysisDef } from '../registry-types.js';
import { clustersAnalysis } from './clusters.js';
import { clvAnalysis } from './clv.js';
import { cohortsAnalysis } from './cohorts.js';
import { lifecycleAnalysis } from './lifecycle.js';
import { rfmAnalysis } from './rfm.js';

export const userAnalyses: AnalysisDef[] = [
  rfmAnalysis,
  lifecycleAnalysis,
  cohortsAnalysis,
  clvAnalysis,
  clustersAnalysis,
];

export { clustersAnalysis, clvAnalysis, cohortsAnalysis, lifecycleAnalysis, rfmAnalysis };
