// Issue 18 §7, without React: a role or kind change that takes something from another column or table says so in a
// notice whose Undo restores the state before it exactly; a doubtful role (money on identifiers, an identifier on
// amounts) is said, not blocked; what the user (or the saved recipe) set by hand survives "Look again" where its table
// and header still exist, and the notice says what could not be kept; every kind and role is explained in both
// languages. Expected states are written out in full from the inputs built here.
import { describe, expect, it, vi } from 'vitest';
import type { ColumnType, Role, TableKind } from '../../src/ingest/types.js';
import { TABLE_KINDS } from '../../src/ingest/types.js';
import type { CellGrid } from '../../src/types.js';
import type { SourceView } from '../../addin/worker/protocol.js';
import { createFlow } from '../../addin/taskpane/flow.js';
import { CATALOGUES } from '../../addin/taskpane/i18n/index.js';
import { ALL_ROLES, KIND_ROLES, roleTypeWarning } from '../../addin/taskpane/roles.js';
import {
  reapply,
  undone,
  withKind,
  withRole,
  withSelection,
  withStatus,
  type Assignment,
  type FixState,
  type ManualFixes,
} from '../../addin/taskpane/role-fixes.js';
import { columnLetter } from '../../src/a1.js';
import type { CellValue } from '../../src/types.js';
import { corpusCases } from '../corpus/cases.js';
import { FakeHost, inProcessEngine, ordersGrid } from './helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

type Col = [header: string, type: ColumnType, role: Role | null];

/** A detected table as the engine describes it (only what the fixes read matters). */
function view(sheet: string, address: string, kind: TableKind | null, cols: Col[], rows = 24): SourceView {
  return {
    id: `${sheet}!${address}`,
    sheet,
    address,
    kind,
    kindConfidence: 0.9,
    rows,
    columns: cols.map(([header, type, role], i) => ({
      name: header,
      header,
      letter: String.fromCharCode(65 + i),
      type,
      role,
      roleConfidence: 0.9,
      nulls: 0,
    })),
    preview: [],
    previewRows: [],
    diagnostics: [],
    hash: 'h',
    latestDate: null,
    currencies: [],
  };
}

/** The corpus's orders-two-amounts.csv as read: 金额 is the amount, 实付金额 (decimals) has no role. */
const twoAmounts = view('Sheet1', 'A1:E25', 'orders', [
  ['订单号', 'identifier', 'order_id'],
  ['客户ID', 'identifier', 'customer_id'],
  ['下单日期', 'date', 'date'],
  ['金额', 'number', 'amount'],
  ['实付金额', 'number', null],
]);
const spend = view('Spend', 'A1:D9', 'campaigns', [
  ['Date', 'date', 'date'],
  ['Campaign', 'category', 'campaign'],
  ['Cost', 'currency', 'spend'],
  ['Order ref', 'identifier', null],
]);
const rolesOf = (v: SourceView) => Object.fromEntries(v.columns.map((c) => [c.header, c.role]));
const found = (v: SourceView): Assignment => ({ kind: v.kind, roles: rolesOf(v) });

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

/** A frozen pane state over two tables, nothing set by hand. */
function start(): FixState {
  return deepFreeze({
    sources: [twoAmounts, spend],
    assignments: { [twoAmounts.id]: found(twoAmounts), [spend.id]: found(spend) },
    manual: {},
    notices: [],
  });
}

