/**
 * The command starts the .csv reader's second thread as soon as its arguments name a .csv input (src/cli/main.ts
 * `csvInputOf`, then `prestartCsvHelper`). The expected files are read off the arguments by hand: the first .csv or
 * .csv.gz that is an input of `analyze` or `inspect`, not the value of an option such as `--json` or `--source`.
 */
import { describe, expect, it } from 'vitest';
import { csvInputOf } from '../../src/cli/main.js';

describe('csvInputOf', () => {
  it("names the first .csv input of analyze and inspect, not an option's value", () => {
    expect(csvInputOf(['analyze', 'orders.csv', '--as-of', '2024-12-31'])).toBe('orders.csv');
    expect(csvInputOf(['analyze', 'book.xlsx', 'Orders.CSV.gz'])).toBe('Orders.CSV.gz');
    expect(csvInputOf(['inspect', 'a.csv', 'b.csv'])).toBe('a.csv');
    expect(csvInputOf(['analyze', '--json', 'out.csv', 'book.xlsx'])).toBeNull();
    expect(csvInputOf(['analyze', '--source', 'duckdb:orders.csv'])).toBeNull();
    expect(csvInputOf(['analyze', '--out', 'x.xlsx', '--source', 'big.csv', 'small.csv'])).toBe('small.csv');
    expect(csvInputOf(['refresh', 'orders.csv'])).toBeNull();
    expect(csvInputOf([])).toBeNull();
  });
});
