/**
 * The marketing analyses, in the order the task pane lists them (channel performance first).
 */
import type { AnalysisDef } from '../registry-types.js';
import { channelPerformance } from './channel-performance.js';
import { experimentAnalysis } from './experiment/index.js';
import { funnel } from './funnel.js';
import { attribution } from './attribution.js';
import { responseCurves } from './response.js';

/** Every marketing AnalysisDef. Options types differ per analysis; the registry sees them generically. */
export const marketingAnalyses: AnalysisDef[] = [
  channelPerformance,
  funnel,
  experimentAnalysis,
  attribution,
  responseCurves,
];
