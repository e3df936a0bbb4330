/**
 * The marketing analyses, in the order the task pane lists them (channel performance first).
 */
import type { AnalysisDef } from '../registry-types.js';
import { channelPerformanceAnalysis } from './channel-performance/index.js';
import { experimentAnalysis } from './experiment/index.js';
import { funnelAnalysis } from './funnel/index.js';
import { attributionAnalysis } from './attribution/index.js';
import { responseAnalysis } from './response/index.js';

/** Every marketing AnalysisDef. Options types differ per analysis; the registry sees them generically. */
export const marketingAnalyses: AnalysisDef[] = [
  channelPerformanceAnalysis,
  funnelAnalysis,
  experimentAnalysis,
  attributionAnalysis,
  responseAnalysis,
];