describe('a role change that takes the role from another column', () => {
  it('making 实付金额 the customer clears 客户ID, says so (and that decimals look like amounts); Undo restores it', () => {
    const s = start();
    const before = JSON.stringify(s);
    const p = withRole(s, twoAmounts.id, '实付金额', 'customer_id');
    expect(p.assignments[twoAmounts.id].roles).toEqual({
      订单号: 'order_id',
      客户ID: null,
      下单日期: 'date',
      金额: 'amount',
      实付金额: 'customer_id',
    });
    expect(p.assignments[spend.id]).toBe(s.assignments[spend.id]);
    expect(p.manual).toEqual({ [twoAmounts.id]: { roles: { 客户ID: null, 实付金额: 'customer_id' }, statuses: {} } });
    expect(p.notices).toEqual([
      {
        id: 1,
        source: twoAmounts.id,
        header: '实付金额',
        lines: [
          {
            type: 'role-moved',
            role: 'customer_id',
            from: { header: '客户ID', letter: 'B' },
            to: { header: '实付金额', letter: 'E' },
          },
          // 实付金额 was read as 'number' (decimals): an identifier role on it is a doubt, said, not blocked.
          { type: 'id-on-money', role: 'customer_id', column: { header: '实付金额', letter: 'E' } },
        ],
        before: { assignments: { [twoAmounts.id]: s.assignments[twoAmounts.id] }, manual: { [twoAmounts.id]: null } },
      },
    ]);
    const back = undone({ ...s, ...p }, 1)!;
    expect(back).toEqual({ assignments: s.assignments, manual: {}, notices: [], sources: s.sources });
    expect(JSON.stringify(s)).toBe(before);
  });

  it('a role nobody had, or a role several columns share, moves nothing and needs no notice', () => {
    const s = start();
    const free = withRole(s, spend.id, 'Campaign', 'channel');
    expect(free.assignments[spend.id].roles).toEqual({
      Date: 'date',
      Campaign: 'channel',
      Cost: 'spend',
      'Order ref': null,
    });
    expect(free.notices).toEqual([]);
    // Outcomes (like attributes, covariates and costs per result: src/ingest/roles.ts MULTI) are shared: 金额 keeps
    // its outcome when 实付金额 becomes one too.
    const once = { ...s, ...withRole(s, twoAmounts.id, '金额', 'outcome') };
    const shared = withRole(once, twoAmounts.id, '实付金额', 'outcome');
    expect(once.notices).toEqual([]);
    expect(shared.notices).toEqual([]);
    expect(shared.assignments[twoAmounts.id].roles).toMatchObject({ 金额: 'outcome', 实付金额: 'outcome' });
  });

  it('the amount given to a column read as identifiers takes it from 金额 and warns; the other table is untouched', () => {
    const s = start();
    const p = withRole(s, twoAmounts.id, '订单号', 'amount');
    expect(p.assignments[twoAmounts.id].roles).toMatchObject({ 订单号: 'amount', 金额: null });
    expect(p.notices[0].lines).toEqual([
      {
        type: 'role-moved',
        role: 'amount',
        from: { header: '金额', letter: 'D' },
        to: { header: '订单号', letter: 'A' },
      },
      { type: 'money-on-id', role: 'amount', column: { header: '订单号', letter: 'A' } },
    ]);
  });

  it('a later change on the same table closes its notice (Undo would undo that too); one elsewhere keeps it', () => {
    const s = start();
    const moved = { ...s, ...withRole(s, twoAmounts.id, '实付金额', 'amount') };
    expect(moved.notices.map((n) => n.id)).toEqual([1]);
    const elsewhere = { ...moved, ...withRole(moved, spend.id, 'Campaign', 'channel') };
    expect(elsewhere.notices.map((n) => n.id)).toEqual([1]);
    const same = withStatus(elsewhere, twoAmounts.id, '已退款', 'refunded')!;
    expect(same.notices).toEqual([]);
    expect(same.manual[twoAmounts.id]).toEqual({
      roles: { 金额: null, 实付金额: 'amount' },
      statuses: { 已退款: 'refunded' },
    });
  });
});

