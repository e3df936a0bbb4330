/**
 * Waits for Office.js. Outside Office (a plain browser, the playground, tests) `Office.onReady`
 * resolves with `host: null`, and when office.js could not load at all `Office` is undefined.
 */
import './csp.js';

export interface HostInfo {
  /** `excel` inside Excel; null in a plain browser. */
  host: 'excel' | null;
  platform: string | null;
  /** Office display language, e.g. `zh-CN`; the browser's language outside Office. */
  displayLanguage: string;
}

export async function officeReady(): Promise<HostInfo> {
  const fallback = (): HostInfo => ({
    host: null,
    platform: null,
    displayLanguage: typeof navigator === 'undefined' ? 'en-US' : navigator.language,
  });
  if (typeof Office === 'undefined') return fallback();
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) return fallback();
  return {
    host: 'excel',
    platform: String(info.platform),
    displayLanguage: Office.context.displayLanguage || 'en-US',
  };
}
