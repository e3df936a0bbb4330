/** Loopbook's version, written into run logs and JSON summaries (kept equal to package.json by a test). */
export const LOOPBOOK_VERSION = '0.1.0';
