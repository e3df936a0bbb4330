/**
 * Calculation in the stand-in: the formulas formulas.ts parses, evaluated against the workbook (GETPIVOTDATA
 * reads the cells a PivotTable laid out, see pivot-model.ts `PivotValueCell`).
 *
 * When: the workbook is marked for calculation (`WorkbookModel.calcDirty`) by a formula written through
 * Office.js, a PivotTable laid out anew or deleted, a sheet renamed or deleted. It calculates at the end of a
 * `sync()`, and before a read of cell values inside one — except in a sync after
 * `suspendApiCalculationUntilNextSync()`, which calculates nothing: what it wrote is calculated by the next
 * sync that is not suspended. A PivotTable reads its source into its cache when created (the stand-in has no
 * `refresh`, which the add-in never calls), so a change of its source table's cells changes no GETPIVOTDATA
 * value, as in Excel until the PivotTable is refreshed.
 */
import { EXCEL_ERRORS } from '../../src/ingest/excel-errors.js';
import { FormulaError, parseFormula } from './formulas.js';
import type { FormulaValue, Node } from './formulas.js';
import type { SheetModel, WorkbookModel } from './model.js';
import { overlaps } from './model.js';
import { fieldIndex, isItem } from './pivot-model.js';
import type { PivotModel } from './pivot-model.js';

const REF = (): FormulaError => new FormulaError('#REF!');
const lower = (s: string): string => s.toLowerCase();

/** A cell's stored value as a formula sees it: error texts are errors, a blank is 0. */
function cellValue(v: string | number | boolean): FormulaValue {
  if (v === '') return 0;
  if (typeof v === 'string' && EXCEL_ERRORS.has(v)) return new FormulaError(v);
  return v;
}

/** The PivotTable a reference points into: of those it overlaps, the most recently created. */
function pivotAt(model: WorkbookModel, sheet: SheetModel, node: Node & { k: 'ref' }): PivotModel | null {
  const hits = model.pivots.filter((p) => p.sheet === sheet && overlaps(p.area, node.rect));
  return hits.at(-1) ?? null;
}

/** GETPIVOTDATA (see formulas.ts); `undefined` when an argument is not something the stand-in evaluates. */
function getPivotData(model: WorkbookModel, sheet: SheetModel, args: Node[]): FormulaValue | undefined {
  const [fieldArg, refArg, ...rest] = args;
  if (fieldArg === undefined || refArg?.k !== 'ref') return undefined;
  const dataField = evaluate(model, sheet, fieldArg);
  if (dataField === undefined || dataField instanceof FormulaError) return dataField;
  const evaluated = rest.map((a) => evaluate(model, sheet, a));
  if (evaluated.some((v) => v === undefined)) return undefined;
  const err = evaluated.find((v): v is FormulaError => v instanceof FormulaError);
  if (err) return err;
  const pairs = evaluated as (string | number | boolean)[];
  if (refArg.deleted) return REF();
  const target = refArg.sheet === null ? sheet : model.findSheet(refArg.sheet);
  if (!target) return REF();
  const p = pivotAt(model, target, refArg);
  if (!p || pairs.length % 2 !== 0) return REF();
  const name = lower(String(dataField));
  let data = p.data.findIndex((d) => lower(d.name) === name);
  if (data < 0) data = p.data.findIndex((d) => lower(d.field) === name);
  if (data < 0) return REF();
  const wanted: [number, string | number | boolean][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const j = fieldIndex(p.fields, String(pairs[i]));
    const shown = [...p.rows, ...p.columns].some((f) => lower(f) === lower(p.fields[j] ?? ''));
    if (j < 0 || !shown || wanted.some(([x]) => x === j)) return REF();
    wanted.push([j, pairs[i + 1]]);
  }
  // The visible cell described by exactly these items.
  const hit = (p.values ?? []).find(
    (v) =>
      v.data === data &&
      v.items.length === wanted.length &&
      wanted.every(([j, item]) => v.items.some(([f, k]) => f === j && isItem(k, item))),
  );
  return hit ? cellValue(p.sheet.getValue(hit.r, hit.c)) : REF();
}

/** A node's value; `undefined` when the stand-in does not evaluate it (see formulas.ts). */
function evaluate(model: WorkbookModel, sheet: SheetModel, node: Node): FormulaValue | undefined {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'ref':
      // A reference is evaluated only as GETPIVOTDATA's PivotTable.
      return undefined;
    case 'call':
      if (node.name === 'IFERROR') {
        if (node.args.length !== 2) return undefined;
        const v = evaluate(model, sheet, node.args[0]);
        return v instanceof FormulaError ? evaluate(model, sheet, node.args[1]) : v;
      }
      return getPivotData(model, sheet, node.args);
  }
}

/**
 * A formula's value on `sheet`, as a cell stores it (an error as its text), or `undefined` when the stand-in
 * does not evaluate it.
 */
export function formulaValue(
  model: WorkbookModel,
  sheet: SheetModel,
  formula: string,
): string | number | boolean | undefined {
  const node = parseFormula(formula);
  if (node === null) return undefined;
  const v = evaluate(model, sheet, node);
  return v instanceof FormulaError ? v.code : v;
}

/**
 * Calculates every formula the stand-in evaluates; the others keep their value (`NOT_EVALUATED`, or what a
 * file cached).
 */
export function recalculate(model: WorkbookModel): void {
  model.calcDirty = false;
  for (const sheet of model.sheets) {
    for (const [r, c, f] of sheet.formulaCells()) {
      const v = formulaValue(model, sheet, f);
      if (v !== undefined) sheet.setCalculated(r, c, v);
    }
  }
}
