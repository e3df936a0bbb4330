/** Excel error values as Office.js `Range.values` delivers them (their text). */
export const EXCEL_ERRORS: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#PYTHON!',
  '#TIMEOUT!',
]);

/** True when the string is an Excel error value such as `#N/A` (surrounding blanks ignored). */
export function isExcelError(s: string): boolean {
  if (s.length < 4 || s.length > 20) return false;
  const t = s.charCodeAt(0) === 35 ? s : s.trim();
  return t.charCodeAt(0) === 35 && EXCEL_ERRORS.has(t.toUpperCase());
}
