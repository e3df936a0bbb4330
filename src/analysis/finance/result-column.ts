/** A result-table column of the finance analyses, with its English and Chinese label. */
import type { ResultColumn } from '../types.js';

/**
 * @example
 *   col('amount', 'Amount (CNY)', '金额（CNY）', 'currency') // → { key: 'amount', label: { en: 'Amount (CNY)', 'zh-CN': '金额（CNY）' }, kind: 'currency' }
 */
export function col(
  key: string,
  en: string,
  zh: string,
  kind: ResultColumn['kind'],
  extra: Partial<ResultColumn> = {},
): ResultColumn {
  return { key, label: { en, 'zh-CN': zh }, kind, ...extra };
}
