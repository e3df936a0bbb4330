/** The result of an analysis that cannot analyse its input at all. */
import type { Diagnostic, I18nText } from '../../types.js';
import type { AnalysisResult } from '../types.js';

/** What names a result: its kind, title, proposed sheet name and question. */
export type ResultHead = Pick<AnalysisResult, 'kind' | 'title' | 'sheetName' | 'question'>;

/**
 * A result with no tables, figures, charts or findings, for a hard stop; the diagnostics say why.
 *
 * @example
 *   emptyResult({ kind: 'funnel', title: TITLE, sheetName: SHEET, question: QUESTION }, [missingColumn(...)])
 */
export function emptyResult(head: ResultHead, diagnostics: Diagnostic[], notes: I18nText[] = []): AnalysisResult {
  return { ...head, figures: [], tables: [], charts: [], findings: [], notes, diagnostics };
}
