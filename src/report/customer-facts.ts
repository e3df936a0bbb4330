/**
 * The per-customer fact table and the Explore sheet: results that stay live for colleagues without Loopbook.
 *
 *   rfm / lifecycle / clv / clusters `customers` tables + the cohorts and segment-response handovers
 *     ──▶ "Customer facts" (one row per customer, an Excel table)
 *     ──▶ "Explore" (PivotTables over it, with slicers; the first, the customer base by lifecycle stage,
 *         is what the Dashboard's customer figures read, so its slicers move them)
 *
 * Built only from what the analyses computed: a column is there when its analysis ran, and nothing in it
 * is a formula (text cells go through the Plan's text rules like any other).
 */
import type { AnalysisResult, ResultTable } from '../analysis/types.js';
import type { CohortMembers } from '../analysis/user/cohorts.js';
import type { SegmentResponseData } from '../analysis/loop/segment-response.js';
import type { CellValue, I18nText, Lang } from '../types.js';
import { pick } from '../i18n/labels.js';
import { codesInOrder, fullTableOf } from '../analysis/common/full-table.js';
import { num } from '../analysis/common/text.js';
import { numberFormatFor } from './number-format.js';
import type { KpiTile, NoteItem, PivotBlock, ReportSheet, ReportValue, TableBlock, TableColumn } from './types.js';

/** Keys of the fact table's block and of the two sheets (stable: tests and the Plan refer to them). */
export const FACTS_SHEET_KEY = 'customer-facts';
export const FACTS_TABLE_KEY = 'customer-facts.facts';
export const EXPLORE_SHEET_KEY = 'explore';

/** Rows a worksheet holds (1,048,576) less room for the title band above the table. */
export const MAX_FACT_ROWS = 1_048_576 - 16;

const tx = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

/** This module's texts (the report stage's own wording; analyses bring theirs). */
const TEXT = {
  factsSheet: tx('Customer facts', '客户明细'),
  factsTitle: tx('Customer facts: one row per customer', '客户明细：每位客户一行'),
  factsAbout: tx(
    'Each column comes from the analysis of the same name; a column is missing when its analysis did not run. The Explore sheet’s pivot tables read this table.',
    '各列来自同名分析；某项分析未运行时缺少对应列。“探索”工作表中的数据透视表读取此表。',
  ),
  factsAboutNoPivots: tx(
    'Each column comes from the analysis of the same name; a column is missing when its analysis did not run. To explore it, click a cell of the table and choose Insert › PivotTable; the command line (loopbook refresh on this workbook) also adds an Explore sheet of pivot tables and slicers over it.',
    '各列来自同名分析；某项分析未运行时缺少对应列。如需透视分析，请点击表中任一单元格，选择“插入 › 数据透视表”；在命令行对此工作簿运行 loopbook refresh，还会添加一张基于此表的“探索”工作表（含数据透视表和切片器）。',
  ),
  capped: tx(
    'This sheet holds the first {shown} of {total} customers (highest revenue first): a worksheet holds at most 1,048,576 rows.',
    '本表仅列出 {total} 位客户中的前 {shown} 位（按收入从高到低）：一个工作表最多容纳 1,048,576 行。',
  ),
  sourceCapped: tx(
    '{sheet}: {note} Customers it leaves out have empty cells in its columns.',
    '{sheet}：{note}未列出的客户在其各列中为空。',
  ),
  primaryCapped: tx(
    '{sheet}: {note} This table holds the customers it lists, so its totals are those of these customers.',
    '{sheet}：{note}本表仅包含其列出的客户，合计也仅针对这些客户。',
  ),
  notes: tx('Notes', '说明'),
  exploreSheet: tx('Explore', '探索'),
  exploreTitle: tx('Explore the customer base', '探索客户群'),
  instructions: tx(
    'Click items in a slicer to filter the pivot table beside it (Ctrl+click for several); after the data change, use Data › Refresh All.',
    '点击切片器中的项目即可筛选旁边的数据透视表（按住 Ctrl 可多选）；数据更新后，请使用“数据 › 全部刷新”。',
  ),
  customer: tx('Customer', '客户'),
  channel: tx('Acquisition channel', '获客渠道'),
  cohortMonth: tx('First purchase month', '首购月份'),
  cohortWeek: tx('First purchase week', '首购周'),
  segment: tx('RFM segment', 'RFM 分群'),
  business: tx('Business segment', '业务分群'),
  stage: tx('Lifecycle stage', '生命周期阶段'),
  cluster: tx('Cluster', '客户类别'),
  orders: tx('Orders', '订单数'),
  revenue: tx('Revenue', '收入'),
  clv: tx('Predicted CLV', '预测 CLV'),
  risk: tx('Churn risk', '流失风险'),
  campaigns: tx('Responded to campaigns', '响应过的活动'),
  pivotBase: tx(
    'The customer base by lifecycle stage: the Dashboard’s customer figures follow its slicers',
    '按生命周期阶段的客户群：仪表板上的客户指标随其切片器变化',
  ),
  pivotBaseBySegment: tx(
    'The customer base by RFM segment: the Dashboard’s customer figures follow its slicers',
    '按 RFM 分群的客户群：仪表板上的客户指标随其切片器变化',
  ),
  pivotSegments: tx('Segments by acquisition channel', '各分群按获客渠道'),
  pivotStages: tx('Lifecycle stage by first purchase month', '各首购月份的生命周期阶段'),
  customers: tx('Customers', '客户数'),
  totalRevenue: tx('Total revenue', '收入合计'),
  meanClv: tx('Mean CLV', '平均 CLV'),
  totalClv: tx('Total CLV', 'CLV 合计'),
} as const;

