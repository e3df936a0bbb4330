/**
 * Acquisition quality with the first-order channels' customer codes (`FirstOrderChannels.codes`) against the same run
 * without them (the customers looked up by id, as before and as a source without codes still does): the codes must
 * name the customers of the maps, in order, and the results must be identical. Random orders (seeded), with refunds,
 * repeat buyers, customers whose first rows have no channel, and a customer with only a refund.
 */
import { describe, expect, it } from 'vitest';
import { csvBytesToGrid } from '../../../src/xlsx/read-csv.js';
import { ingestGrid } from '../../../src/ingest/index.js';
import { RunMemo } from '../../../src/analysis/common/index.js';
import { readOrders } from '../../../src/analysis/user/orders.js';
import {
  FIRST_ORDER_CHANNELS,
  readChannels,
  runAcquisitionQuality,
  type FirstOrderChannels,
} from '../../../src/analysis/loop/acquisition-quality.js';
import { mulberry32 } from '../../../src/stats/random.js';
import { common } from '../helpers.js';

function ordersCsv(seed: number): string {
  const rng = mulberry32(seed);
  const channels = ['Search', 'Social', 'Email', 'Referral', ''];
  const lines = ['Order ID,Customer ID,Order Date,Amount,Channel'];
  for (let i = 0; i < 1500; i++) {
    const c = Math.floor(rng() ** 2 * 200);
    const day = 1 + Math.floor(rng() * 700);
    const date = new Date(Date.UTC(2023, 0, day)).toISOString().slice(0, 10);
    const amount = rng() < 0.05 ? -(5 + Math.floor(rng() * 20)) : 5 + Math.floor(rng() * 200) / 4;
    lines.push(`O${i},C${c},${date},${amount},${channels[Math.floor(rng() * channels.length)]}`);
  }
  lines.push('O9999,CX,2024-06-01,-10,Search');
  return lines.join('\n');
}

describe('acquisition quality: first-order channels with customer codes', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives what looking the customers up by id gives (seed ${seed})`, () => {
      const ds = ingestGrid(csvBytesToGrid(Buffer.from(ordersCsv(seed), 'utf8'), 'orders').grid!);
      const inputs = { orders: ds };
      const base = common('2024-12-31');
      const withCodes = new RunMemo();
      const o = readOrders(inputs, [], withCodes)!;
      const ch = readChannels(inputs, o, 'en', [], withCodes)!;
      expect(ch.codes).toBeDefined();
      expect(Array.from(ch.codes!, (c) => o.customers[c])).toEqual([...ch.channelOf.keys()]);
      // The same channels without their codes, as a source that computes them elsewhere puts them in the memo.
      const byId = new RunMemo();
      const o2 = readOrders(inputs, [], byId)!;
      byId.get(o2, FIRST_ORDER_CHANNELS, (): FirstOrderChannels => ({ channelOf: ch.channelOf, startOf: ch.startOf }));
      expect(readChannels(inputs, o2, 'en', [], byId)!.codes).toBeUndefined();
      const a = runAcquisitionQuality(inputs, { ...base, memo: withCodes });
      const b = runAcquisitionQuality(inputs, { ...base, memo: byId });
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(a.tables[0].rows.length).toBeGreaterThan(1);
    });
  }
});