describe('a kind change that unsets another table', () => {
  it('the spend sheet marked as orders makes the real orders table "Not used", says which; Undo restores both', () => {
    const s = start();
    const p = withKind(s, spend.id, 'orders');
    expect(p.assignments).toEqual({
      [twoAmounts.id]: { ...found(twoAmounts), kind: null },
      [spend.id]: { ...found(spend), kind: 'orders' },
    });
    expect(p.manual).toEqual({
      [twoAmounts.id]: { kind: null, roles: {}, statuses: {} },
      [spend.id]: { kind: 'orders', roles: {}, statuses: {} },
    });
    expect(p.notices).toEqual([
      {
        id: 1,
        source: spend.id,
        header: null,
        lines: [{ type: 'kind-unset', kind: 'orders', table: { name: 'Sheet1', where: 'Sheet1!A1:E25' } }],
        before: {
          assignments: { [spend.id]: s.assignments[spend.id], [twoAmounts.id]: s.assignments[twoAmounts.id] },
          manual: { [spend.id]: null, [twoAmounts.id]: null },
        },
      },
    ]);
    expect(undone({ ...s, ...p }, 1)).toEqual({ ...s, notices: [] });
  });

  it('"Not used", or a kind no other table plays, needs no notice', () => {
    const s = start();
    expect(withKind(s, twoAmounts.id, null).notices).toEqual([]);
    expect(withKind(s, spend.id, 'budget').notices).toEqual([]);
  });

  it('a selection used as orders unsets the detected table and says so; Undo takes the selection away again', () => {
    const s = start();
    const sel = view(
      'Sheet1',
      'A1:E10',
      'orders',
      twoAmounts.columns.map((c) => [c.header, c.type, c.role]),
    );
    const selection = { ...sel, id: 'selection:Sheet1!A1:E10' };
    const p = withSelection(s, selection, found(selection));
    expect(p.sources.map((v) => v.id)).toEqual([selection.id, twoAmounts.id, spend.id]);
    expect(p.assignments[twoAmounts.id].kind).toBeNull();
    expect(p.notices[0]).toMatchObject({
      source: selection.id,
      header: null,
      lines: [{ type: 'kind-unset', kind: 'orders', table: { name: 'Sheet1', where: 'Sheet1!A1:E25' } }],
      before: { added: selection.id },
    });
    expect(undone({ ...s, ...p }, p.notices[0].id)).toEqual({ ...s, notices: [] });
  });
});

describe('"Look again" puts the hand fixes back', () => {
  it('on the same table where the header exists; a gone header and a gone table are said, not dropped silently', () => {
    const manual: Record<string, ManualFixes> = {
      [twoAmounts.id]: {
        roles: { 金额: null, 实付金额: 'amount' as const, 优惠券: 'attribute' as const },
        statuses: {},
      },
      [spend.id]: { kind: 'orders' as const, roles: {}, statuses: {} },
    };
    // Looked again: the orders sheet grew by a row (A1:E26, same first cell), the spend sheet is gone.
    const grown = { ...twoAmounts, id: 'Sheet1!A1:E26', address: 'A1:E26' };
    const r = reapply(manual, [twoAmounts, spend], [grown], { [grown.id]: found(grown) });
    expect(r.assignments).toEqual({
      [grown.id]: {
        kind: 'orders',
        roles: { 订单号: 'order_id', 客户ID: 'customer_id', 下单日期: 'date', 金额: null, 实付金额: 'amount' },
      },
    });
    expect(r.manual).toEqual({ [grown.id]: { roles: { 金额: null, 实付金额: 'amount' }, statuses: {} } });
    const at = { name: 'Sheet1', where: 'Sheet1!A1:E26' };
    expect(r.report).toEqual({
      kept: [
        { type: 'role', source: grown.id, table: at, column: { header: '金额', letter: 'D' }, role: null },
        { type: 'role', source: grown.id, table: at, column: { header: '实付金额', letter: 'E' }, role: 'amount' },
      ],
      lost: [
        { type: 'column', table: at, header: '优惠券', role: 'attribute' },
        { type: 'table', table: { name: 'Spend', where: 'Spend!A1:D9' } },
      ],
    });
  });

  it('a kind given by hand wins over the one Loopbook picked; fixes equal to what it found are not listed', () => {
    const both = { [twoAmounts.id]: found(twoAmounts), [spend.id]: found(spend) };
    const manual: Record<string, ManualFixes> = {
      [spend.id]: { kind: 'orders' as const, roles: {}, statuses: { 已退款: 'refunded' as const } },
      // As withKind records it: the table that lost the kind is "Not used" by hand too.
      [twoAmounts.id]: { kind: null, roles: { 客户ID: 'customer_id' as const }, statuses: {} },
    };
    const r = reapply(manual, [twoAmounts, spend], [twoAmounts, spend], both);
    expect(r.assignments[spend.id]).toEqual({ ...found(spend), kind: 'orders', statuses: { 已退款: 'refunded' } });
    expect(r.assignments[twoAmounts.id]).toEqual({ ...found(twoAmounts), kind: null });
    const spendAt = { name: 'Spend', where: 'Spend!A1:D9' };
    expect(r.report).toEqual({
      kept: [
        { type: 'kind', source: spend.id, table: spendAt, kind: 'orders' },
        { type: 'status', source: spend.id, table: spendAt, value: '已退款', cls: 'refunded' },
        // 客户ID as the customer is what Loopbook found itself: kept, not listed.
        { type: 'kind', source: twoAmounts.id, table: { name: 'Sheet1', where: 'Sheet1!A1:E25' }, kind: null },
      ],
      lost: [],
    });
    // A table found anew that plays the kind given by hand gives way to it.
    const only = reapply({ [spend.id]: manual[spend.id] }, [spend], [twoAmounts, spend], both);
    expect(only.assignments[twoAmounts.id].kind).toBeNull();
  });
});