function text(key: keyof typeof TEXT, lang: Lang, vars: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A fact column: its value on each row of the fact table (undefined where its source does not list the customer). */
interface FactColumn {
  key: string;
  header: string;
  kind: TableColumn['kind'];
  /** Value on fact row `row` (customer `id`), or undefined when the source does not list the customer. */
  get: (row: number, id: string) => CellValue | undefined;
}

/** Per-customer results, in the order the fact table takes its rows from: the first present is its source. */
const PER_CUSTOMER = ['rfm', 'clv', 'lifecycle', 'clusters'] as const;

/** The `customers` table of a result of `kind`, when it lists anyone. */
function customersTable(results: readonly AnalysisResult[], kind: string): ResultTable | undefined {
  const table = results.find((x) => x.kind === kind)?.tables.find((x) => x.name === 'customers');
  return table && table.rows.length > 0 ? table : undefined;
}

/**
 * The fact row of each customer code (-1: none) when the source of the rows codes its customers (FullTable.customers):
 * `row[c]` for customer `ids[c]`; both null otherwise.
 */
interface RowsByCode {
  ids: readonly string[] | null;
  row: Int32Array | null;
}

/** A per-customer table read for the fact table: the fields asked for, by fact row. */
interface FactSource {
  result: AnalysisResult;
  table: ResultTable;
  /** `fields[key][row]`: the field on fact row `row`, undefined where the table does not list that customer. */
  fields: Record<string, (CellValue | undefined)[]>;
  /** Customers the table lists in all. */
  total: number;
  /** Listing only some customers: a capped table without its whole table attached. */
  partial: boolean;
}

/**
 * Reads `keys` of the `customers` table of a result of `kind` (every customer when the analysis attached its whole
 * table; the sheet shows the first rows only) into columns by fact row. The source of the rows (`rows` null) gives
 * them: its customers in its order, at most `limit`, pushed onto `ids`; any other source fills the rows of the
 * customers it lists: by customer code when it and the source of the rows code theirs into the same list (`codes`,
 * which the source of the rows fills), else by id (`rows()`: fact row by customer id, made on first need). Only
 * the fields are kept, never the table's row objects:
 * at hundreds of thousands of customers those would hold most of the report's memory.
 */
function customersOf(
  results: readonly AnalysisResult[],
  kind: string,
  keys: readonly string[],
  at: { rows: (() => ReadonlyMap<string, number>) | null; ids: string[]; limit: number; codes: RowsByCode },
): FactSource | null {
  const r = results.find((x) => x.kind === kind);
  const table = customersTable(results, kind);
  if (!r || !table) return null;
  const full = fullTableOf(table);
  const total = full ? full.rows : table.rows.length;
  // Column getters of the whole table when it gives them: no object per row of millions.
  const getId = full?.column?.('customer_id');
  const getters = keys.map((k) => full?.column?.(k));
  const byColumn = getId !== undefined && getters.every((g) => g !== undefined);
  const rowAt = byColumn ? null : full ? (i: number) => full.row(i) : (i: number) => table.rows[i];
  // Where each row of the table goes (-1: nowhere): the source of the rows gives its first `limit`, in its order;
  // any other fills the rows of the customers it lists. Then the fields, one column at a time (issue 13: a getter at
  // a time stays fast; row by row, alternating getters, a 500,000-customer run spent 3 s here).
  const n = at.rows ? total : Math.min(total, at.limit);
  const place = new Int32Array(n).fill(-1);
  // Each row's customer as a code into the run's customer list, when the table gives it: the source of the rows
  // records the fact row of each code; another table of the same list finds its rows there by a plain array read
  // (issue 14: a lookup by id string costs ~1 µs, 6.5 of 8.6 s of the report at 3,000,000 customers). Measured on
  // four tables in random orders: 4.4 -> 2.3 CPU s at 1,000,000 customers, 13.4 -> 3.1 s at 3,000,000 (8.0 s while
  // the database's lifecycle list gives no codes and is read by id).
  const coded = full?.customers?.();
  const byCode = at.codes;
  if (!at.rows) {
    byCode.ids = coded?.ids ?? null;
    byCode.row = coded ? new Int32Array(coded.ids.length).fill(-1) : null;
  }
  const rowOfCode = byCode.row;
  const code = at.rows && coded && rowOfCode && coded.ids === byCode.ids ? coded.code : null;
  // Fact row by customer id, made on first need (a table placed wholly by code needs none).
  let rows: ReadonlyMap<string, number> | undefined;
  // A table listing the customers in the order of the rows (the clusters after RFM: both by revenue) finds each
  // on its own row, without a lookup by id: with every id once, `rows.get(ids[i])` is i (issue 14: the lookups
  // were most of this function at 1,000,000 customers).
  let unique = false;
  // Once every customer of the rows is found, the rest of the table lists none of them (a per-customer table lists
  // each customer once): the scan stops there (the clusters of 10,000,000 customers after their first 1,048,560).
  const found = at.rows ? new Uint8Array(at.ids.length) : null;
  let left = at.ids.length;
  let end = n;
  for (let i = 0; i < n; i++) {
    let p: number;
    const c = code ? code(i) : -1;
    if (c >= 0) {
      // By code: every fact row's code is recorded, so a customer without one is on no fact row.
      p = rowOfCode![c];
    } else {
      const id = rowAt ? rowAt(i).customer_id : getId!(i);
      if (typeof id !== 'string' && typeof id !== 'number') continue;
      if (!at.rows) {
        p = at.ids.push(String(id)) - 1;
        place[i] = p;
        if (rowOfCode) {
          // The fact row of the customer's code (the first row listing them); an uncoded row codes none.
          const k = coded!.code(i);
          if (k >= 0 && coded!.ids[k] === at.ids[p]) {
            if (rowOfCode[k] < 0) rowOfCode[k] = p;
          } else byCode.row = null;
        }
        continue;
      }
      if (!rows) {
        rows = at.rows();
        unique = rows.size === at.ids.length;
      }
      p = unique && i < at.ids.length && at.ids[i] === id ? i : (rows.get(String(id)) ?? -1);
    }
    place[i] = p;
    if (p >= 0 && found![p] === 0) {
      found![p] = 1;
      if (--left === 0) {
        end = i + 1;
        break;
      }
    }
  }
  const fields = placedFields(keys, place.subarray(0, end), at.ids.length, rowAt, getters);
  return { result: r, table, fields, total, partial: !full && table.note !== undefined };
}

/** `keys` of the rows placed (`place[i]`: fact row of table row i, -1 none) into columns of `size` fact rows. */
function placedFields(
  keys: readonly string[],
  place: Int32Array,
  size: number,
  rowAt: ((i: number) => Record<string, CellValue>) | null,
  getters: readonly (((i: number) => CellValue) | undefined)[],
): Record<string, (CellValue | undefined)[]> {
  const fields: Record<string, (CellValue | undefined)[]> = {};
  for (const k of keys) fields[k] = new Array<CellValue | undefined>(size);
  if (rowAt)
    for (let i = 0; i < place.length; i++) {
      if (place[i] < 0) continue;
      const row = rowAt(i);
      for (const k of keys) fields[k][place[i]] = row[k];
    }
  else
    keys.forEach((k, j) => {
      const col = fields[k];
      const get = getters[j]!;
      for (let i = 0; i < place.length; i++) if (place[i] >= 0) col[place[i]] = get(i);
    });
  return fields;
}

/** The fields the fact table reads of each per-customer table (RFM's as its options name F and M). */
function factKeys(results: readonly AnalysisResult[], kind: (typeof PER_CUSTOMER)[number]): string[] {
  const has = (key: string) => customersTable(results, kind)?.columns.some((c) => c.key === key) ?? false;
  if (kind === 'rfm')
    return [
      'segment',
      'business_segment',
      has('orders') ? 'orders' : 'frequency',
      has('revenue') ? 'revenue' : 'monetary',
    ];
  if (kind === 'lifecycle') return ['stage', 'revenue'];
  if (kind === 'clusters') return ['name'];
  return ['clv', 'risk'];
}

interface Sources {
  /** The customers of the rows, at most MAX_FACT_ROWS. */
  ids: string[];
  /** Customers the source of the rows has in all. */
  total: number;
  columns: FactColumn[];
  /** Source tables that list only some customers (their own note says so). */
  /** The first is the source of the rows when `primary` is true. */
  capped: { result: AnalysisResult; table: ResultTable; primary: boolean }[];
}

/** The fact columns this run's results support, and the customers (the first source's order: by revenue). */
function factSources(results: readonly AnalysisResult[], lang: Lang): Sources | null {
  // The source of the rows (RFM: highest revenue first) is read first; the others only for its customers.
  const first = PER_CUSTOMER.find((k) => customersTable(results, k) !== undefined);
  const cohorts = results.find((r) => r.kind === 'cohorts');
  // The cohorts result hands over each customer's first purchase period and channel (see `cohortMembers`).
  const members = cohorts?.handover ? (cohorts.handover as CohortMembers) : null;
  const ids: string[] = [];
  const codes: RowsByCode = { ids: null, row: null };
  const primary = first
    ? customersOf(results, first, factKeys(results, first), { rows: null, ids, limit: MAX_FACT_ROWS, codes })
    : null;
  // Rows: the customers of the first per-customer table (RFM: highest revenue first), else the cohorts'.
  if (!primary && members) ids.push(...members.ids.slice(0, MAX_FACT_ROWS));
  let byId: Map<string, number> | undefined;
  const rowOf = () => {
    if (!byId) {
      byId = new Map<string, number>();
      for (let p = ids.length - 1; p >= 0; p--) byId.set(ids[p], p);
    }
    return byId;
  };
  const of = (kind: (typeof PER_CUSTOMER)[number]) =>
    kind === first
      ? primary
      : customersOf(results, kind, factKeys(results, kind), { rows: rowOf, ids, limit: 0, codes });
  const rfm = of('rfm');
  const life = of('lifecycle');
  const clv = of('clv');
  const clusters = of('clusters');
  const columns: FactColumn[] = [];
  const field = (src: FactSource | null, column: string) => {
    const values = src?.fields[column];
    return (row: number) => values?.[row];
  };
  if (members) columns.push(...cohortColumns(members, rowOf, codes, ids.length, lang));
  if (rfm) {
    columns.push({ key: 'segment', header: text('segment', lang), kind: 'text', get: field(rfm, 'segment') });
    columns.push({
      key: 'business_segment',
      header: text('business', lang),
      kind: 'text',
      get: field(rfm, 'business_segment'),
    });
  }
  if (life)
    columns.push({ key: 'lifecycle_stage', header: text('stage', lang), kind: 'text', get: field(life, 'stage') });
  if (clusters)
    columns.push({ key: 'cluster', header: text('cluster', lang), kind: 'text', get: field(clusters, 'name') });
  // RFM's F and M are the orders and the revenue unless its options count purchase days or the mean per order;
  // then its table carries `orders` and `revenue` beside them.
  const [, , ordersKey, revenueKey] = factKeys(results, 'rfm');
  if (rfm) columns.push({ key: 'orders', header: text('orders', lang), kind: 'integer', get: field(rfm, ordersKey) });
  if (rfm)
    columns.push({ key: 'revenue', header: text('revenue', lang), kind: 'currency', get: field(rfm, revenueKey) });
  else if (life)
    columns.push({ key: 'revenue', header: text('revenue', lang), kind: 'currency', get: field(life, 'revenue') });
  if (clv) {
    columns.push({ key: 'clv', header: text('clv', lang), kind: 'currency', get: field(clv, 'clv') });
    columns.push({ key: 'churn_risk', header: text('risk', lang), kind: 'text', get: field(clv, 'risk') });
  }
  // The segment-response result hands over who responded to which campaign (see `respondedCampaigns`).
  const response = results.find((r) => r.kind === 'segment-response')?.handover as SegmentResponseData | undefined;
  const responded = response?.responded;
  if (responded && responded.size > 0)
    columns.push({
      key: 'campaigns',
      header: text('campaigns', lang),
      kind: 'text',
      get: (_row, id) => campaignsText(responded.get(id), lang),
    });
  const tables = [rfm, clv, life, clusters].filter((x) => x !== null);
  const total = primary ? primary.total : (members?.ids.length ?? 0);
  if (ids.length === 0 || columns.length === 0) return null;
  const capped = tables
    .filter((x) => x.partial)
    .map((x) => ({ result: x.result, table: x.table, primary: x === primary }));
  return { ids, total, columns, capped };
}

/**
 * The acquisition channel (when the cohorts know it) and the cohort of each fact row, through its customer: by code
 * when the members are listed in the order of the customer list the fact rows are coded into (`codes`; the cohorts
 * list the customers they keep in code order), else by id (`rowOf`). Every member is visited: by id that is a lookup
 * each (issue 14: ~1 µs, 10 s for the 10,000,000 members of a run whose fact sheet holds 1,048,560 customers), by
 * code an array read each.
 */
function cohortColumns(
  members: CohortMembers,
  rowOf: () => ReadonlyMap<string, number>,
  codes: RowsByCode,
  rows: number,
  lang: Lang,
): FactColumn[] {
  const cohort = new Array<CellValue | undefined>(rows);
  const channel = members.channel ? new Array<CellValue | undefined>(rows) : null;
  const place = (i: number, p: number) => {
    cohort[p] = members.cohort[i];
    if (channel) channel[p] = members.channel![i];
  };
  const rowOfCode = codes.row;
  const coded = codes.ids && rowOfCode ? codesInOrder(codes.ids, members.ids) : null;
  if (coded)
    for (let i = 0; i < coded.length; i++) {
      const p = rowOfCode![coded[i]];
      if (p >= 0) place(i, p);
    }
  else {
    const byId = rowOf();
    members.ids.forEach((id, i) => {
      const p = byId.get(id);
      if (p !== undefined) place(i, p);
    });
  }
  const header = text(members.period === 'week' ? 'cohortWeek' : 'cohortMonth', lang);
  return [
    ...(channel
      ? [
          {
            key: 'acquisition_channel',
            header: text('channel', lang),
            kind: 'text' as const,
            get: (row: number) => channel[row],
          },
        ]
      : []),
    { key: 'cohort', header, kind: 'text', get: (row) => cohort[row] },
  ];
}

/** Characters a cell of responded-to campaigns holds at most, `…` included. */
export const MAX_CAMPAIGNS_TEXT = 120;

/**
 * A customer's campaigns in one cell: joined with `, ` (`、` in Chinese), cut to `MAX_CAMPAIGNS_TEXT`
 * characters ending in `…` when longer; null when none.
 * @example campaignsText(['Spring', 'Autumn'], 'en') // 'Spring, Autumn'
 */
export function campaignsText(campaigns: readonly string[] | undefined, lang: Lang): string | null {
  if (!campaigns || campaigns.length === 0) return null;
  const all = Array.from(campaigns.join(lang === 'zh-CN' ? '、' : ', '));
  return all.length <= MAX_CAMPAIGNS_TEXT ? all.join('') : all.slice(0, MAX_CAMPAIGNS_TEXT - 1).join('') + '…';
}

const clean = (v: CellValue | undefined): ReportValue =>
  v === undefined || v === null ? null : typeof v === 'number' && !Number.isFinite(v) ? null : v;

export interface FactsContext {
  lang: Lang;
  currency: string;
  /** Title block subtitle lines (as-of date, sources) shared with the other sheets. */
  subtitle: string[];
  /**
   * False where the host cannot write pivot tables yet (the add-in): no Explore sheet, and the fact sheet says how
   * to pivot it instead of pointing at one. Default true.
   */
  pivots?: boolean;
  /** A sheet name no other sheet of the Report has (and reserves it). */
  uniqueName: (name: string) => string;
}

/** What `customerFactsSheets` gives the Report: its sheets, and which Dashboard figures read a pivot. */
export interface FactsSheets {
  sheets: ReportSheet[];
  /**
   * The pivot value a Dashboard tile showing figure `key` of the analysis `kind` (value `value`) reads, or
   * undefined when no pivot recomputes that figure (see `LIVE_FIGURES`).
   */
  tilePivot: (kind: string, key: string, value: number | null) => KpiTile['pivot'];
}

const NO_TILES: FactsSheets['tilePivot'] = () => undefined;

/** The fact sheet's notes: rows a sheet could not hold, and source tables that list only some customers. */
function factNotes(src: Sources, lang: Lang): NoteItem[] {
  const notes: NoteItem[] = [];
  if (src.ids.length < src.total)
    notes.push({
      kind: 'note',
      text: text('capped', lang, { shown: num(src.ids.length, lang, 0), total: num(src.total, lang, 0) }),
    });
  for (const c of src.capped)
    notes.push({
      kind: 'note',
      text: text(c.primary ? 'primaryCapped' : 'sourceCapped', lang, {
        sheet: pick(c.result.sheetName, lang),
        note: pick(c.table.note!, lang),
      }),
    });
  return notes;
}

/**
 * The Customer facts sheet and the Explore sheet for a run (no sheets when no per-customer result ran).
 * @example customerFactsSheets([], ctx).sheets // []
 */
export function customerFactsSheets(results: readonly AnalysisResult[], ctx: FactsContext): FactsSheets {
  const lang = ctx.lang;
  const src = factSources(results, lang);
  if (!src) return { sheets: [], tilePivot: NO_TILES };
  const { total, ids } = src;
  const columns: TableColumn[] = [
    {
      key: 'customer',
      header: text('customer', lang),
      kind: 'text',
      numberFormat: numberFormatFor('text', ctx.currency),
    },
    ...src.columns.map((c) => ({
      key: c.key,
      header: c.header,
      kind: c.kind,
      numberFormat: numberFormatFor(c.kind, ctx.currency),
    })),
  ];
  const rows = ids.map((id, row): ReportValue[] => {
    const out: ReportValue[] = [id];
    for (const c of src.columns) out.push(clean(c.get(row, id)));
    return out;
  });
  const table: TableBlock = {
    type: 'table',
    key: FACTS_TABLE_KEY,
    columns,
    rows,
    style: 'TableStyleLight9',
    freezeHeader: true,
    conditionalFormats: [],
  };
  const notes = factNotes(src, lang);
  const factsName = ctx.uniqueName(text('factsSheet', lang));
  const facts: ReportSheet = {
    key: FACTS_SHEET_KEY,
    name: factsName,
    role: 'result',
    blocks: [
      {
        type: 'title',
        key: `${FACTS_SHEET_KEY}.title`,
        title: text('factsTitle', lang),
        subtitle: [...ctx.subtitle, text(ctx.pivots === false ? 'factsAboutNoPivots' : 'factsAbout', lang)],
      },
      ...(notes.length > 0
        ? [{ type: 'notes' as const, key: `${FACTS_SHEET_KEY}.notes`, title: text('notes', lang), items: notes }]
        : []),
      table,
    ],
  };
  if (ctx.pivots === false) return { sheets: [facts], tilePivot: NO_TILES };
  const pivots = explorePivots(new Set(columns.map((c) => c.key)), lang);
  if (pivots.length === 0) return { sheets: [facts], tilePivot: NO_TILES };
  const explore: ReportSheet = {
    key: EXPLORE_SHEET_KEY,
    name: ctx.uniqueName(text('exploreSheet', lang)),
    role: 'result',
    blocks: [
      {
        type: 'title',
        key: `${EXPLORE_SHEET_KEY}.title`,
        title: text('exploreTitle', lang),
        subtitle: [...ctx.subtitle, text('instructions', lang)],
      },
      ...pivots,
    ],
  };
  // The fact table holds every customer of every source: only then do its totals recompute the figures.
  const complete = ids.length === total && src.capped.length === 0;
  const base = pivots.find((p) => p.key === BASE_PIVOT_KEY);
  const tilePivot = complete && base ? liveFigures(base, table, results) : NO_TILES;
  return { sheets: [facts, explore], tilePivot };
}

/**
 * Dashboard figures the base pivot recomputes: its grand total of a value field, or the value of one
 * lifecycle stage (an item named by the lifecycle analysis's own stage label, never by the data).
 */
const LIVE_FIGURES: readonly { kind: string; key: string; column: string; stage?: string }[] = [
  { kind: 'rfm', key: 'customers', column: 'customer' },
  { kind: 'rfm', key: 'revenue', column: 'revenue' },
  { kind: 'clv', key: 'total_clv', column: 'clv' },
  { kind: 'lifecycle', key: 'customers', column: 'customer' },
  { kind: 'lifecycle', key: 'active', column: 'customer', stage: 'active' },
  { kind: 'lifecycle', key: 'at_risk', column: 'customer', stage: 'at_risk' },
  { kind: 'lifecycle', key: 'at_risk_revenue', column: 'revenue', stage: 'at_risk' },
];

/**
 * `tilePivot` for the base pivot: a figure reads the pivot only when the pivot, summing the fact table, gives
 * the figure itself — a count exactly, an amount to within the cent each customer's amount was rounded to.
 */
function liveFigures(base: PivotBlock, facts: TableBlock, results: readonly AnalysisResult[]) {
  const col = (key: string) => facts.columns.findIndex((c) => c.key === key);
  const stageCol = col('lifecycle_stage');
  const stages = results.find((r) => r.kind === 'lifecycle')?.tables.find((t) => t.name === 'stages');
  const stageLabel = (code: string) => {
    const label = stages?.rows.find((r) => r.stage === code)?.stage_name;
    return typeof label === 'string' && label !== '' ? label : null;
  };
  return (kind: string, key: string, value: number | null): KpiTile['pivot'] => {
    const live = LIVE_FIGURES.find((f) => f.kind === kind && f.key === key);
    if (!live || value === null) return undefined;
    const v = base.values.findIndex((x) => x.column === live.column);
    if (v < 0) return undefined;
    const summary = base.values[v].summary;
    let item: { column: string; text: string } | undefined;
    if (live.stage !== undefined) {
      const label = stageLabel(live.stage);
      if (label === null || stageCol < 0 || !base.rows.includes('lifecycle_stage')) return undefined;
      item = { column: 'lifecycle_stage', text: label };
    }
    // The pivot's own figure, from the fact table's rows.
    const j = col(live.column);
    let n = 0;
    let sum = 0;
    for (const r of facts.rows) {
      if (item && r[stageCol] !== item.text) continue;
      const x = r[j];
      if (summary === 'count' ? x !== null && x !== '' : typeof x === 'number') n++;
      if (typeof x === 'number') sum += x;
    }
    const computed = summary === 'count' ? n : sum;
    const tolerance = summary === 'count' ? 0 : 0.005 * (n + 1);
    if (summary === 'average' || Math.abs(computed - value) > tolerance + 1e-9) return undefined;
    return { block: base.key, value: v, ...(item ? { item } : {}) };
  };
}

/** Key of the Explore sheet's first pivot, the one the Dashboard's customer figures read. */
export const BASE_PIVOT_KEY = `${EXPLORE_SHEET_KEY}.base`;

/**
 * The Explore sheet's pivots, from the fact columns there are:
 * - the customer base by lifecycle stage (or by RFM segment without stages): customers, revenue, total CLV,
 *   sliced by acquisition channel, first purchase month and segment — the Dashboard's customer figures read it;
 * - segment × acquisition channel (customers, revenue, mean CLV), sliced by first purchase month and lifecycle stage;
 * - lifecycle stage by first purchase month (customers), sliced by channel and segment.
 * A column has at most one slicer per pivot.
 */

function explorePivots(has: ReadonlySet<string>, lang: Lang): PivotBlock[] {
  const present = (keys: string[]) => keys.filter((k) => has.has(k));
  const pivots: PivotBlock[] = [];
  const count = {
    column: 'customer',
    summary: 'count' as const,
    label: text('customers', lang),
    kind: 'integer' as const,
  };
  const revenue = has.has('revenue')
    ? [{ column: 'revenue', summary: 'sum' as const, label: text('totalRevenue', lang), kind: 'currency' as const }]
    : [];
  const baseRow = has.has('lifecycle_stage') ? 'lifecycle_stage' : has.has('segment') ? 'segment' : null;
  if (baseRow !== null)
    pivots.push({
      type: 'pivot',
      key: BASE_PIVOT_KEY,
      title: text(baseRow === 'segment' ? 'pivotBaseBySegment' : 'pivotBase', lang),
      table: FACTS_TABLE_KEY,
      rows: [baseRow],
      columns: [],
      values: [
        count,
        ...revenue,
        ...(has.has('clv')
          ? [{ column: 'clv', summary: 'sum' as const, label: text('totalClv', lang), kind: 'currency' as const }]
          : []),
      ],
      slicers: present(['acquisition_channel', 'cohort', 'segment']).filter((k) => k !== baseRow),
    });
  if (has.has('segment'))
    pivots.push({
      type: 'pivot',
      key: `${EXPLORE_SHEET_KEY}.segments`,
      title: text('pivotSegments', lang),
      table: FACTS_TABLE_KEY,
      rows: present(['segment', 'acquisition_channel']),
      columns: [],
      values: [
        count,
        ...revenue,
        ...(has.has('clv')
          ? [{ column: 'clv', summary: 'average' as const, label: text('meanClv', lang), kind: 'currency' as const }]
          : []),
      ],
      slicers: present(['cohort', 'lifecycle_stage']),
    });
  if (has.has('lifecycle_stage') && has.has('cohort'))
    pivots.push({
      type: 'pivot',
      key: `${EXPLORE_SHEET_KEY}.stages`,
      title: text('pivotStages', lang),
      table: FACTS_TABLE_KEY,
      rows: ['cohort'],
      columns: ['lifecycle_stage'],
      values: [count],
      slicers: present(['acquisition_channel', 'segment']),
    });
  return pivots;
}
