/**
 * Formulas in the stand-in: what it evaluates, and how sheet renames and deletions change formula text.
 *
 * Evaluated (Excel's semantics, from Microsoft's GETPIVOTDATA and IFERROR pages):
 * - `GETPIVOTDATA(data_field, pivot_table[, field1, item1, …])` — `pivot_table` a reference to any cell or
 *   range of a PivotTable (of the most recently created one when it covers several); `data_field` the name of
 *   a data field or of its source field (Microsoft's example `GETPIVOTDATA("Sales", A3)` reads "Sum of
 *   Sales"), ignoring case; fields and items ignoring case (an empty item is `"(blank)"`), numbers as numbers.
 *   No pairs: the grand total. The result is the *visible* cell those pairs describe — its value, whatever it
 *   holds (a blank cell gives 0). `#REF!` when the reference is not in a PivotTable, a field or item is not one
 *   of the PivotTable's, or no visible cell is described by exactly those pairs (a subtotal turned off, an
 *   inner field without its outer one, a grand total turned off).
 * - `IFERROR(value, value_if_error)`, text and number literals, `TRUE`/`FALSE`, error literals.
 *
 * Anything else — any other function, an operator, a reference outside GETPIVOTDATA's second argument — is
 * not evaluated. It is never a silent 0: a formula written through Office.js that the stand-in does not
 * evaluate holds `NOT_EVALUATED`, and reading its value through `Range.values` throws (`InvalidOperation`,
 * naming the cell and formula); one loaded from a file keeps the value the file cached, as Excel shows it
 * until it recalculates.
 *
 * Sheet references: Excel keeps a formula's references to sheets as references, not text (MS-XLSB's
 * `PtgRef3d` names the sheet by index), so renaming a sheet rewrites every formula that refers to it and
 * deleting it leaves `#REF!` in their place (`=GETPIVOTDATA("x",#REF!$A$6)`). The stand-in rewrites the
 * formula text the same way (`renameSheetInFormula`, `deleteSheetInFormula`), keeping a reference quoted when
 * it was (`'Explore'!$A$6` stays quoted; Excel itself would show `Explore!$A$6`) so that text written by
 * Loopbook can be compared as written. Stricter than Excel, which asks the user for a workbook of that name,
 * a formula written through Office.js may not name a sheet the workbook does not have (`sheetsNamedIn`).
 */
import { columnIndex, quoteSheet } from './address.js';
import type { Rect } from './address.js';

/** The value of a formula the stand-in does not evaluate (see the module comment). */
export const NOT_EVALUATED = '#NOT-EVALUATED-BY-STAND-IN';

