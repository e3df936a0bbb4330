/**
 * Test helper: build a Dataset directly from column arrays, without the ingest stage.
 * Shared by the user- and marketing-analysis tests. Columns are given in order with their role and type;
 * `rowNumbers` are Excel rows 2..n+1 (row 1 is the header).
 */
import * as aq from 'arquero';
import type { ColumnInfo, ColumnType, Dataset, Role, TableKind } from '../../src/ingest/types.js';
import type { CellValue } from '../../src/types.js';
import type { CommonOptions } from '../../src/analysis/registry-types.js';
import { columnLetter } from '../../src/a1.js';

export interface ColumnSpec {
  name: string;
  role: Role | null;
  values: CellValue[];
  /** Defaults to `number` for numeric arrays, `text` otherwise. */
  type?: ColumnType;
}

export { columnLetter };

/** Make a Dataset of the given kind from column specs (all columns must have the same length). */
export function makeDataset(kind: TableKind, columns: ColumnSpec[], sheet = kind): Dataset {
  const n = columns.length > 0 ? columns[0].values.length : 0;
  for (const c of columns) {
    if (c.values.length !== n) throw new Error(`column ${c.name} has ${c.values.length} values, expected ${n}`);
  }
  const data: Record<string, CellValue[]> = {};
  for (const c of columns) data[c.name] = c.values;
  const infos: ColumnInfo[] = columns.map((c, i) => ({
    name: c.name,
    header: c.name,
    letter: columnLetter(i),
    type: c.type ?? (c.values.some((v) => typeof v === 'number') ? 'number' : 'text'),
    role: c.role,
    roleConfidence: 1,
    nulls: c.values.filter((v) => v === null).length,
  }));
  return {
    sheet,
    kind,
    kindConfidence: 1,
    table: aq.table(data),
    columns: infos,
    rowNumbers: Array.from({ length: n }, (_, i) => i + 2),
    headerRows: [1],
    diagnostics: [],
  };
}

/** Orders dataset from parallel arrays (dates as Excel serials). */
export function makeOrders(o: {
  customer: CellValue[];
  date: CellValue[];
  amount: CellValue[];
  orderId?: CellValue[];
  status?: CellValue[];
  channel?: CellValue[];
}): Dataset {
  const cols: ColumnSpec[] = [
    { name: 'customer_id', role: 'customer_id', values: o.customer, type: 'identifier' },
    { name: 'date', role: 'date', values: o.date, type: 'date' },
    { name: 'amount', role: 'amount', values: o.amount, type: 'currency' },
  ];
  if (o.orderId) cols.push({ name: 'order_id', role: 'order_id', values: o.orderId, type: 'identifier' });
  if (o.status) cols.push({ name: 'status', role: 'status', values: o.status, type: 'category' });
  if (o.channel) cols.push({ name: 'channel', role: 'channel', values: o.channel, type: 'category' });
  return makeDataset('orders', cols);
}

/** Excel serial (1900 system) of a UTC calendar date `YYYY-MM-DD`. */
export function serial(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569;
}

/** Common options for tests: as-of date, USD, English. */
export function common(asOfIso: string): CommonOptions {
  return { asOf: serial(asOfIso), currency: 'USD', lang: 'en' };
}

/** Deep-freeze a value so a test can assert an analysis did not change its input. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
