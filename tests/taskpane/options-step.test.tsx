// @vitest-environment happy-dom
// The Options step with real controls (issue 18, "Options for people"): plain questions first and the rest
// under Advanced, no JSON box, a share typed as a percentage, named fields of an object, a map of typed names,
// a column picked from the Data step's table, and a refused value that says why and keeps the previous one.
// The analysis below records the options it receives, so the test sees what reaches the engine.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../addin/taskpane/App.js';
import type { AnalysisDef } from '../../src/analysis/registry-types.js';
import { FakeHost, inProcessEngine, ordersGrid } from './helpers.js';

const received: Record<string, unknown>[] = [];

vi.mock('../../src/analysis/registry.js', async () => {
  const { testRegistry } = await import('./test-analyses.js');
  const { emptyResult } = await import('../../src/analysis/common/index.js');
  const demo: AnalysisDef = {
    kind: 'opt-demo',
    title: { en: 'Option demo', 'zh-CN': '选项演示' },
    question: { en: 'q', 'zh-CN': '问' },
    requires: [{ kind: 'orders', roles: ['customer_id', 'amount'] }],
    needs: { en: 'orders', 'zh-CN': '订单表' },
    defaults: { share: 0.05, windows: { newDays: 60, lostDays: 270 }, names: {}, column: null, seed: 42, rates: [] },
    optionSpecs: {
      share: { basic: true, label: { en: 'Share', 'zh-CN': '占比' }, min: 0, max: 1, percent: true },
      column: {
        basic: true,
        label: { en: 'Which column?', 'zh-CN': '哪一列？' },
        editor: { kind: 'column', table: 'orders' },
      },
      windows: {
        label: { en: 'Windows', 'zh-CN': '窗口' },
        editor: {
          kind: 'fields',
          fields: {
            newDays: { label: { en: 'New for (days)', 'zh-CN': '新客天数' }, min: 1, step: 1 },
            lostDays: { label: { en: 'Lost after (days)', 'zh-CN': '流失天数' }, min: 1, step: 1 },
          },
        },
      },
      names: {
        label: { en: 'Names', 'zh-CN': '名称' },
        editor: {
          kind: 'map',
          key: { label: { en: 'Vendor', 'zh-CN': '供应商' }, type: 'text' },
          value: { label: { en: 'Channel', 'zh-CN': '渠道' }, type: 'text' },
        },
      },
      seed: { label: { en: 'Seed', 'zh-CN': '起始数' }, step: 1 },
      rates: {
        label: { en: 'Rates', 'zh-CN': '汇率' },
        editor: {
          kind: 'rows',
          fields: {
            currency: { label: { en: 'Currency', 'zh-CN': '币种' }, type: 'text', pattern: '^[A-Z]{3}$' },
            rate: { label: { en: 'Rate', 'zh-CN': '汇率' }, min: 0 },
            month: {
              label: { en: 'Month', 'zh-CN': '月份' },
              type: 'text',
              optional: true,
              pattern: '^\\d{4}-\\d{2}$',
              example: '2025-03',
            },
          },
        },
      },
    },
    run(_inputs, _common, options) {
      received.push(options as Record<string, unknown>);
      return emptyResult({ kind: 'opt-demo', title: this.title, sheetName: this.title, question: this.question }, []);
    },
  };
  const base = testRegistry();
  return { ...base, ANALYSES: [demo], findAnalysis: (k: string) => (k === 'opt-demo' ? demo : undefined) };
});

Object.defineProperty(HTMLElement.prototype, 'animate', { value: undefined, configurable: true });

afterEach(cleanup);

async function openOptions() {
  const host = new FakeHost([ordersGrid(20)]);
  render(<App host={host} createEngine={() => inProcessEngine()} />);
  await screen.findByText(/Loopbook found these tables/);
  fireEvent.click(screen.getByRole('tab', { name: /Options/ }));
  fireEvent.click(await screen.findByRole('button', { name: 'Option demo' }));
  return host;
}