describe('"Look again" and the year of period headers', () => {
  it('a year the user gave is put back and listed; one taken away stays away', () => {
    const both = { [twoAmounts.id]: found(twoAmounts), [spend.id]: { ...found(spend), periodYear: 2023 } };
    const manual: Record<string, ManualFixes> = {
      [twoAmounts.id]: { roles: {}, statuses: {}, periodYear: 2024 },
      [spend.id]: { roles: {}, statuses: {}, periodYear: null },
    };
    const r = reapply(manual, [twoAmounts, spend], [twoAmounts, spend], both);
    expect(r.assignments[twoAmounts.id]).toEqual({ ...found(twoAmounts), periodYear: 2024 });
    expect(r.assignments[spend.id]).toEqual(found(spend));
    expect(r.report.kept).toEqual([
      { type: 'periodYear', source: twoAmounts.id, table: { name: 'Sheet1', where: 'Sheet1!A1:E25' }, year: 2024 },
      { type: 'periodYear', source: spend.id, table: { name: 'Spend', where: 'Spend!A1:D9' }, year: null },
    ]);
  });
});

describe('roles and kinds explained', () => {
  it('every role and table kind has a label and a one-line hint in English and in Chinese', () => {
    const roles = new Set([...ALL_ROLES, ...Object.values(KIND_ROLES).flat()]);
    expect(roles.size).toBe(ALL_ROLES.length);
    for (const lang of ['en', 'zh-CN'] as const) {
      const c = CATALOGUES[lang] as unknown as Record<string, Record<string, string>>;
      for (const r of roles) {
        expect(c.roles[r], `${lang} roles.${r}`).toBeTruthy();
        expect(c.roleHints[r], `${lang} roleHints.${r}`).toBeTruthy();
        expect(c.roleHints[r], `${lang} roleHints.${r}: one line`).not.toMatch(/\n/);
      }
      for (const k of TABLE_KINDS) {
        expect(c.kinds[k], `${lang} kinds.${k}`).toBeTruthy();
        expect(c.kindHints[k], `${lang} kindHints.${k}`).toBeTruthy();
      }
      expect(Object.keys(c.roleHints).sort()).toEqual([...roles].sort());
      expect(Object.keys(c.kindHints).sort()).toEqual([...TABLE_KINDS].sort());
    }
    // Chinese is written with full-width punctuation: no ASCII comma, colon, semicolon or parenthesis.
    const zh = CATALOGUES['zh-CN'] as unknown as Record<string, Record<string, string>>;
    for (const text of [...Object.values(zh.roleHints), ...Object.values(zh.kindHints), ...Object.values(zh.fixes)])
      expect(text).not.toMatch(/[,:;()]/);
  });

  it('a doubt only where ingest read the values as the other sort: identifiers for money, amounts for an id', () => {
    expect(roleTypeWarning('amount', 'identifier')).toBe('money-on-id');
    expect(roleTypeWarning('spend', 'identifier')).toBe('money-on-id');
    expect(roleTypeWarning('customer_id', 'currency')).toBe('id-on-money');
    expect(roleTypeWarning('order_id', 'number')).toBe('id-on-money');
    // Whole numbers can be either (order numbers, counts, amounts in whole yuan): no doubt.
    expect(roleTypeWarning('amount', 'integer')).toBeNull();
    expect(roleTypeWarning('customer_id', 'integer')).toBeNull();
    expect(roleTypeWarning('channel', 'identifier')).toBeNull();
  });
});

