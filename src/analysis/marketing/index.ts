/**
 * The marketing analyses, in the order the task pane lists them (channel performance first).
 */
import type { AnalysisDef } from '../registry-types.js';
import { channelPerformanceAnalysis } from './channel-performance/index.js';
import { experimentAnalysis } from './experiment/index.js';
import { funnelAnalysis } from './funnel/index.js';
import { attribution } from './attribution.js';
import { responseCurves } from './response.js';

/** Every marketing AnalysisDef. Options types differ per analysis; the registry sees them generically. */
export const marketingAnalyses: AnalysisDef[] = [
  channelPerformanceAnalysis,
  funnelAnalysis,
  experimentAnalysis,
  attribution,
  responseCurves,
];
