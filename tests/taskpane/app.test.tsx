// @vitest-environment happy-dom
// The task pane's steps rendered with React and Fluent UI against a fake host (no Office) and the engine
// in-process: detect → roles → analyses (disabled ones say what they need) → options → run → results,
// in English and Chinese, and reachable with the keyboard.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../addin/taskpane/App.js';
import { FakeHost, inProcessEngine, notesGrid, ordersGrid } from './helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

// happy-dom's Web Animations reject on cancel, which Fluent's motion does on unmount: let Fluent fall back
// to its no-animation path, as in browsers without the API.
Object.defineProperty(HTMLElement.prototype, 'animate', { value: undefined, configurable: true });

afterEach(cleanup);

async function renderPane(host = new FakeHost([ordersGrid(20), notesGrid()])) {
  const engine = inProcessEngine();
  render(<App host={host} createEngine={() => engine} />);
  await screen.findByText(/Loopbook found these tables/);
  await waitFor(() => {
    expect(screen.getAllByRole('combobox', { name: /This table holds/ })).toHaveLength(2);
  });
  return { host, engine };
}

const tab = (name: RegExp) => screen.getByRole('tab', { name });

describe('task pane', () => {
  it('keeps the app root and the Loopbook heading; outside Excel says where to open it', () => {
    render(<App host={null} displayLanguage="en-US" />);
    expect(screen.getByTestId('app-root')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Loopbook');
    expect(screen.getByRole('status').textContent).toMatch(/Not running inside Excel/);
  });

  it('Data: each table with its kind, confidence, column roles, preview and data checks', async () => {
    const host = new FakeHost([ordersGrid(20, { textAt: 3 }), notesGrid()]);
    await renderPane(host);
    const kinds = screen.getAllByRole<HTMLSelectElement>('combobox', { name: /This table holds/ });
    expect(kinds.map((k) => k.value).sort()).toEqual(['', 'orders']);
    expect(screen.getByText(/% sure/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Columns and roles' }));
    const amount = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Role of “Amount”' });
    expect(amount.value).toBe('amount');
    fireEvent.click(screen.getByRole('button', { name: 'First rows' }));
    expect(screen.getByRole('region', { name: /First rows/ }).textContent).toContain('2024-01-01');
    fireEvent.click(screen.getByRole('button', { name: /Data checks \(\d+\)/ }));
    const go = screen.getAllByRole('button', { name: /^Go to Orders!C\d+$/ })[0];
    fireEvent.click(go);
    await waitFor(() => {
      expect(host.gone[0]?.sheet).toBe('Orders');
    });
    // The text amount sits in data row 3 → Excel row 5, column C.
    expect(host.gone[0].address).toBe('C5');
  });

  it('Analyses: a card per analysis; the unavailable one is disabled and says what it needs', async () => {
    await renderPane();
    fireEvent.click(tab(/Analyses/));
    const available = within(screen.getByTestId('analysis-orders-total')).getByRole<HTMLInputElement>('checkbox', {
      name: 'Order totals',
    });
    expect(available.checked).toBe(true);
    expect(available.disabled).toBe(false);
    const card = screen.getByTestId('analysis-spend-check');
    const unavailable = within(card).getByRole<HTMLInputElement>('checkbox', { name: 'Spend check' });
    expect(unavailable.disabled).toBe(true);
    expect(card.textContent).toContain('Needs: a campaign table with a spend column');
  });

  it('changing a role updates availability (no amount → the orders analysis is disabled)', async () => {
    await renderPane();
    fireEvent.click(screen.getByRole('button', { name: 'Columns and roles' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Role of “Amount”' }), { target: { value: '' } });
    fireEvent.click(tab(/Analyses/));
    await waitFor(() => {
      expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Order totals' }).disabled).toBe(true);
    });
    expect(screen.getByRole('button', { name: 'Run analyses' }).hasAttribute('disabled')).toBe(true);
  });

  it('Options: as-of date and currency, and each analysis option from its defaults', async () => {
    await renderPane();
    fireEvent.click(tab(/Options/));
    expect(screen.getByText(/latest date in the data \(2024-01-20\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Order totals' }));
    const top = screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Top' });
    expect(top.value).toBe('3');
  });

  it('Run → Results: key figures, the finding, and a link that opens the result sheet', async () => {
    const { host } = await renderPane();
    fireEvent.click(screen.getByRole('button', { name: 'Run analyses' }));
    await screen.findByText('Done: results are in your workbook.');
    await waitFor(() => {
      expect(tab(/Results/).getAttribute('aria-selected')).toBe('true');
    });
    // 10 + 11 + … + 29 = 390, shown as yuan (currency CNY).
    expect(screen.getByTestId('figure-orders-total-revenue').textContent).toMatch(/390/);
    expect(screen.getByText('Revenue was 390 CNY.')).toBeTruthy();
    const open = screen.getByRole('button', { name: /Open sheet “Order totals”/ });
    fireEvent.click(open);
    await waitFor(() => {
      expect(host.gone.at(-1)).toEqual({ sheet: 'Order totals' });
    });
    expect(screen.getByRole('img', { name: /Chart: Revenue by channel/ })).toBeTruthy();
  });

  it('switches to Chinese: steps, cards and results text', async () => {
    await renderPane();
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh-CN' } });
    await screen.findByRole('tab', { name: /数据/ });
    fireEvent.click(screen.getByRole('tab', { name: /分析/ }));
    expect(screen.getByRole('checkbox', { name: '订单合计' })).toBeTruthy();
    expect(screen.getByTestId('analysis-spend-check').textContent).toContain(
      '当前数据无法运行——需要包含花费列的活动表',
    );
    fireEvent.click(screen.getByRole('button', { name: '运行分析' }));
    await screen.findByText('完成：结果已写入工作簿。');
    expect(await screen.findByText('收入为 390 CNY。')).toBeTruthy();
  });

  it('starts in Chinese when Office displays Chinese', async () => {
    const host = new FakeHost([ordersGrid(5)]);
    host.displayLanguage = 'zh-CN';
    render(<App host={host} createEngine={() => inProcessEngine()} />);
    expect(await screen.findByText(/Loopbook 找到了以下表格/)).toBeTruthy();
  });

  it('a failed run says what went wrong and what to do next', async () => {
    const host = new FakeHost([ordersGrid(20)]);
    host.failApply = new Error('The request payload is too large');
    await act(async () => {
      render(<App host={host} createEngine={() => inProcessEngine()} />);
      await Promise.resolve();
    });
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Run analyses' }).hasAttribute('disabled')).toBe(false);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Run analyses' }));
    const status = await screen.findByText('Stopped: the run did not finish. Your workbook is as it was.');
    expect(status.closest('[role="status"]')?.textContent).toMatch(/What to do next:.*Try again/);
  });

  it('every control has an accessible name', async () => {
    await renderPane();
    for (const step of [/Data/, /Analyses/, /Options/]) {
      fireEvent.click(tab(step));
      for (const el of document.querySelectorAll('button, select, input, textarea')) {
        const name =
          el.getAttribute('aria-label') ??
          el.getAttribute('aria-labelledby') ??
          (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ??
          el.textContent;
        expect(name?.trim(), el.outerHTML.slice(0, 120)).toBeTruthy();
      }
    }
  });
});
