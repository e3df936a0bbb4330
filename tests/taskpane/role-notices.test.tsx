// @vitest-environment happy-dom
// Issue 18 §7 in the rendered Data step (React + Fluent, fake host, engine in-process): a role change that takes the
// role from another column, and a kind change that unsets another table, show a notice beside the change in English
// and Chinese, whose Undo puts both pickers back; each picker explains its value in a line; "Look again" says which
// fixes it kept. The workbook: Orders!A1:D21 (Customer ID, Order date, Amount, Channel) and Orders2!A1:D6, the same
// columns (tests/taskpane/helpers.ts ordersGrid), so Loopbook uses Orders as the orders table and leaves Orders2.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../addin/taskpane/App.js';
import { FakeHost, inProcessEngine, ordersGrid } from './helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

Object.defineProperty(HTMLElement.prototype, 'animate', { value: undefined, configurable: true });

afterEach(cleanup);

async function renderPane() {
  const host = new FakeHost([ordersGrid(20), { ...ordersGrid(5), sheet: 'Orders2' }]);
  render(<App host={host} createEngine={() => inProcessEngine()} />);
  await screen.findByText(/Loopbook found these tables/);
  await waitFor(() => {
    expect(screen.getAllByRole('combobox', { name: /This table holds/ })).toHaveLength(2);
  });
  return host;
}

const role = (header: string) => screen.getByRole<HTMLSelectElement>('combobox', { name: `Role of “${header}”` });
const kindOf = (sheet: string) =>
  within(screen.getByTestId(`source-${sheet}`)).getByRole<HTMLSelectElement>('combobox');

describe('Data step notices', () => {
  it('a moved role: the notice names both columns, in English and Chinese; Undo puts both roles back', async () => {
    await renderPane();
    fireEvent.click(within(screen.getByTestId('source-Orders')).getByRole('button', { name: 'Columns and roles' }));
    // The role's one-line explanation sits under its picker.
    expect(screen.getByText('The money of the row; revenue and customer value are summed from it.')).toBeTruthy();
    fireEvent.change(role('Customer ID'), { target: { value: 'amount' } });
    const notice = await screen.findByTestId('change-notice');
    expect(notice.textContent).toContain('Amount (column C) is no longer “Amount”; Customer ID (column A) is.');
    // Customer ID was read as identifiers (C000 …): a doubt, said beside the move.
    expect(notice.textContent).toContain('The values of Customer ID (column A) look like identifiers');
    expect(role('Amount').value).toBe('');

    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh-CN' } });
    await waitFor(() => {
      expect(screen.getByTestId('change-notice').textContent).toContain(
        '“金额”已从Amount（C 列）改为Customer ID（A 列）。',
      );
    });
    fireEvent.click(within(screen.getByTestId('change-notice')).getByRole('button', { name: /撤销/ }));
    await waitFor(() => {
      expect(screen.queryByTestId('change-notice')).toBeNull();
    });
    const zhRole = (h: string) => screen.getByRole<HTMLSelectElement>('combobox', { name: `“${h}”的用途` });
    // Focus goes back to the picker the note was about, not to the page.
    expect(document.activeElement).toBe(zhRole('Customer ID'));
    expect(zhRole('Customer ID').value).toBe('customer_id');
    expect(zhRole('Amount').value).toBe('amount');
  });

  it('a kind taken from another table: the notice names it; Undo makes Orders the orders table again', async () => {
    await renderPane();
    expect(kindOf('Orders').value).toBe('orders');
    expect(kindOf('Orders2').value).toBe('');
    // Why Orders2 is not used, and each kind's line.
    expect(within(screen.getByTestId('source-Orders2')).getByText(/Only one table of each kind is used/)).toBeTruthy();
    expect(
      within(screen.getByTestId('source-Orders')).getByText(
        'One row per order or order line: who bought, when, and for how much.',
      ),
    ).toBeTruthy();
    fireEvent.change(kindOf('Orders2'), { target: { value: 'orders' } });
    const notice = await within(screen.getByTestId('source-Orders2')).findByTestId('change-notice');
    // A sheet's range is named by its address (an Excel table would be "Name (Sheet!A1:D21)").
    expect(notice.textContent).toContain('Orders!A1:D21 is now “Not used”: only one “Orders” table is used.');
    expect(kindOf('Orders').value).toBe('');
    fireEvent.click(within(notice).getByRole('button', { name: /Undo/ }));
    await waitFor(() => {
      expect(kindOf('Orders').value).toBe('orders');
    });
    expect(kindOf('Orders2').value).toBe('');
    expect(screen.queryByTestId('change-notice')).toBeNull();
    expect(document.activeElement).toBe(kindOf('Orders2'));
  });

  it('"Look again" says which fixes it kept', async () => {
    await renderPane();
    fireEvent.click(within(screen.getByTestId('source-Orders')).getByRole('button', { name: 'Columns and roles' }));
    fireEvent.change(role('Channel'), { target: { value: 'attribute' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look again' }));
    const note = await screen.findByTestId('rescan-note');
    expect(note.textContent).toContain('Looked again: your changes are kept');
    const kept = within(note).getByTestId('rescan-kept');
    expect(kept.textContent).toBe('Kept:Orders!A1:D21Channel (column D): “Attribute (segment by)”');
    expect(
      within(kept)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Channel (column D): “Attribute (segment by)”']);
    fireEvent.click(within(note).getByRole('button', { name: 'Close' }));
    await waitFor(() => {
      expect(screen.queryByTestId('rescan-note')).toBeNull();
    });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Look again' }));
  });
});
