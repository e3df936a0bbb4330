/**
 * The real Office.js globals, typed as the API subset Loopbook uses (addin/office/excel-api.ts), so the rest
 * of the add-in never touches `Excel` or `Office` directly. Null outside Excel.
 */
import type { XlOfficeContext, XlRun } from './excel-api.js';

export interface OfficeBindings {
  run: XlRun;
  office: { context: XlOfficeContext };
  /** The Office theme's colours, when the host offers them (not every platform does). */
  theme: () => {
    bodyBackgroundColor: string;
    bodyForegroundColor: string;
    controlBackgroundColor: string;
    controlForegroundColor: string;
  } | null;
}

export function officeBindings(): OfficeBindings | null {
  if (typeof Excel === 'undefined' || typeof Office === 'undefined') return null;
  return {
    run: Excel.run,
    office: Office as unknown as { context: XlOfficeContext },
    theme: () => {
      try {
        return Office.context.officeTheme ?? null;
      } catch {
        return null;
      }
    },
  };
}
