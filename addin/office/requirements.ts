/**
 * Requirement sets: ExcelApi 1.7 is the minimum (manifest); newer members are feature-checked with
 * `Office.context.requirements.isSetSupported` and degrade gracefully, with a message in both languages.
 */
import type { Diagnostic, I18nText } from '../../src/types.js';
import type { XlOfficeContext } from './excel-api.js';

export const MIN_EXCEL_API = '1.7';

/** What the host supports beyond the ExcelApi 1.7 minimum. */
export interface HostCaps {
  /** ExcelApi 1.7 or later: Loopbook can run at all. */
  supported: boolean;
  /** ExcelApi 1.8: series on a secondary axis, axis number formats, one colour per point. */
  chartDetails: boolean;
  /** ExcelApi 1.9: `suspendScreenUpdatingUntilNextSync` and `getSelectedRanges` (several areas). */
  screenUpdating: boolean;
  selectedRanges: boolean;
  /**
   * ExcelApi 1.8: creating PivotTables and setting their hierarchies and layout. Without it the Explore sheet
   * has no PivotTables, and the Dashboard's customer-base tiles keep their figures as plain values instead of
   * GETPIVOTDATA formulas (`apply.pivotsNotWritten`).
   */
  pivotTables: boolean;
  /** ExcelApi 1.10: slicers. */
  slicers: boolean;
}

/** Every feature on: for tests and the playground. */
export const ALL_CAPS: HostCaps = {
  supported: true,
  chartDetails: true,
  screenUpdating: true,
  selectedRanges: true,
  pivotTables: true,
  slicers: true,
};

const t = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

/** The Office context of the page, when Office.js is loaded. */
export function globalOfficeContext(): XlOfficeContext | null {
  return typeof Office === 'undefined' ? null : Office.context;
}

/**
 * Checks the host's requirement sets.
 * @example checkRequirements(sim.office.context).caps.screenUpdating // true on ExcelApi ≥ 1.9
 */
export function checkRequirements(office: XlOfficeContext | null = globalOfficeContext()): {
  caps: HostCaps;
  diagnostics: Diagnostic[];
} {
  const has = (v: string): boolean => office?.requirements.isSetSupported('ExcelApi', v) ?? false;
  const caps: HostCaps = {
    supported: has(MIN_EXCEL_API),
    chartDetails: has('1.8'),
    screenUpdating: has('1.9'),
    selectedRanges: has('1.9'),
    pivotTables: has('1.8'),
    slicers: has('1.10'),
  };
  const diagnostics: Diagnostic[] = [];
  if (!caps.supported) {
    diagnostics.push({
      code: 'host.unsupported',
      severity: 'error',
      message: t(
        'This version of Excel is too old for Loopbook (it needs Excel API 1.7: Excel 2019, Microsoft 365 or Excel on the web).',
        '此版本的 Excel 过旧，无法运行 Loopbook（需要 Excel API 1.7：Excel 2019、Microsoft 365 或 Excel 网页版）。',
      ),
    });
  } else {
    if (!caps.chartDetails) {
      diagnostics.push({
        code: 'host.chartDetails',
        severity: 'info',
        message: t(
          'This Excel draws combination charts without a secondary axis and leaves axis number formats as they are (Excel API 1.8 is missing).',
          '此 Excel 绘制组合图时不使用次坐标轴，也不设置坐标轴数字格式（缺少 Excel API 1.8）。',
        ),
      });
    }
    if (!caps.selectedRanges) {
      diagnostics.push({
        code: 'host.selectedRanges',
        severity: 'info',
        message: t(
          'This Excel reads only the first area of a selection (Excel API 1.9 is missing).',
          '此 Excel 只能读取所选内容的第一个区域（缺少 Excel API 1.9）。',
        ),
      });
    }
  }
  return { caps, diagnostics };
}
