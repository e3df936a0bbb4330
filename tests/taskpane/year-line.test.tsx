// @vitest-environment happy-dom
// The Data step's year question for a wide budget whose month headers name no year (issue 12 §3: period parsing
// changeable in the pane): the line says so, a typed year is used and said, an empty box takes it back. The grid
// is the hand-kept budget of tests/cli/period-year.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../addin/taskpane/App.js';
import type { CellGrid } from '../../src/types.js';
import { FakeHost, inProcessEngine, ordersGrid } from './helpers.js';

vi.mock('../../src/analysis/registry.js', async () => (await import('./test-analyses.js')).testRegistry());

Object.defineProperty(HTMLElement.prototype, 'animate', { value: undefined, configurable: true });

afterEach(cleanup);

const budget: CellGrid = {
  sheet: '预算',
  address: 'A1:E5',
  values: [
    ['营销预算（元）', null, null, null, null],
    [null, null, null, null, null],
    ['渠道', '1月', '2月', '3月', '合计'],
    ['百度推广', 1000, 2000, 3000, 6000],
    ['巨量引擎', 500, 600, 700, 1800],
  ],
};

describe('the year of a wide budget in the Data step', () => {
  it('says the year is missing, takes a typed one, refuses a non-year and takes an empty box as none', async () => {
    const host = new FakeHost([ordersGrid(20), budget]);
    render(<App host={host} createEngine={() => inProcessEngine()} />);
    const text = await screen.findByTestId('year-text');
    expect(text.textContent).toMatch(/name no year/);
    const input = screen.getByRole<HTMLInputElement>('textbox', { name: 'Year of the period headers' });
    fireEvent.change(input, { target: { value: '20' } });
    expect(await screen.findByText('Give a year such as 2024.')).toBeTruthy();
    fireEvent.change(input, { target: { value: '2023' } });
    await waitFor(() => {
      expect(screen.getByTestId('year-text').textContent).toBe(
        'The period headers across the columns are read in 2023, as you gave it.',
      );
    });
    fireEvent.change(input, { target: { value: '' } });
    await waitFor(() => {
      expect(screen.getByTestId('year-text').textContent).toMatch(/name no year/);
    });
  });
});
