// A small analysis registry for pane tests, whose numbers are easy to check by hand. Kept apart from
// helpers.ts so `vi.mock` of the registry can import it without importing the engine (no import cycle).
import type { AnalysisDef } from '../../src/analysis/registry-types.js';
import type { AnalysisResult } from '../../src/analysis/types.js';

const total = (xs: ArrayLike<unknown>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) if (typeof xs[i] === 'number') s += xs[i] as number;
  return s;
};

/** Sums the amount column by channel: one figure, one table, one chart, one finding. */
export const ordersTotal: AnalysisDef<{ top: number }> = {
  kind: 'orders-total',
  title: { en: 'Order totals', 'zh-CN': '订单合计' },
  question: { en: 'How much was sold, and through which channel?', 'zh-CN': '卖了多少，通过哪个渠道？' },
  requires: [{ kind: 'orders', roles: ['customer_id', 'amount'] }],
  needs: { en: 'an orders table with customer and amount', 'zh-CN': '包含客户和金额的订单表' },
  defaults: { top: 3 },
  run(inputs, common): AnalysisResult {
    const ds = inputs.orders!;
    const amount = ds.columns.find((c) => c.role === 'amount')!.name;
    const channel = ds.columns.find((c) => c.role === 'channel')?.name;
    const a = ds.table.array(amount) as ArrayLike<unknown>;
    const byChannel = new Map<string, number>();
    if (channel) {
      const ch = ds.table.array(channel) as ArrayLike<unknown>;
      for (let i = 0; i < a.length; i++)
        if (typeof a[i] === 'number')
          byChannel.set(String(ch[i]), (byChannel.get(String(ch[i])) ?? 0) + (a[i] as number));
    }
    const sum = total(a);
    return {
      kind: 'orders-total',
      title: this.title,
      sheetName: { en: 'Order totals', 'zh-CN': '订单合计' },
      question: this.question,
      figures: [{ key: 'revenue', label: { en: 'Revenue', 'zh-CN': '收入' }, value: sum, kind: 'currency' }],
      tables: [
        {
          name: 'by_channel',
          title: { en: 'By channel', 'zh-CN': '按渠道' },
          columns: [
            { key: 'channel', label: { en: 'Channel', 'zh-CN': '渠道' }, kind: 'text' },
            { key: 'revenue', label: { en: 'Revenue', 'zh-CN': '收入' }, kind: 'currency' },
          ],
          rows: [...byChannel].map(([channel, revenue]) => ({ channel, revenue })),
        },
      ],
      charts: [
        {
          name: 'rev',
          title: { en: 'Revenue by channel', 'zh-CN': '各渠道收入' },
          kind: 'column',
          table: 'by_channel',
          category: 'channel',
          series: ['revenue'],
        },
      ],
      findings: [
        {
          key: 'total',
          text: { en: `Revenue was ${sum} ${common.currency}.`, 'zh-CN': `收入为 ${sum} ${common.currency}。` },
          atStake: sum,
        },
      ],
      notes: [],
      diagnostics: [],
    };
  },
};

/** Needs a campaigns table: never available on orders alone. */
export const spendCheck: AnalysisDef = {
  kind: 'spend-check',
  title: { en: 'Spend check', 'zh-CN': '花费检查' },
  question: { en: 'Did spend pay off?', 'zh-CN': '花费是否有回报？' },
  requires: [{ kind: 'campaigns', roles: ['spend'] }],
  needs: { en: 'a campaign table with a spend column', 'zh-CN': '需要包含花费列的活动表' },
  defaults: {},
  run() {
    throw new Error('not reached');
  },
};

export const TEST_ANALYSES: readonly AnalysisDef[] = [ordersTotal, spendCheck];

/** Replace the real registry with TEST_ANALYSES (call at the top of a test file with vi.mock hoisting). */
export function testRegistry() {
  return {
    ANALYSES: TEST_ANALYSES,
    findAnalysis: (kind: string) => TEST_ANALYSES.find((a) => a.kind === kind),
    canRun: (
      def: AnalysisDef,
      inputs: Record<string, { table: { numRows(): number }; columns: { role: string | null }[] } | undefined>,
    ) => {
      for (const req of def.requires) {
        const ds = inputs[req.kind];
        if (!ds || ds.table.numRows() === 0) return { ok: false, needs: def.needs };
        for (const role of req.roles)
          if (!ds.columns.some((c) => c.role === role)) return { ok: false, needs: def.needs };
      }
      return { ok: true };
    },
  };
}