// The same through the flow, on an in-memory workbook: Orders!A1:D21 (Customer ID, Order date, Amount, Channel).
const AT = '2025-01-02T03:04:05.000Z';
const ORDERS = 'Orders!A1:D21';

async function started(host: FakeHost) {
  const flow = createFlow(host, inProcessEngine(), () => AT);
  await flow.start();
  return flow;
}

/** A second orders sheet, smaller (so Loopbook picks Orders first). */
function moreOrders(): CellGrid {
  return { ...ordersGrid(5), sheet: 'Orders2' };
}

describe('the flow', () => {
  it('setRole: the notice names the move; Undo restores assignments and availability as they were', async () => {
    const flow = await started(new FakeHost([ordersGrid(20)]));
    const before = structuredClone(flow.getState().assignments);
    flow.setRole(ORDERS, 'Customer ID', 'amount');
    const s = flow.getState();
    expect(s.assignments[ORDERS].roles).toEqual({
      'Customer ID': 'amount',
      'Order date': 'date',
      Amount: null,
      Channel: 'channel',
    });
    expect(s.notices.map((n) => n.lines.map((l) => l.type))).toEqual([['role-moved', 'money-on-id']]);
    flow.undo(s.notices[0].id);
    expect(flow.getState().assignments).toEqual(before);
    expect(flow.getState().manual).toEqual({});
    expect(flow.getState().notices).toEqual([]);
  });

  it('setKind on a second orders table unsets the first and says so; Keep closes the notice, the change stays', async () => {
    const flow = await started(new FakeHost([ordersGrid(20), moreOrders()]));
    expect(flow.getState().assignments['Orders2!A1:D6'].kind).toBeNull();
    flow.setKind('Orders2!A1:D6', 'orders');
    const n = flow.getState().notices[0];
    expect(n.lines).toEqual([
      { type: 'kind-unset', kind: 'orders', table: { name: 'Orders', where: 'Orders!A1:D21' } },
    ]);
    flow.dismiss(n.id);
    expect(flow.getState().notices).toEqual([]);
    expect(flow.getState().assignments[ORDERS].kind).toBeNull();
    expect(flow.getState().assignments['Orders2!A1:D6'].kind).toBe('orders');
  });

  it('Look again keeps a moved role, a status and a kind; a renamed header is said not kept', async () => {
    const host = new FakeHost([ordersGrid(20), moreOrders()]);
    const flow = await started(host);
    flow.setRole(ORDERS, 'Channel', 'attribute');
    flow.setStatus(ORDERS, 'Search', 'refunded');
    flow.setKind('Orders2!A1:D6', 'customers');
    // The user renames a header before looking again.
    host.sheets.get('Orders')!.values[0][3] = 'Source';
    await flow.scan();
    const s = flow.getState();
    expect(s.assignments[ORDERS]).toEqual({
      kind: 'orders',
      roles: { 'Customer ID': 'customer_id', 'Order date': 'date', Amount: 'amount', Source: 'channel' },
      statuses: { Search: 'refunded' },
    });
    expect(s.assignments['Orders2!A1:D6'].kind).toBe('customers');
    const orders = { name: 'Orders', where: 'Orders!A1:D21' };
    expect(s.rescan).toEqual({
      kept: [
        { type: 'status', source: ORDERS, table: orders, value: 'Search', cls: 'refunded' },
        {
          type: 'kind',
          source: 'Orders2!A1:D6',
          table: { name: 'Orders2', where: 'Orders2!A1:D6' },
          kind: 'customers',
        },
      ],
      lost: [{ type: 'column', table: orders, header: 'Channel', role: 'attribute' }],
    });
    flow.dismissRescan();
    expect(flow.getState().rescan).toBeNull();
  });

  it('the recipe written at Run carries the hand roles; opened again, its choices count as the user’s', async () => {
    const host = new FakeHost([ordersGrid(20)]);
    const first = await started(host);
    first.setRole(ORDERS, 'Channel', 'attribute');
    await first.runNow('en');
    expect(host.store?.recipe?.sources).toEqual([
      {
        id: 'orders',
        sheet: 'Orders',
        range: 'A1:D21',
        kind: 'orders',
        roles: { 'Customer ID': 'customer_id', 'Order date': 'date', Amount: 'amount', Channel: 'attribute' },
      },
    ]);
    const flow = await started(host);
    expect(flow.getState().assignments[ORDERS].roles.Channel).toBe('attribute');
    expect(flow.getState().manual[ORDERS]).toEqual({
      kind: 'orders',
      roles: { 'Customer ID': 'customer_id', 'Order date': 'date', Amount: 'amount', Channel: 'attribute' },
      statuses: {},
    });
    await flow.scan();
    expect(flow.getState().assignments[ORDERS].roles.Channel).toBe('attribute');
    // Only what differs from what Loopbook finds by itself is listed as kept.
    expect(flow.getState().rescan?.kept).toEqual([
      {
        type: 'role',
        source: ORDERS,
        table: { name: 'Orders', where: 'Orders!A1:D21' },
        column: { header: 'Channel', letter: 'D' },
        role: 'attribute',
      },
    ]);
  });

  it('a table deleted before Look again: its fixes are said lost', async () => {
    const host = new FakeHost([ordersGrid(20), moreOrders()]);
    const flow = await started(host);
    flow.setKind('Orders2!A1:D6', 'customers');
    host.sheets.delete('Orders2');
    await flow.scan();
    expect(flow.getState().rescan).toEqual({
      kept: [],
      lost: [{ type: 'table', table: { name: 'Orders2', where: 'Orders2!A1:D6' } }],
    });
    expect(flow.getState().manual).toEqual({});
  });

  it('a format chosen by hand is read in again after Look again, with the hand role over its roles', async () => {
    // The corpus's Shopify orders export, its cells as a csv saved from Excel holds them (text).
    const c = corpusCases().find((x) => x.file === 'shopify-orders.csv')!;
    const width = Math.max(...c.rows.map((r) => r.length));
    const cell = (v: unknown): CellValue =>
      v instanceof Date ? v.toISOString().slice(0, 10) : ((v ?? null) as CellValue);
    const grid: CellGrid = {
      sheet: 'orders_export',
      address: `A1:${columnLetter(width - 1)}${c.rows.length}`,
      values: c.rows.map((r) => Array.from({ length: width }, (_, i) => cell(r[i]))),
    };
    const flow = await started(new FakeHost([grid]));
    const id = flow.getState().sources[0].id;
    flow.setRole(id, 'Lineitem name', 'attribute');
    await flow.setFormat(id, 'none');
    const before = structuredClone(flow.getState().assignments[id]);
    // Read with the general rules, Email is not the customer (tests/taskpane/decisions.test.ts).
    expect(before.roles.Email).not.toBe('customer_id');
    await flow.scan();
    const s = flow.getState();
    expect(s.assignments[id]).toEqual(before);
    const at = { name: 'orders_export', where: grid.sheet + '!' + grid.address };
    expect(s.rescan?.kept.filter((l) => l.type !== 'role')).toEqual([
      { type: 'format', source: id, table: at, format: 'none' },
    ]);
    expect(s.rescan?.kept).toContainEqual({
      type: 'role',
      source: id,
      table: at,
      column: { header: 'Lineitem name', letter: expect.any(String) as string },
      role: 'attribute',
    });
  });
});