describe('Options step controls', () => {
  it('asks the plain questions first and keeps the rest under Advanced, with no text box for JSON', async () => {
    await openOptions();
    const panel = screen.getByTestId('options-opt-demo');
    expect(within(panel).getByRole('spinbutton', { name: 'Share' })).toBeTruthy();
    expect(within(panel).getByRole('combobox', { name: 'Which column?' })).toBeTruthy();
    // Four advanced options (windows, names, seed, rates) behind one collapsed header.
    const advanced = within(panel).getByRole('button', { name: 'Advanced (4)' });
    expect(advanced.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(advanced);
    expect(within(panel).getByRole('group', { name: 'Windows' })).toBeTruthy();
    expect(panel.querySelector('textarea')).toBeNull();
  });

  it('a percentage, named fields, a typed map and a picked column reach the engine in the option shapes', async () => {
    received.length = 0;
    await openOptions();
    const panel = screen.getByTestId('options-opt-demo');
    const share = within(panel).getByRole<HTMLInputElement>('spinbutton', { name: 'Share' });
    expect(share.value).toBe('5'); // 0.05 shown as 5 %
    fireEvent.change(share, { target: { value: '7' } });
    fireEvent.change(within(panel).getByRole('combobox', { name: 'Which column?' }), {
      target: { value: 'Channel' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Advanced (4)' }));
    fireEvent.change(within(panel).getByRole('spinbutton', { name: 'Lost after (days)' }), {
      target: { value: '180' },
    });
    fireEvent.click(within(panel).getAllByRole('button', { name: 'Add a line' })[0]);
    fireEvent.change(within(panel).getByRole('textbox', { name: 'Vendor 1' }), { target: { value: 'Baidu' } });
    fireEvent.change(within(panel).getByRole('textbox', { name: 'Channel 1' }), { target: { value: 'Search' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run analyses' }));
    await waitFor(() => {
      expect(received).toHaveLength(1);
    });
    expect(received[0]).toEqual({
      share: 0.07,
      windows: { newDays: 60, lostDays: 180 },
      names: { Baidu: 'Search' },
      column: 'Channel',
      seed: 42,
      rates: [],
    });
  });

  it('a value out of bounds says why, in the unit shown, and the previous value is kept', async () => {
    received.length = 0;
    await openOptions();
    const panel = screen.getByTestId('options-opt-demo');
    fireEvent.change(within(panel).getByRole('spinbutton', { name: 'Share' }), { target: { value: '150' } });
    expect(panel.textContent).toContain('Enter a number from 0 to 100. The previous value is kept.');
    fireEvent.click(within(panel).getByRole('button', { name: 'Advanced (4)' }));
    fireEvent.click(within(panel).getAllByRole('button', { name: 'Add a line' })[0]);
    fireEvent.change(within(panel).getByRole('textbox', { name: 'Vendor 1' }), { target: { value: 'Baidu' } });
    expect(panel.textContent).toContain('Fill in the Channel. The previous value is kept.');
    // A month written another way than 2025-03 is refused with the example; the currency and rate were fine.
    fireEvent.click(within(panel).getAllByRole('button', { name: 'Add a line' })[1]);
    fireEvent.change(within(panel).getByRole('textbox', { name: 'Currency 1' }), { target: { value: 'USD' } });
    fireEvent.change(within(panel).getByRole('spinbutton', { name: 'Rate 1' }), { target: { value: '7.1' } });
    fireEvent.change(within(panel).getByRole('textbox', { name: 'Month 1' }), { target: { value: 'March' } });
    expect(panel.textContent).toContain('Write the Month like this: 2025-03. The previous value is kept.');
    fireEvent.click(screen.getByRole('button', { name: 'Run analyses' }));
    await waitFor(() => {
      expect(received).toHaveLength(1);
    });
    expect(received[0].share).toBe(0.05);
    expect(received[0].names).toEqual({});
    // The rates line was whole (no month: every month) before "March" was typed; that is the value kept.
    expect(received[0].rates).toEqual([{ currency: 'USD', rate: 7.1 }]);
  });
});
