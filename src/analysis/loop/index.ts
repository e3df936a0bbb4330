/**
 * The closed-loop analyses, in the order a report shows them (the Findings sheet last). The registry
 * (`src/analysis/registry.ts`) spreads this array into its list.
 */
import type { AnalysisDef } from '../registry-types.js';
import { acquisitionQualityAnalysis } from './acquisition-quality.js';
import { beforeAfterAnalysis } from './before-after.js';
import { recommendationsAnalysis } from './recommendations.js';
import { segmentResponseAnalysis } from './segment-response.js';

export const loopAnalyses: AnalysisDef[] = [
  segmentResponseAnalysis,
  acquisitionQualityAnalysis,
  beforeAfterAnalysis,
  recommendationsAnalysis,
];

export { acquisitionQualityAnalysis, beforeAfterAnalysis, recommendationsAnalysis, segmentResponseAnalysis };
