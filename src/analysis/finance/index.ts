/**
 * The finance analyses, in the order the task pane lists them: spend reconciliation, budget against
 * actual, reported against real results.
 */
import type { AnalysisDef } from '../registry-types.js';
import { budgetAnalysis } from './budget-vs-actual/index.js';
import { reconciliationAnalysis } from './reconciliation/index.js';
import { reportedVsRealAnalysis } from './reported-vs-real/index.js';

/** Every finance AnalysisDef. Options types differ per analysis; the registry sees them generically. */
export const financeAnalyses: AnalysisDef[] = [reconciliationAnalysis, budgetAnalysis, reportedVsRealAnalysis];