type Token =
  | { t: 'str'; text: string; value: string }
  | { t: 'num'; text: string; value: number }
  | { t: 'err'; text: string }
  /** A sheet prefix with its `!`: `'My sheet'!`, `Explore!`, or `#REF!` before a cell of a deleted sheet. */
  | { t: 'sheet'; text: string; name: string | null; quoted: boolean }
  | { t: 'cell'; text: string; rect: Rect }
  | { t: 'name'; text: string }
  | { t: 'punct'; text: string }
  | { t: 'space'; text: string }
  | { t: 'other'; text: string };

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?(?![A-Za-z0-9_(])/;
const NUM = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const BARE_SHEET = /^[\p{L}_\\][\p{L}\p{N}_.]*!/u;
const NAME = /^[\p{L}_\\][\p{L}\p{N}_.]*/u;
const ERROR = /^(#NULL!|#DIV\/0!|#VALUE!|#REF!|#NAME\?|#NUM!|#N\/A|#SPILL!|#CALC!|#GETTING_DATA)/i;

function cellRect(m: RegExpExecArray): Rect | null {
  const c1 = columnIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] ? columnIndex(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) - 1 : r1;
  if (c1 < 0 || c2 < 0 || r1 < 0 || r2 < 0) return null;
  return { r0: Math.min(r1, r2), c0: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

/** The index of the quote closing the one at `i` (a doubled quote inside stands for one), or the end. */
function closing(src: string, i: number): number {
  const q = src[i];
  let j = i + 1;
  while (j < src.length && !(src[j] === q && src[j + 1] !== q)) j += src[j] === q ? 2 : 1;
  return j;
}

/** Splits formula text (without its `=`) into tokens whose texts, joined, give the text back. */
function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i];
    let m: RegExpExecArray | null;
    if (ch === '"') {
      const j = closing(src, i);
      const text = src.slice(i, j + 1);
      out.push({ t: 'str', text, value: text.slice(1, -1).replace(/""/g, '"') });
      i = j + 1;
    } else if (ch === "'") {
      const j = closing(src, i);
      const bang = src[j + 1] === '!';
      const text = src.slice(i, bang ? j + 2 : j + 1);
      if (bang) out.push({ t: 'sheet', text, name: src.slice(i + 1, j).replace(/''/g, "'"), quoted: true });
      else out.push({ t: 'other', text });
      i += text.length;
    } else if ((m = /^#REF!(?=\$?[A-Za-z]{1,3}\$?\d)/i.exec(rest))) {
      out.push({ t: 'sheet', text: m[0], name: null, quoted: false });
      i += m[0].length;
    } else if ((m = ERROR.exec(rest))) {
      out.push({ t: 'err', text: m[0] });
      i += m[0].length;
    } else if ((m = CELL.exec(rest)) && !BARE_SHEET.test(rest)) {
      const rect = cellRect(m);
      out.push(rect ? { t: 'cell', text: m[0], rect } : { t: 'other', text: m[0] });
      i += m[0].length;
    } else if ((m = BARE_SHEET.exec(rest))) {
      out.push({ t: 'sheet', text: m[0], name: m[0].slice(0, -1), quoted: false });
      i += m[0].length;
    } else if ((m = NUM.exec(rest))) {
      out.push({ t: 'num', text: m[0], value: Number(m[0]) });
      i += m[0].length;
    } else if ((m = NAME.exec(rest))) {
      out.push({ t: 'name', text: m[0] });
      i += m[0].length;
    } else if ((m = /^\s+/.exec(rest))) {
      out.push({ t: 'space', text: m[0] });
      i += m[0].length;
    } else {
      out.push({ t: '(),;'.includes(ch) ? 'punct' : 'other', text: ch });
      i += 1;
    }
  }
  return out;
}

const lower = (s: string): string => s.toLowerCase();

/** The sheet names a formula's references name (without `#REF!`), as written. */
export function sheetsNamedIn(formula: string): string[] {
  return ownSheets(tokenize(formula.replace(/^=/, ''))).map((k) => k.name!);
}

/**
 * The sheet prefixes that name a sheet of this workbook: not `#REF!`, not another workbook's
 * (`[Book.xlsx]Sheet!`, `'[Book.xlsx]My sheet'!`).
 */
function ownSheets(ks: Token[]): (Token & { t: 'sheet' })[] {
  return ks.filter(
    (k, i): k is Token & { t: 'sheet' } =>
      k.t === 'sheet' && k.name !== null && !k.name.startsWith('[') && ks[i - 1]?.text !== ']',
  );
}

function rewriteSheets(formula: string, change: (k: Token & { t: 'sheet' }) => string | null): string {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  let changed = false;
  const ks = tokenize(body);
  const own = new Set<Token>(ownSheets(ks));
  const text = ks
    .map((k) => {
      if (k.t !== 'sheet' || !own.has(k)) return k.text;
      const next = change(k);
      if (next === null) return k.text;
      changed = true;
      return next;
    })
    .join('');
  return changed ? (formula.startsWith('=') ? '=' : '') + text : formula;
}

/** The formula with its references to sheet `from` naming `to` (a quoted reference stays quoted). */
export function renameSheetInFormula(formula: string, from: string, to: string): string {
  return rewriteSheets(formula, (k) =>
    lower(k.name!) !== lower(from) ? null : k.quoted ? `'${to.replace(/'/g, "''")}'!` : `${quoteSheet(to)}!`,
  );
}

/** The formula with its references to the deleted sheet `name` turned into `#REF!` (`#REF!$A$6`). */
export function deleteSheetInFormula(formula: string, name: string): string {
  return rewriteSheets(formula, (k) => (lower(k.name!) === lower(name) ? '#REF!' : null));
}

/** An error value while a formula is evaluated. */
export class FormulaError {
  constructor(readonly code: string) {}
}

/** What a formula's parts evaluate to. */
export type FormulaValue = number | string | boolean | FormulaError;

export type Node =
  | { k: 'lit'; v: FormulaValue }
  /** `sheet` null: the formula's own sheet; `deleted`: a reference to a deleted sheet (`#REF!A1`). */
  | { k: 'ref'; sheet: string | null; deleted: boolean; rect: Rect }
  | { k: 'call'; name: 'GETPIVOTDATA' | 'IFERROR'; args: Node[] };

const FUNCTIONS = new Set(['GETPIVOTDATA', 'IFERROR']);

/** Parses a formula the stand-in evaluates; null for any other. */
export function parseFormula(formula: string): Node | null {
  if (!formula.startsWith('=')) return null;
  const ks = tokenize(formula.slice(1)).filter((k) => k.t !== 'space');
  let i = 0;
  const expr = (): Node | null => {
    const k = ks[i];
    if (k === undefined) return null;
    i++;
    switch (k.t) {
      case 'str':
        return { k: 'lit', v: k.value };
      case 'num':
        return { k: 'lit', v: k.value };
      case 'err':
        return { k: 'lit', v: new FormulaError(k.text.toUpperCase()) };
      case 'sheet': {
        const c = ks[i];
        if (c?.t !== 'cell') return null;
        i++;
        return { k: 'ref', sheet: k.name, deleted: k.name === null, rect: c.rect };
      }
      case 'cell':
        return { k: 'ref', sheet: null, deleted: false, rect: k.rect };
      case 'name': {
        const name = k.text.toUpperCase();
        if (ks[i]?.text !== '(') return name === 'TRUE' || name === 'FALSE' ? { k: 'lit', v: name === 'TRUE' } : null;
        if (!FUNCTIONS.has(name)) return null;
        i++;
        const args: Node[] = [];
        if (ks[i]?.text === ')') {
          i++;
        } else {
          for (;;) {
            const a = expr();
            if (a === null) return null;
            args.push(a);
            const sep = ks[i++]?.text;
            if (sep === ')') break;
            if (sep !== ',') return null;
          }
        }
        return { k: 'call', name: name as 'GETPIVOTDATA' | 'IFERROR', args };
      }
      default:
        return null;
    }
  };
  const node = expr();
  return node !== null && i === ks.length ? node : null;
}
