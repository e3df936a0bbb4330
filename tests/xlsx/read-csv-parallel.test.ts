/**
 * The .csv reader on two threads (src/xlsx/read-csv-parallel.ts) against the one-thread reader: every expected
 * result here is the one-thread read of the same bytes (`parseCsvBytes`, `csvBytesToGrid`), an independent path
 * through the splitter; where the split falls (and so whether two threads can be used) is worked out by hand from
 * the fixtures. The in-process helper reads the worker's share on this thread with the worker's code, so a test
 * can see which outcome was taken; the last tests start the real worker thread. The property test also checks the
 * one-thread read against the row splitter `parseCsv` (a separate byte-for-character implementation) with the
 * values numbered by a Map in order of first appearance.
 */
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvBytesToGrid,
  csvBytesToGridAsync,
  parseCsv,
  readCsv,
  type CsvParseLimits,
} from '../../src/xlsx/read-csv.js';
import {
  claimFileEnd,
  CsvBytesReader,
  parseCsvBytes,
  WORKER_CLAIM,
  runCsvJob,
  type CsvFileJob,
  type CsvJobResult,
  WINDOW_SLACK,
} from '../../src/xlsx/read-csv-bytes.js';
import {
  CSV_PARALLEL_MIN_BYTES,
  defaultParallelMinBytes,
  idleCores,
  MIN_WINDOW_MS,
  othersRunning,
  coreIsFree,
  CSV_HEAD_BYTES,
  dropEarlyCsvWorker,
  CsvFileShare,
  parseCsvBytesParallel,
  parseCsvFileParallel,
  prestartCsvHelper,
  SPLIT_SLACK,
  startCsvHelper,
  takePrestartedCsvHelper,
  type CsvHelper,
} from '../../src/xlsx/read-csv-parallel.js';
import { startModuleWorker, withoutTsx, workerWithFlags } from '../../src/xlsx/worker-thread.js';
import { gridColumns, type GridColumns } from '../../src/ingest/grid-columns.js';
import { ReadLimitError } from '../../src/xlsx/read-limits.js';

const LIMITS: CsvParseLimits = { maxRows: 1_048_576, maxColumns: 16_384, maxCellChars: 32_767, part: 't' };

/**
 * Columns as plain data: codes, distinct texts (made), the texts that are not plain, empties and size. The reader's
 * columns make their texts on demand (functions that differ between reads), so they are compared through this.
 */
function plain(cols: GridColumns | null): unknown {
  if (!cols) return cols;
  return {
    rows: cols.rows,
    columns: cols.columns.map((c) => ({
      codes: Array.from(c.codes),
      dict: [...c.dict],
      texts: Array.from({ length: c.size ?? c.dict.length }, (_, k) => c.textOf?.(k)),
      special: c.special && Array.from(c.special),
      empties: c.empties,
      size: c.size,
    })),
  };
}

/** The worker's job read on this thread, by the worker's code (`runCsvJob`), when it is posted. */
function inProcess(): CsvHelper & { answers: CsvJobResult[] } {
  const answers: CsvJobResult[] = [];
  return {
    answers,
    run(job) {
      // A copy, as the worker is sent one (`runCsvJob` reads the bytes where they are).
      const answer = runCsvJob('bytes' in job ? { ...job, bytes: Uint8Array.from(job.bytes) } : job);
      answers.push(answer);
      return Promise.resolve(answer);
    },
    close() {},
  };
}

/** The two-thread read with the worker's share from the first line start after the middle (the fixtures' split). */
function atMiddle(src: Buffer, limits: CsvParseLimits, helper: CsvHelper): ReturnType<typeof parseCsvBytesParallel> {
  return parseCsvBytesParallel(src, 0, ',', limits, helper, src.length >> 1);
}

/** Both reads of `text`: the parallel one must equal the one-thread one; returns how many threads it used. */
async function same(text: string, limits: CsvParseLimits = LIMITS): Promise<1 | 2> {
  const src = Buffer.from(text, 'utf8');
  const one = parseCsvBytes(src, 0, ',', limits);
  const { threads, ...two } = await atMiddle(src, limits, inProcess());
  expect(two.unclosedQuote).toBe(one.unclosedQuote);
  expect(plain(two.columns)).toEqual(plain(one.columns));
  return threads;
}

/** Lines `from` to `to` of an orders-like file: ids ascending, customers and channels repeating. */
function lines(from: number, to: number, end = '\n'): string {
  let out = '';
  for (let r = from; r < to; r++)
    out += `O${r},C${r % 7},2024-01-${String(1 + (r % 28)).padStart(2, '0')},${r % 5}.5,ch${r % 3}${end}`;
  return out;
}

describe('parseCsvBytesParallel', () => {
  it('takes the second half from the worker and gives the one-thread columns, codes and first-appearance order', async () => {
    const text = 'order_id,customer_id,date,amount,channel\n' + lines(0, 400);
    expect(await same(text)).toBe(2);
    // By hand: the second half's new values (ids O2xx…) come after the first half's, in their file order.
    const { columns } = await atMiddle(Buffer.from(text), LIMITS, inProcess());
    expect(columns.columns[0].dict.slice(0, 3)).toEqual(['order_id', 'O0', 'O1']);
    expect(columns.columns[0].dict.at(-1)).toBe('O399');
    expect(columns.columns[4].dict).toEqual(['channel', 'ch0', 'ch1', 'ch2']);
    expect(columns.rows).toBe(401);
  });

  it('a quoted line break across the middle: the worker is dropped and the main thread reads on', async () => {
    // One long quoted value holding line breaks in the middle of the file: the first line feed after the middle
    // is inside it, so the main thread passes the split inside a quoted field.
    const long = Array.from({ length: 60 }, (_, k) => `note ${k}`).join('\n');
    const text = 'id,note\n' + lines(0, 20) + `x,"${long}"\n` + lines(20, 40);
    const mid = Buffer.byteLength(text) / 2;
    const open = Buffer.byteLength(text.slice(0, text.indexOf('"')));
    expect(open).toBeLessThan(mid);
    expect(open + Buffer.byteLength(long)).toBeGreaterThan(mid);
    expect(await same(text)).toBe(1);
    // A worker answer taken there would be wrong: a helper answering junk must not change the result.
    const junk: CsvHelper = {
      run: () => Promise.resolve({ ok: true, part: { rows: 1, unclosedQuote: false, columns: [] } }),
      close() {},
    };
    const src = Buffer.from(text);
    const { threads, ...two } = await atMiddle(src, LIMITS, junk);
    expect(threads).toBe(1);
    expect(plain(two.columns)).toEqual(plain(parseCsvBytes(src, 0, ',', LIMITS).columns));
  });

  it('CRLF, CR-only, a last line without a line end, a trailing delimiter', async () => {
    expect(await same('a,b,c,d,e\r\n' + lines(0, 300, '\r\n'))).toBe(2);
    expect(await same('a,b,c,d,e\n' + lines(0, 300).slice(0, -1))).toBe(2);
    expect(await same('a,b,c,d,e\n' + lines(0, 300) + 'x,')).toBe(2);
    // No line feed at all: nothing to split at, one thread.
    expect(await same('a,b,c,d,e\r' + lines(0, 300, '\r'))).toBe(1);
  });

  it('blank lines, the split on a line of its own, and a file whose only line feed is the last byte', async () => {
    const half = 'a,b\n' + lines(0, 100);
    // The middle falls in the run of blank lines: the split is a blank line's start.
    const text = half + '\n'.repeat(Buffer.byteLength(half) / 2 + 10) + lines(100, 150);
    const mid = Buffer.byteLength(text) / 2;
    expect(text.slice(mid - 1, mid + 1)).toBe('\n\n');
    expect(await same(text)).toBe(2);
    expect(await same('\n'.repeat(500))).toBe(2);
    expect(await same('x'.repeat(300) + '\n')).toBe(1);
  });

  it('ragged rows: wider and narrower rows in either half, columns first seen by the worker', async () => {
    const text = 'a,b\n' + lines(0, 200) + 'only\n,,,,,,,,x\n' + lines(200, 300) + 'p,q,r,s,t,u,v,w,y,z\n';
    expect(Buffer.byteLength(text.slice(0, text.indexOf('only')))).toBeGreaterThan(Buffer.byteLength(text) / 2);
    expect(await same(text)).toBe(2);
    expect(await same('a\n' + 'b\n'.repeat(100) + lines(0, 100))).toBe(2);
  });

  it('the texts that are not plain: merged as one read keeps them, and past 64 the column is not plain', async () => {
    // Labels only in the second half; the same labels in both halves; more than 64 in the second half.
    const labels = (from: number, to: number): string =>
      Array.from({ length: to - from }, (_, k) => `1,Label ${from + k}\n`).join('');
    expect(await same('n,l\n' + '1,7\n'.repeat(200) + labels(0, 10))).toBe(2);
    expect(await same('n,l\n' + labels(0, 30) + '1,7\n'.repeat(200) + labels(20, 60))).toBe(2);
    expect(await same('n,l\n' + labels(0, 30) + '1,7\n'.repeat(300) + labels(10, 200))).toBe(2);
    const src = Buffer.from('n,l\n' + labels(0, 30) + '1,7\n'.repeat(300) + labels(10, 200));
    const { columns } = await atMiddle(src, LIMITS, inProcess());
    expect(columns.columns[1].special).toBeUndefined();
  });

  it('ascending columns (ids, sorted dates) are appended at once, as one read keeps them', async () => {
    const id = (r: number): string => `O${String(r).padStart(5, '0')}`;
    const sorted = (from: number, to: number, extra = ''): string =>
      Array.from(
        { length: to - from },
        (_, k) => `${id(from + k)},2024-${String(1 + ((from + k) >> 5)).padStart(3, '0')}${extra}\n`,
      ).join('');
    expect(await same('order_id,date\n' + sorted(0, 400))).toBe(2);
    const src = Buffer.from('order_id,date\n' + sorted(0, 400));
    const { columns } = await atMiddle(src, LIMITS, inProcess());
    expect(columns.columns[0].dict.slice(0, 2)).toEqual(['order_id', 'O00000']);
    expect(columns.columns[0].codes[400]).toBe(400); // the header is code 0, O00399 code 400
    expect(columns.columns[0].special).toEqual(Int32Array.from([0])); // the header only
    // The second half's first value not after the first half's last; its second value before its first; labels
    // (not plain) in an ascending second half; a first half with its header only.
    expect(await same('order_id,date\n' + sorted(0, 200) + sorted(199, 400))).toBe(2);
    expect(await same('order_id,date\n' + sorted(0, 200) + 'Z,1\n' + sorted(200, 400))).toBe(2);
    // 80 labels (past the 64 texts that are not plain) and 20.
    for (const labels of [80, 20]) {
      const totals = Array.from({ length: labels }, (_, k) => `Total ${String(k).padStart(3, '0')}\n`).join('');
      expect(await same('k\n' + sorted(0, 200, ',x') + totals)).toBe(2);
    }
    expect(await same('order_id' + ' '.repeat(4000) + '\n' + sorted(0, 20))).toBe(2);
  });

  it('appending at once only where every value is new and in order (the split placed by hand)', async () => {
    /** A header padded so that the split falls exactly at the start of `b` (the first line feed after the middle). */
    const halves = (a: string, b: string): string => {
      // The first half (header, a) is |b| + 2 bytes: the middle is then its last byte, a line feed.
      expect(a.length).toBeLessThanOrEqual(b.length);
      const text = `k${' '.repeat(b.length - a.length)}\n` + a + b;
      expect(text.indexOf('\n', text.length >> 1) + 1).toBe(text.length - b.length);
      return text;
    };
    const run = (prefix: string, from: number, to: number): string =>
      Array.from({ length: to - from }, (_, k) => `${prefix}${String(from + k).padStart(3, '0')}\n`).join('');
    // Not plain: 50 in the first half, 30 in the second, both ascending: past 64, so the column is not plain.
    expect(await same(halves(run('Ab', 0, 50) + run('B', 0, 70), run('B', 100, 200) + run('Ca', 0, 30)))).toBe(2);
    const src = Buffer.from(halves(run('Ab', 0, 50) + run('B', 0, 70), run('B', 100, 200) + run('Ca', 0, 30)));
    expect((await atMiddle(src, LIMITS, inProcess())).columns.columns[0].special).toBeUndefined();
    // The second half's second value before its first, and one the first half holds: not new, its old code.
    expect(await same(halves(run('B', 0, 100), 'Z999\nB050\n' + run('Z', 0, 100)))).toBe(2);
  });

  it('quoted fields and an unclosed quote in the second half', async () => {
    expect(await same('a,b\n' + lines(0, 100) + '"x, ""y""",2\n' + lines(100, 200) + '"z\n,1\n')).toBe(2);
    expect(await same('a,b\n' + lines(0, 200) + '"open,1\n' + lines(0, 50))).toBe(2);
  });

  it('limits in the second half give the one-thread error, with its row', async () => {
    const text = 'a,b,c,d,e\n' + lines(0, 100) + `O,${'w'.repeat(50)}\n` + lines(100, 150);
    const at = (limits: CsvParseLimits): Promise<unknown> =>
      atMiddle(Buffer.from(text), limits, inProcess()).catch((e: unknown) => e);
    const cells = { ...LIMITS, maxCellChars: 40 };
    const err = await at(cells);
    expect(err).toBeInstanceOf(ReadLimitError);
    expect((err as ReadLimitError).cell).toBe('B102'); // header, 100 lines, then the long value's row
    expect(() => parseCsvBytes(Buffer.from(text), 0, ',', cells)).toThrow((err as Error).message);
    // Each half under the row cap, the two together over it.
    const rows = await at({ ...LIMITS, maxRows: 120 });
    expect((rows as ReadLimitError).kind).toBe('rows');
    expect(await same(text, { ...LIMITS, maxRows: 152 })).toBe(2);
    const cols = await at({ ...LIMITS, maxColumns: 4 });
    expect(() => parseCsvBytes(Buffer.from(text), 0, ',', { ...LIMITS, maxColumns: 4 })).toThrow(
      (cols as Error).message,
    );
  });
});

describe('csvBytesToGridAsync on the worker thread', () => {
  const check = async (bytes: Uint8Array): Promise<void> => {
    const one = csvBytesToGrid(bytes, 's');
    // The real worker, watched: its answer must come back (a silent fallback would also give equal grids).
    const real = startCsvHelper()!;
    let answer: unknown = 'not asked';
    const helper: CsvHelper = {
      run: async (job) => {
        const got = await real.run(job);
        answer = got.ok ? got.part : got;
        return got;
      },
      close: () => {
        real.close();
      },
    };
    const two = await csvBytesToGridAsync(bytes, 's', { parallelMinBytes: 0, helper });
    expect(answer).toMatchObject({ rows: expect.any(Number) as number });
    expect(two.detection).toEqual(one.detection);
    expect(two.diagnostics).toEqual(one.diagnostics);
    expect(plain(gridColumns(two.grid!))).toEqual(plain(gridColumns(one.grid!)));
    expect(two.grid!.address).toBe(one.grid!.address);
  };

  it('UTF-8 with a BOM, a sep= line, UTF-16LE and GB18030: the same grid, detection and diagnostics', async () => {
    const text =
      '客户,金额,渠道\n' + Array.from({ length: 2000 }, (_, r) => `C${r % 97},${r}.5,社群${r % 3}\n`).join('');
    await check(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sep=;\n' + text.replaceAll(',', ';'))]));
    await check(iconv.encode(text, 'utf-16le', { addBOM: true }));
    await check(iconv.encode(text, 'gb18030'));
    await check(Buffer.from(text + '"open'));
  });

  it('readCsv with the threshold at 0 starts the worker: the same result as one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopbook-csvpar-'));
    const path = join(dir, 'orders.csv');
    writeFileSync(path, 'order_id,customer_id,date,amount,channel\r\n' + lines(0, 5000, '\r\n'));
    const one = await readCsv(path, { parallelMinBytes: Infinity });
    const two = await readCsv(path, { parallelMinBytes: 0 });
    expect(plain(gridColumns(two.grids[0]))).toEqual(plain(gridColumns(one.grids[0])));
    expect({ ...two, grids: [] }).toEqual({ ...one, grids: [] });
    expect(gridColumns(one.grids[0])!.rows).toBe(5001);
  });
});

describe("the worker's bundle", () => {
  const dir = fileURLToPath(new URL('../../.cache/cli/', import.meta.url));
  const manifestFile = join(dir, 'csv-worker.json');
  const answered = async (): Promise<unknown> => {
    const helper = startCsvHelper()!;
    try {
      const got = await helper.run({
        bytes: new Uint8Array(Buffer.from('a,b\n1,2\n')),
        delimiter: ',',
        maxRows: 10,
        maxColumns: 10,
        maxCellChars: 100,
      });
      return got.ok ? got.part : got;
    } finally {
      helper.close();
    }
  };

  it('is built from the sources it lists, and rebuilt when they no longer hash to its key', async () => {
    expect(await answered()).toMatchObject({ rows: 2 });
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as { file: string; inputs: string[]; key: string };
    expect(m.inputs).toContain('src/xlsx/read-csv-worker.ts');
    expect(m.inputs).toContain('src/xlsx/read-csv-bytes.ts');
    // A bundle of older sources (here one that cannot read) under a key the sources no longer give: not used.
    writeFileSync(join(dir, 'csv-worker-0000.mjs'), "throw new Error('an old bundle');\n");
    writeFileSync(manifestFile, JSON.stringify({ ...m, file: 'csv-worker-0000.mjs', key: '0000' }));
    expect(await answered()).toMatchObject({ rows: 2 });
    expect(JSON.parse(readFileSync(manifestFile, 'utf8'))).toEqual(m);
    expect(existsSync(join(dir, 'csv-worker-0000.mjs'))).toBe(false);
  });
});

describe("the worker's Node flags", () => {
  it('drop the flags that load tsx (as `node --import tsx` and `npx tsx` pass them) and keep the others', () => {
    // By hand, from process.execArgv under `node --import tsx` and under `npx tsx` (tsx 4).
    expect(withoutTsx(['--import', 'tsx', '--cpu-prof'])).toEqual(['--cpu-prof']);
    expect(
      withoutTsx([
        '--require',
        '/work/node_modules/tsx/dist/preflight.cjs',
        '--import',
        'file:///work/node_modules/tsx/dist/loader.mjs',
        '--max-old-space-size=4096',
      ]),
    ).toEqual(['--max-old-space-size=4096']);
    expect(withoutTsx(['--import=tsx/esm', '-r', 'tsx/cjs', '--cpu-prof-dir', '/tmp/p'])).toEqual([
      '--cpu-prof-dir',
      '/tmp/p',
    ]);
    // Another module loaded by --import or --require is kept, and so is a path that only mentions tsx.
    expect(withoutTsx(['--import', './setup.mjs', '--require', './my-tsx-hooks.cjs'])).toEqual([
      '--import',
      './setup.mjs',
      '--require',
      './my-tsx-hooks.cjs',
    ]);
    expect(withoutTsx([])).toEqual([]);
  });

  it('start a worker when a flag Node refuses in one is among them (the peer benchmark runs with --max-old-space-size)', async () => {
    // `new Worker(…, { execArgv: ['--max-old-space-size=4096'] })` throws ERR_WORKER_INVALID_EXEC_ARGV (Node 20):
    // the stop-33 peer runs read on one thread for it. Kept flags still reach the worker (--no-warnings here).
    const code = "require('node:worker_threads').parentPort.postMessage(process.execArgv)";
    const worker = workerWithFlags(code, { eval: true, execArgv: ['--max-old-space-size=4096', '--no-warnings'] });
    const argv = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(argv).toEqual(['--no-warnings']);
    expect(() => new Worker(code, { eval: true, execArgv: ['--max-old-space-size=4096'] })).toThrow(
      /invalid execArgv flags: --max-old-space-size=4096/,
    );
  });
});

describe('values of more than 7 bytes (hashed, their bytes compared in the heap)', () => {
  /**
   * 30,000 records of one column: first 3,000 ascending values (kept without a table), then values out of order
   * (the table is built from those kept, `tabulate`, and doubled as it fills, `rehash`), of every length from 8 to
   * 40 bytes, many alike but for one byte in the first word, the middle, or the last 1-3 bytes past the last whole
   * word, some of them non-ASCII. Each value is numbered as a Map numbers parseCsv's rows; a table that hashed a value
   * differently when it was built, doubled or probed would keep it twice.
   */
  function longValues(): string {
    const head = Array.from({ length: 3_000 }, (_, r) => `campaign-${String(r).padStart(6, '0')}`);
    const rest: string[] = [];
    for (let r = 0; r < 27_000; r++) {
      const len = 8 + (r % 33);
      const k = (r * 7919) % 12_011;
      const base = 'x'.repeat(len).split('');
      // One byte that differs by value at the start, one in the middle, and the tail past the last whole word.
      base[0] = String.fromCharCode(97 + (k % 26));
      base[len >> 1] = String.fromCharCode(65 + (Math.floor(k / 26) % 26));
      base[len - 1] = String(Math.floor(k / 676) % 10);
      const v = base.join('');
      rest.push(r % 97 === 0 ? `渠道${v}` : r % 89 === 0 ? head[k % 3_000] : v);
    }
    return [...head, ...rest].join('\n') + '\n';
  }

  it('number every value as a Map numbers parseCsv, on one thread and split anywhere on two', async () => {
    const text = longValues();
    const src = Buffer.from(text, 'utf8');
    const one = parseCsvBytes(src, 0, ',', LIMITS);
    const ref = mapNumbered(text);
    expect(ref.columns[0].dict.length).toBeGreaterThan(5_000);
    expect(
      one.columns.columns.map((c) => ({ codes: Array.from(c.codes), dict: [...c.dict], empties: c.empties })),
    ).toEqual(ref.columns);
    for (const at of [0.05, 0.3, 0.61]) {
      const { threads, ...par } = await parseCsvBytesParallel(
        src,
        0,
        ',',
        LIMITS,
        inProcess(),
        Math.floor(at * src.length),
      );
      expect(threads).toBe(2);
      expect(plain(par.columns)).toEqual(plain(one.columns));
    }
  });
});

describe('values read a word at a time (slot words of 1 to 7 bytes, word compares)', () => {
  /**
   * Every value of 1 to 7 bytes that differs from 'xxxxxxx' cut to its length in one byte (any position, three
   * letters), each three times in a scrambled order: a slot word that missed a byte (the second word is read from the
   * word that ends at the value's end) would give two of them one code. Then values of 1 to 13 bytes in ascending
   * order, each after the one before by two bytes side by side at any position (the ascending mode's compare skips
   * equal words), and one out of order at the end.
   */
  function shortValues(): string[] {
    const out: string[] = [];
    for (let len = 1; len <= 7; len++)
      for (let at = 0; at < len; at++) for (const ch of 'abé') out.push('x'.repeat(at) + ch + 'x'.repeat(len - at - 1));
    const all = [...out, ...out, ...out];
    return all.map((_, r) => all[(r * 7_919) % all.length]);
  }
  function ascending(): string[] {
    const out: string[] = [];
    for (let len = 1; len <= 13; len++) {
      // One length a block, its first letter after the block before's; within it, 'mm…m' then 'n' at each place
      // from the last: two neighbours differ in two bytes side by side, anywhere in a word.
      const block = ['m'.repeat(len)];
      for (let at = len - 1; at >= 0; at--) block.push('m'.repeat(at) + 'n' + 'm'.repeat(len - at - 1));
      for (const v of block) out.push(String.fromCharCode(64 + len) + v);
    }
    return [...out, ...out.slice(0, 5), 'a'];
  }

  it('number every value as a Map numbers parseCsv, on one thread and split anywhere on two', async () => {
    for (const values of [shortValues(), ascending()]) {
      const text = values.join('\n') + '\n';
      const src = Buffer.from(text, 'utf8');
      const one = parseCsvBytes(src, 0, ',', LIMITS);
      const ref = mapNumbered(text);
      expect(new Set(values).size).toBe(ref.columns[0].dict.length);
      expect(
        one.columns.columns.map((c) => ({ codes: Array.from(c.codes), dict: [...c.dict], empties: c.empties })),
      ).toEqual(ref.columns);
      for (const at of [0.2, 0.5, 0.8]) {
        const middle = Math.floor(at * src.length);
        const { threads, ...par } = await parseCsvBytesParallel(src, 0, ',', LIMITS, inProcess(), middle);
        expect(threads).toBe(2);
        expect(plain(par.columns)).toEqual(plain(one.columns));
      }
    }
  });
});

describe('values of at most 7 bytes held back and looked up in batches (a table of 32,768 slots or more)', () => {
  /**
   * 90,000 records: a column of 40,000 ids of 2 to 7 bytes (its table passes 32,768 slots at 16,384 values, so most
   * are held back), among them values of 8 and more bytes, the same ids quoted, empty fields and a stretch where each
   * id repeats 4 times (the compare with the row above goes on there and off after it), in a scrambled order; a
   * second column of amounts. Held back values looked up out of their order would be numbered otherwise than a Map
   * numbers parseCsv's rows.
   */
  function heldBack(): string {
    const lines: string[] = [];
    for (let r = 0; r < 90_000; r++) {
      const repeat = r >= 50_000 && r < 62_000;
      const k = ((repeat ? r >> 2 : r) * 7_919) % 40_000;
      const id = `C${k.toString(36)}`;
      const first = r % 97 === 0 ? `long-id-${k}` : r % 89 === 0 ? `"${id}"` : r % 83 === 0 ? '' : id;
      lines.push(`${first},${(k % 5_000) / 100}`);
    }
    return lines.join('\n') + '\n';
  }

  it('number every value as a Map numbers parseCsv, on one thread and split anywhere on two', async () => {
    const text = heldBack();
    const src = Buffer.from(text, 'utf8');
    const one = parseCsvBytes(src, 0, ',', LIMITS);
    const ref = mapNumbered(text);
    expect(ref.columns[0].dict.length).toBeGreaterThan(20_000);
    expect(
      one.columns.columns.map((c) => ({ codes: Array.from(c.codes), dict: [...c.dict], empties: c.empties })),
    ).toEqual(ref.columns);
    for (const at of [0.1, 0.45, 0.7]) {
      const middle = Math.floor(at * src.length);
      const { threads, ...par } = await parseCsvBytesParallel(src, 0, ',', LIMITS, inProcess(), middle);
      expect(threads).toBe(2);
      expect(plain(par.columns)).toEqual(plain(one.columns));
    }
  });
});

describe('fields scanned four bytes at a time', () => {
  /**
   * Fields of 0 to 13 bytes made of bytes at or below the delimiter that do not end a field (space, '!', control
   * characters, the other delimiters), letters above it and a two-byte character, placed at every offset of a word,
   * for each delimiter: a word test that let a delimiter or a line end through would split them otherwise than
   * parseCsv.
   */
  it('split every field as parseCsv splits the text, for each delimiter', () => {
    const parts = [' ', '!', '\x01', '+', ',', ';', '\t', '|', '{', 'a', 'é', '0'];
    for (const d of [',', ';', '\t', '|'] as const) {
      const pool = parts.filter((p) => p !== d);
      const lines: string[] = [];
      for (let r = 0; r < 400; r++) {
        const fields: string[] = [];
        for (let c = 0; c < 1 + (r % 5); c++) {
          const len = (r * 7 + c * 3) % 14;
          let f = '';
          for (let q = 0; q < len; q++) f += pool[(r * 13 + c * 5 + q * 3) % pool.length];
          fields.push(f);
        }
        lines.push(fields.join(d));
      }
      const text = lines.map((l, r) => l + lineEnd(r)).join('');
      const rows = parseCsv(text, d).rows;
      const { columns } = parseCsvBytes(Buffer.from(text, 'utf8'), 0, d, LIMITS);
      const width = columns.columns.length;
      const got = rows.map((_, r) =>
        Array.from({ length: width }, (_, c) => {
          const col = columns.columns[c];
          return col.codes[r] < 0 ? null : col.dict[col.codes[r]];
        }),
      );
      const want = rows.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? null));
      expect(columns.rows).toBe(rows.length);
      expect(got).toEqual(want);
    }
  });
  /** Line ends: LF, CRLF and CR in turn. */
  function lineEnd(r: number): string {
    return r % 3 === 0 ? '\n' : r % 3 === 1 ? '\r\n' : '\r';
  }
});

/** `parseCsv`'s rows as columns numbered by a Map in order of first appearance (-1: empty or short row). */
function mapNumbered(text: string): { rows: number; columns: { codes: number[]; dict: string[]; empties: number }[] } {
  const { rows } = parseCsv(text, ',');
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, c) => {
    const codeOf = new Map<string, number>();
    const codes = rows.map((row) => {
      const v = row[c];
      if (v === null || v === undefined || v === '') return -1;
      if (!codeOf.has(v)) codeOf.set(v, codeOf.size);
      return codeOf.get(v)!;
    });
    return { codes, dict: [...codeOf.keys()], empties: codes.filter((k) => k < 0).length };
  });
  return { rows: rows.length, columns };
}

describe('two threads against one, random files split anywhere (fast-check, fixed seed)', () => {
  /** A field as written: plain, quoted (delimiters, quotes, line breaks inside), or raw junk (stray quotes). */
  const field = fc.oneof(
    fc.constantFrom('', '', '#N/A', '客户甲', '渠道二', '00123', '1.50', '" 1,234.5 "', 'Total', 'order_id', ' x '),
    fc.integer({ min: 0, max: 30 }).map((k) => `C${k}`),
    fc.integer({ min: 0, max: 300 }).map(String),
    fc
      .string({ unit: fc.constantFrom('a', 'B', ',', '"', '\n', '\r', '中', ' ', '1', '#'), maxLength: 6 })
      .map((t) => `"${t.replaceAll('"', '""')}"`),
    fc.string({ unit: fc.constantFrom('a', '"', '中', '1', ' '), maxLength: 4 }),
  );
  const file = fc
    .record({
      header: fc.boolean(),
      /** Column 0 an ascending id (the ascending mode and the append at once), else a field like the others. */
      sorted: fc.boolean(),
      rows: fc.array(
        fc.record({
          fields: fc.array(field, { minLength: 0, maxLength: 5 }),
          end: fc.constantFrom('\n', '\n', '\r\n', '\r', '\n\n'),
        }),
        { minLength: 1, maxLength: 60 },
      ),
      last: fc.boolean(),
    })
    .map(({ header, sorted, rows, last }) => {
      let text = header ? 'order_id,customer,amount\n' : '';
      rows.forEach(({ fields, end }, r) => {
        const cells = sorted ? [`O${String(r * 3).padStart(4, '0')}`, ...fields] : fields;
        text += cells.join(',') + (r < rows.length - 1 || last ? end : '');
      });
      return text;
    });

  it('the same codes, texts, empties and texts that are not plain; the one-thread read as a Map numbers parseCsv', async () => {
    let two = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(file, fc.double({ min: 0, max: 1, noNaN: true }), async (text, at) => {
        const src = Buffer.from(text, 'utf8');
        const one = parseCsvBytes(src, 0, ',', LIMITS);
        const middle = Math.floor(at * src.length);
        const { threads, ...par } = await parseCsvBytesParallel(src, 0, ',', LIMITS, inProcess(), middle);
        expect(plain(par.columns)).toEqual(plain(one.columns));
        expect(par.unclosedQuote).toBe(one.unclosedQuote);
        const ref = mapNumbered(text);
        expect(one.columns.rows).toBe(ref.rows);
        expect(
          one.columns.columns.map((c) => ({ codes: Array.from(c.codes), dict: [...c.dict], empties: c.empties })),
        ).toEqual(ref.columns);
        runs++;
        if (threads === 2) two++;
      }),
      { seed: 13, numRuns: 400 },
    );
    // The property is worth something only if most files were in fact read on two threads.
    expect(two).toBeGreaterThan(runs / 2);
  });
});

describe('the compare with the row above, and the codes written as read (one thread, then two)', () => {
  /**
   * 12,000 records in phases longer than the reader's windows (64 rows, then 4,096) over which it decides, per
   * column, whether to compare a field with the one above first: runs of one value, then values that seldom
   * repeat, then runs again. Within runs: the same text quoted (unescaped, not compared with the text), a field of
   * the same length that differs only in its last byte, empties, short records (the columns they do not reach are
   * -1), a record wider than all before (a column first met at row 5,000) and values longer than 7 bytes.
   */
  function phased(): string {
    let text = '';
    for (let r = 0; r < 12_000; r++) {
      const phase = r < 4_500 ? 0 : r < 9_000 ? 1 : 2;
      const run = phase === 1 ? `v${(r * 7919) % 997}` : `v${Math.floor(r / 50)}`;
      const long = phase === 1 ? `campaign-${(r * 31) % 113}` : `campaign-${Math.floor(r / 300)}`;
      let a = r % 17 === 0 ? `"${run}"` : run;
      if (r % 23 === 0) a = `${run.slice(0, -1)}${run.endsWith('0') ? '1' : '0'}`;
      if (r % 29 === 0) a = '';
      const fields = [a, long, `C${(r * 13) % 401}`];
      if (r >= 5_000 && r % 3 === 0) fields.push(`w${r % 5}`);
      text += (r % 11 === 0 ? fields.slice(0, 1 + (r % 2)) : fields).join(',') + '\n';
    }
    return text;
  }

  it('numbers every column as a Map numbers parseCsv, and two threads split anywhere give the same', async () => {
    // The reference: parseCsv's rows (a separate splitter) numbered by a Map at first appearance, -1 where empty.
    const text = phased();
    const src = Buffer.from(text, 'utf8');
    const one = parseCsvBytes(src, 0, ',', LIMITS);
    const ref = mapNumbered(text);
    expect(one.columns.rows).toBe(ref.rows);
    expect(
      one.columns.columns.map((c) => ({ codes: Array.from(c.codes), dict: [...c.dict], empties: c.empties })),
    ).toEqual(ref.columns);
    for (const at of [0.1, 0.37, 0.5, 0.8]) {
      const { threads, ...par } = await parseCsvBytesParallel(
        src,
        0,
        ',',
        LIMITS,
        inProcess(),
        Math.floor(at * src.length),
      );
      expect(threads).toBe(2);
      expect(plain(par.columns)).toEqual(plain(one.columns));
    }
  });
});

describe("the merge's values left out of the table (absorb)", () => {
  it('a read that goes on after a merge finds them: the table is made again, the columns are one read of it all', () => {
    // Three stretches of one file: the second read apart and merged, then the first read's reader goes on with the
    // third, which repeats values of both. The customers (C0-C39) are all in the first stretch; the amounts
    // ((r * 7919) mod 100,003: distinct for the 70,000 rows) are new in each stretch, 40,000 of them merged (a table
    // past 32,768 slots: the batched lookups too). Without the table made again, the third stretch's amounts of the
    // second would be kept twice.
    const row = (r: number): string => `O${r},C${r % 40},${(r * 7919) % 100_003},${r % 3 === 0 ? '' : 'x'}\n`;
    const text = (from: number, to: number): string =>
      Array.from({ length: to - from }, (_, k) => row(from + k)).join('');
    const a = Buffer.from('id,customer,amount,flag\n' + text(0, 20_000));
    const b = Buffer.from(text(20_000, 60_000));
    const c = Buffer.from(text(0, 5_000) + text(55_000, 70_000));
    const reader = new CsvBytesReader(a, 0, ',', LIMITS, a.length + b.length + c.length);
    reader.run(0, Infinity);
    const apart = new CsvBytesReader(b, 0, ',', LIMITS);
    apart.run(0, Infinity);
    reader.absorb(apart.part());
    reader.slide(c);
    reader.run(0, Infinity);
    const one = parseCsvBytes(Buffer.concat([a, b, c]), 0, ',', LIMITS);
    expect(plain(reader.result().columns)).toEqual(plain(one.columns));
  });
});

describe('the ascending mode of a column (one thread)', () => {
  it('a later value equal to the first, when the second came before the first, gets the first code', () => {
    // By hand: b, a, b is two distinct texts; the third value is the first's.
    const cols = parseCsvBytes(Buffer.from('b\na\nb\n'), 0, ',', LIMITS).columns.columns[0];
    expect([...cols.dict]).toEqual(['b', 'a']);
    expect(Array.from(cols.codes)).toEqual([0, 1, 0]);
    // A header repeated below ascending ids (two files joined): order_id, O1, O2, order_id, O3.
    const ids = parseCsvBytes(Buffer.from('order_id\nO1\nO2\norder_id\nO3\n'), 0, ',', LIMITS).columns.columns[0];
    expect([...ids.dict]).toEqual(['order_id', 'O1', 'O2', 'O3']);
    expect(Array.from(ids.codes)).toEqual([0, 1, 2, 0, 3]);
  });

  it('a second half holding the header is not appended at once but looked up', async () => {
    // The worker's values (O3, order_id, p) are ascending and after the first half's last (O2), but one is the
    // header: appended at once it would be a second 'order_id'.
    const text = 'order_id\nO1\nO2\nO3\norder_id\np\n';
    const { threads, columns } = await parseCsvBytesParallel(Buffer.from(text), 0, ',', LIMITS, inProcess(), 12);
    expect(threads).toBe(2);
    expect([...columns.columns[0].dict]).toEqual(['order_id', 'O1', 'O2', 'O3', 'p']);
    expect(Array.from(columns.columns[0].codes)).toEqual([0, 1, 2, 3, 0, 4]);
  });
});

describe('the switch', () => {
  it('LOOPBOOK_CSV_THREADS=1 reads on one thread, =2 on two from 8 MB; unset, one of the two', () => {
    const before = process.env.LOOPBOOK_CSV_THREADS;
    try {
      process.env.LOOPBOOK_CSV_THREADS = '1';
      expect(defaultParallelMinBytes()).toBe(Infinity);
      process.env.LOOPBOOK_CSV_THREADS = '2';
      expect(defaultParallelMinBytes()).toBe(8 * 2 ** 20);
      delete process.env.LOOPBOOK_CSV_THREADS;
      // The machine's cores and load decide (not under test's control).
      expect([Infinity, CSV_PARALLEL_MIN_BYTES]).toContain(defaultParallelMinBytes());
    } finally {
      if (before === undefined) delete process.env.LOOPBOOK_CSV_THREADS;
      else process.env.LOOPBOOK_CSV_THREADS = before;
    }
  });

  it("idle cores from the cores' idle time over a window, none when the window is too short or unknown", () => {
    // By hand: two cores, 400 ms of CPU time in all since the first sample (200 ms a core), 150 of them idle:
    // 2 * 150 / 400 = 0.75 of a core idle on average.
    expect(idleCores({ idle: 1000, all: 4000 }, { idle: 1150, all: 4400 }, 2)).toEqual({ cores: 0.75, windowMs: 200 });
    // Both cores busy the whole window (a load that is running now): none idle.
    expect(idleCores({ idle: 1000, all: 4000 }, { idle: 1000, all: 4400 }, 2)).toEqual({ cores: 0, windowMs: 200 });
    // 100 ms in all over two cores is 50 ms a core: too short (MIN_WINDOW_MS) to tell.
    expect(MIN_WINDOW_MS).toBeGreaterThan(50);
    expect(idleCores({ idle: 1000, all: 4000 }, { idle: 1100, all: 4100 }, 2)).toEqual({ cores: null, windowMs: 50 });
    expect(idleCores(null, { idle: 1, all: 2 }, 2)).toEqual({ cores: null, windowMs: NaN });
  });

  it('others running: the mean of the run-queue samples less this thread, none when the queue cannot be read', () => {
    // By hand: samples 3, 1, 1, 1 (this thread counts in each): 2 + 0 + 0 + 0 others over 4 samples = 0.5.
    const queue = [3, 1, 1, 1];
    let i = 0;
    expect(othersRunning(() => queue[i++], 4)).toBe(0.5);
    expect(i).toBe(4);
    // Only this thread: nothing else wants a core.
    expect(othersRunning(() => 1, 8)).toBe(0);
    // Not Linux: null, after the first sample.
    let calls = 0;
    expect(
      othersRunning(() => {
        calls++;
        return null;
      }, 8),
    ).toBeNull();
    expect(calls).toBe(1);
    // The rule, two cores: idle time decides when known (0.6 idle: free; 0.4: not), whatever the rest says; else
    // the others now (0.25 others < 2 − 1 − 0.5: free; 0.5: not); else the load average (1.2 < 1.5: free).
    expect(coreIsFree(0.6, 5, 9, 2)).toBe(true);
    expect(coreIsFree(0.4, 0, 0, 2)).toBe(false);
    expect(coreIsFree(null, 0.25, 9, 2)).toBe(true);
    expect(coreIsFree(null, 0.5, 0, 2)).toBe(false);
    expect(coreIsFree(null, null, 1.2, 2)).toBe(true);
    expect(coreIsFree(null, null, 1.6, 2)).toBe(false);
    // On this machine (Linux), the real queue counts at least this thread.
    const real = othersRunning();
    expect(real === null || real >= 0).toBe(true);
  });
});

describe('a file read on two threads, each thread reading its own share (parseCsvFileParallel)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loopbook-csvshare-'));
  let files = 0;
  /** `bytes` written to a file of its own, and its share opened (the head read). */
  const shareOf = (bytes: Buffer): CsvFileShare => {
    const path = join(dir, `f${files++}.csv`);
    writeFileSync(path, bytes);
    return new CsvFileShare(path, bytes.length);
  };
  /** The file read on two threads with the in-process worker, against `parseCsvBytes` over the whole bytes. */
  const same = async (
    bytes: Buffer,
    options: { step?: number; middle?: number; minClaim?: number; window?: number; slack?: number },
    limits: CsvParseLimits = LIMITS,
  ): Promise<{ threads: 1 | 2; answers: CsvJobResult[] }> => {
    const share = shareOf(bytes);
    const helper = inProcess();
    try {
      const one = parseCsvBytes(bytes, 0, ',', limits);
      const got = await parseCsvFileParallel(share, 0, ',', limits, helper, { minClaim: 0, ...options });
      expect(got).not.toBeNull();
      const { threads, ...two } = got!;
      expect(two.unclosedQuote).toBe(one.unclosedQuote);
      expect(plain(two.columns)).toEqual(plain(one.columns));
      return { threads, answers: helper.answers };
    } finally {
      share.close();
    }
  };

  it('claims WORKER_CLAIM (0.52) of what is left after the main thread promise, by hand', () => {
    // By hand: the main thread has promised 100 bytes of 1,000; 0.52 of the 900 left is 468, so the worker reads
    // from 1,000 - 468 = 532 and writes -532 where the promise was. A second claim finds no promise; too little
    // left, none.
    const job = (promised: number, minClaim: number): CsvFileJob => {
      const state = new BigInt64Array(new SharedArrayBuffer(8));
      state[0] = BigInt(promised);
      return { path: '', size: 1000, state, minClaim };
    };
    const a = job(100, 0);
    expect(WORKER_CLAIM).toBe(0.52);
    expect(claimFileEnd(a)).toBe(532);
    expect(a.state[0]).toBe(-532n);
    expect(claimFileEnd(a)).toBeNull();
    expect(claimFileEnd(job(950, 100))).toBeNull();
    // A place asked for (tests) is taken when it is not before the promise.
    expect(claimFileEnd({ ...job(100, 0), middle: 700 })).toBe(700);
    expect(claimFileEnd({ ...job(100, 0), middle: 50 })).toBe(100);
  });

  it('the same columns as one read, the worker claiming after the first step, at any step size', async () => {
    const text = Buffer.from('order_id,customer_id,date,amount,channel\n' + lines(0, 3000));
    for (const step of [64, 1000, 20_000]) {
      const { threads, answers } = await same(text, { step });
      expect(threads).toBe(2);
      // The in-process worker claims when the job is posted: WORKER_CLAIM of what follows the first step (and a header).
      const middle = text.length - Math.floor((text.length - Math.min(text.length, step)) * WORKER_CLAIM);
      expect(answers[0]).toMatchObject({ ok: true, split: text.indexOf(10, middle) + 1 });
    }
  });

  it('the fixtures of the byte read, split where the worker claims (a quoted line break across it: one thread)', async () => {
    const long = Array.from({ length: 60 }, (_, k) => `note ${k}`).join('\n');
    const quoted = Buffer.from('id,note\n' + lines(0, 20) + `x,"${long}"\n` + lines(20, 40));
    const mid = quoted.length >> 1;
    expect((await same(quoted, { step: 16, middle: mid })).threads).toBe(1);
    expect((await same(Buffer.from('a,b,c,d,e\r\n' + lines(0, 300, '\r\n')), { step: 64 })).threads).toBe(2);
    expect((await same(Buffer.from('a,b,c,d,e\n' + lines(0, 300) + 'x,'), { step: 64 })).threads).toBe(2);
    // No line feed after the claim: nothing to split at.
    expect((await same(Buffer.from('a,b,c,d,e\r' + lines(0, 300, '\r')), { step: 64 })).threads).toBe(1);
    const labels = Array.from({ length: 80 }, (_, k) => `1,Label ${k}\n`).join('');
    expect((await same(Buffer.from('n,l\n' + '1,7\n'.repeat(300) + labels + '"open,1\n'), { step: 64 })).threads).toBe(
      2,
    );
  });

  it('a worker that claims nothing (too little left, or never started): the main thread reads it all', async () => {
    const text = Buffer.from('a,b,c,d,e\n' + lines(0, 500));
    const { threads, answers } = await same(text, { step: 64, minClaim: text.length });
    expect(threads).toBe(1);
    expect(answers[0]).toMatchObject({ ok: false, late: true });
    const share = shareOf(text);
    const never: CsvHelper = { run: () => new Promise(() => {}), close() {} };
    const got = await parseCsvFileParallel(share, 0, ',', LIMITS, never, { step: 64, minClaim: 0 });
    share.close();
    expect(got!.threads).toBe(1);
    expect(plain(got!.columns)).toEqual(plain(parseCsvBytes(text, 0, ',', LIMITS).columns));
  });

  it('a quoted field longer than the bytes read past a step: read again from the start, the same columns', async () => {
    // A value of 1.5 MB (past SPLIT_SLACK) holding line breaks, across the first step's end.
    expect(SPLIT_SLACK).toBeLessThan(1_500_000);
    const big = 'line\n'.repeat(300_000);
    const text = Buffer.from('id,note\n' + lines(0, 10) + `x,"${big}"\n` + lines(10, 20));
    const limits = { ...LIMITS, maxCellChars: 2_000_000 };
    expect((await same(text, { step: 200, minClaim: Infinity }, limits)).threads).toBe(1);
    // The worker claiming past the long value before the main thread reaches it: the main thread's windows onto the
    // file cut the value (longer than WINDOW_SLACK, 256 KB), so it reads the file again from the start; with a slack
    // longer than the value, nothing is cut and the worker's records are taken.
    expect(WINDOW_SLACK).toBeLessThan(1_500_000);
    expect((await same(text, { step: 200, middle: text.length - 100 }, limits)).threads).toBe(1);
    const wide = { step: 200, middle: text.length - 100, window: 4_000_000, slack: 2_000_000 };
    expect((await same(text, wide, limits)).threads).toBe(2);
  });

  it('bytes that are not UTF-8 past the head, before or after the split: null (the file is read as one text)', async () => {
    const body = 'a,b,c,d,e\n' + lines(0, 2000);
    const latin1 = Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a]); // "Müller" in Latin-1, a line end
    for (const at of [0.2, 0.9]) {
      const cut = body.indexOf('\n', Math.floor(body.length * at)) + 1;
      const bytes = Buffer.concat([Buffer.from(body.slice(0, cut)), latin1, Buffer.from(body.slice(cut))]);
      const share = shareOf(bytes);
      const helper = inProcess();
      expect(await parseCsvFileParallel(share, 0, ',', LIMITS, helper, { step: 256, minClaim: 0 })).toBeNull();
      share.close();
      // After the split it is the worker that finds it.
      if (at > 0.5) expect(helper.answers[0]).toMatchObject({ ok: false, notUtf8: true });
    }
  });

  it('limits in the worker share give the one-thread error', async () => {
    const text = Buffer.from('a,b,c,d,e\n' + lines(0, 100) + `O,${'w'.repeat(50)}\n` + lines(100, 150));
    const share = shareOf(text);
    const err = await parseCsvFileParallel(share, 0, ',', { ...LIMITS, maxCellChars: 40 }, inProcess(), {
      step: 64,
      minClaim: 0,
    }).catch((e: unknown) => e);
    share.close();
    expect(err).toBeInstanceOf(ReadLimitError);
    expect((err as ReadLimitError).cell).toBe('B102');
    expect(await same(text, { step: 64 }, { ...LIMITS, maxRows: 152 })).toMatchObject({ threads: 2 });
  });

  it('readCsv: a file whose head is UTF-8 and whose later bytes are not is read as one text, as on one thread', async () => {
    // 2 MB of UTF-8 (past the head the sniffing reads), then Latin-1 bytes: windows-1252 by chardet, either way.
    const path = join(dir, 'mixed.csv');
    const head = 'order_id,customer_id,date,amount,channel\n' + lines(0, 50_000);
    expect(head.length).toBeGreaterThan(CSV_HEAD_BYTES);
    writeFileSync(path, Buffer.concat([Buffer.from(head), Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a])]));
    const one = await readCsv(path, { parallelMinBytes: Infinity });
    const two = await readCsv(path, { parallelMinBytes: 0 });
    expect(one.detection?.encoding).not.toBe('utf-8');
    expect(plain(gridColumns(two.grids[0]))).toEqual(plain(gridColumns(one.grids[0])));
    expect({ ...two, grids: [] }).toEqual({ ...one, grids: [] });
  });

  it('with the real worker: its answer comes back, and the columns are the one-thread read', async () => {
    const text = Buffer.from('order_id,customer_id,date,amount,channel\n' + lines(0, 20_000));
    const share = shareOf(text);
    const real = startCsvHelper()!;
    let answer: CsvJobResult | null = null;
    const helper: CsvHelper = {
      run: async (job) => (answer = await real.run(job)),
      close: () => {
        real.close();
      },
    };
    // A small step, so that the main thread is still reading when the worker is ready (else it claims too late).
    const got = await parseCsvFileParallel(share, 0, ',', LIMITS, helper, { step: 256, minClaim: 0 });
    share.close();
    expect(plain(got!.columns)).toEqual(plain(parseCsvBytes(text, 0, ',', LIMITS).columns));
    if (got!.threads === 2) expect(answer).toMatchObject({ ok: true, split: expect.any(Number) as number });
  });
});

describe('each thread reading its share through a window onto the file (runWindows, fast-check, fixed seed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loopbook-csvwin-'));
  let files = 0;
  /** Fields as written, with quoted values longer than the small windows' slack (line breaks inside). */
  const field = fc.oneof(
    fc.constantFrom('', '#N/A', '客户甲', '00123', '1.50', 'Total', ' x '),
    fc.integer({ min: 0, max: 40 }).map((k) => `C${k}`),
    fc.integer({ min: 0, max: 500 }).map(String),
    fc
      .string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '中', ' '), maxLength: 8 })
      .map((t) => `"${t.replaceAll('"', '""')}"`),
    fc.integer({ min: 0, max: 30 }).map((k) => `"${'ab\n'.repeat(k)}"`),
  );
  const file = fc
    .record({
      rows: fc.array(
        fc.record({
          fields: fc.array(field, { minLength: 0, maxLength: 5 }),
          end: fc.constantFrom('\n', '\n', '\r\n', '\r'),
        }),
        { minLength: 1, maxLength: 120 },
      ),
      last: fc.boolean(),
    })
    .map(({ rows, last }) => {
      let text = 'id,customer,amount\n';
      rows.forEach(({ fields, end }, r) => {
        text += [`O${String(r).padStart(4, '0')}`, ...fields].join(',') + (r < rows.length - 1 || last ? end : '');
      });
      return text;
    });

  it('the one-thread columns, at any window, slack, step and middle; a record past the slack read again', async () => {
    let two = 0;
    let runs = 0;
    let cuts = 0;
    await fc.assert(
      fc.asyncProperty(
        file,
        fc.record({
          window: fc.integer({ min: 24, max: 400 }),
          slack: fc.integer({ min: 1, max: 60 }),
          step: fc.integer({ min: 8, max: 300 }),
          at: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        async (text, { window, slack, step, at }) => {
          const bytes = Buffer.from(text, 'utf8');
          const path = join(dir, `w${files++}.csv`);
          writeFileSync(path, bytes);
          // The main thread's window as small (its head too); a grown window holds a record longer than it.
          const share = new CsvFileShare(path, bytes.length, window, Math.min(window, 64));
          const helper = inProcess();
          const middle = Math.floor(at * bytes.length);
          try {
            const got = await parseCsvFileParallel(share, 0, ',', LIMITS, helper, {
              step,
              middle,
              minClaim: 0,
              window,
              slack,
            });
            const one = parseCsvBytes(bytes, 0, ',', LIMITS);
            expect(got).not.toBeNull();
            const { threads, ...par } = got!;
            expect(plain(par.columns)).toEqual(plain(one.columns));
            expect(par.unclosedQuote).toBe(one.unclosedQuote);
            runs++;
            if (threads === 2) two++;
            if (share.capacity > window) cuts++;
          } finally {
            share.close();
          }
        },
      ),
      { seed: 37, numRuns: 300 },
    );
    // Worth something only if many files were read on two threads, and many had a record longer than a window.
    // Seed 37: 82 of the 300 on two threads (short files, and quoted line breaks across the split, are read on one),
    // and 91 with a record longer than the main thread's window.
    expect(two).toBeGreaterThan(runs / 5);
    expect(cuts).toBeGreaterThan(runs / 5);
  });

  it('a window of the 1M-order layout: 12,000 lines through 1 KB windows, the worker reading its share in 40 of them', async () => {
    const text = Buffer.from('order_id,customer_id,date,amount,channel\n' + lines(0, 12_000));
    const path = join(dir, `w${files++}.csv`);
    writeFileSync(path, text);
    const share = new CsvFileShare(path, text.length, 1024, 512);
    const helper = inProcess();
    try {
      const got = await parseCsvFileParallel(share, 0, ',', LIMITS, helper, {
        step: 256,
        minClaim: 0,
        window: 1024,
        slack: 100,
      });
      expect(got!.threads).toBe(2);
      expect(plain(got!.columns)).toEqual(plain(parseCsvBytes(text, 0, ',', LIMITS).columns));
      // The window was never grown: no line is longer than its slack.
      expect(share.capacity).toBe(1024);
      expect(helper.answers[0]).toMatchObject({ ok: true });
    } finally {
      share.close();
    }
  });
});

describe('a worker started ahead of the read (prestartCsvHelper)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loopbook-csvpre-'));
  const small = join(dir, 'small.csv');
  writeFileSync(small, 'order_id,customer_id,date,amount,channel\n' + lines(0, 3000));

  /** The real worker, watched: how many were started and closed, and how many jobs it was given. */
  const watched = (): { start: () => CsvHelper | null; started: number; closed: number; asked: number } => {
    const w = {
      started: 0,
      closed: 0,
      asked: 0,
      start: (): CsvHelper | null => {
        const real = startCsvHelper()!;
        w.started++;
        return {
          get ready() {
            return real.ready;
          },
          run: (job) => {
            w.asked++;
            return real.run(job);
          },
          close: () => {
            w.closed++;
            real.close();
          },
        };
      },
    };
    return w;
  };

  /** `f` with LOOPBOOK_CSV_THREADS set (2: the machine's load does not decide). */
  const withThreads = async <T>(threads: string, f: () => T | Promise<T>): Promise<T> => {
    const before = process.env.LOOPBOOK_CSV_THREADS;
    process.env.LOOPBOOK_CSV_THREADS = threads;
    try {
      return await f();
    } finally {
      if (before === undefined) delete process.env.LOOPBOOK_CSV_THREADS;
      else process.env.LOOPBOOK_CSV_THREADS = before;
    }
  };

  it('is taken by the next read, which reads on two threads with it; a second read does not find it', async () => {
    await withThreads('2', async () => {
      const w = watched();
      expect(await prestartCsvHelper(undefined, { start: w.start })?.ready()).toBe(true);
      // Asked again while one waits: the same worker, none more.
      expect(await prestartCsvHelper(undefined, { start: w.start })?.ready()).toBe(true);
      expect(w.started).toBe(1);
      const one = await readCsv(small, { parallelMinBytes: Infinity });
      // That read (one thread, asked by its caller) found no worker waiting? It took it and ended it.
      expect(w.closed).toBe(1);
      expect(takePrestartedCsvHelper()).toBeNull();
      const w2 = watched();
      void prestartCsvHelper(undefined, { start: w2.start });
      // Given the job (the file is too small for it to claim a share: MIN_CLAIM), then ended.
      const two = await readCsv(small, { parallelMinBytes: 0 });
      expect(w2.asked).toBe(1);
      expect(w2.closed).toBeGreaterThanOrEqual(1);
      expect(plain(gridColumns(two.grids[0]))).toEqual(plain(gridColumns(one.grids[0])));
      expect(takePrestartedCsvHelper()).toBeNull();
      // The next read starts its own: the taken worker is not asked again.
      await readCsv(small, { parallelMinBytes: 0 });
      expect(w2.asked).toBe(1);
      expect(w2.started).toBe(1);
    });
  });

  it('takes the worker bin/loopbook.js started for the same file, else ends it (dropEarlyCsvWorker too)', async () => {
    /** A worker started as bin/loopbook.js starts it (the worker's bundle, a `loaded` flag) and left in its slot. */
    const early = (path: string): { worker: Worker; exited: Promise<number> } => {
      const loaded = new SharedArrayBuffer(4);
      const entry = new URL('../../src/xlsx/read-csv-worker.ts', import.meta.url);
      const worker = startModuleWorker(entry, 'csv-worker', { loaded });
      const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
      (globalThis as Record<symbol, unknown>)[Symbol.for('loopbook.csv.earlyWorker')] = { worker, loaded, path };
      return { worker, exited };
    };
    // The same file: taken without judging the machine again (one thread asked for, which would start none) and
    // given the next read's job; `small` is under 8 MB, which bin/loopbook.js checked, not the engine.
    await withThreads('1', async () => {
      early(small);
      expect(await prestartCsvHelper(small)?.ready()).toBe(true);
    });
    const helper = takePrestartedCsvHelper()!;
    expect(helper).not.toBeNull();
    const bytes = readFileSync(small);
    const got = await parseCsvBytesParallel(bytes, 0, ',', LIMITS, helper);
    expect(got.threads).toBe(2);
    expect(plain(got.columns)).toEqual(plain(parseCsvBytes(bytes, 0, ',', LIMITS).columns));
    // Another file, or none named: ended, and nothing left waiting.
    const other = early(join(dir, 'other.csv'));
    await withThreads('1', () => {
      expect(prestartCsvHelper(small)).toBeNull();
    });
    await other.exited;
    const none = early(small);
    dropEarlyCsvWorker();
    await none.exited;
    expect(takePrestartedCsvHelper()).toBeNull();
  });

  it('is not started for a small file, nor when the reads are on one thread', async () => {
    const w = watched();
    // `small` is far under CSV_PARALLEL_MIN_BYTES (8 MB): one thread reads it, no worker.
    await withThreads('2', () => {
      expect(prestartCsvHelper(small, { start: w.start })).toBeNull();
    });
    await withThreads('1', () => {
      expect(prestartCsvHelper(undefined, { start: w.start })).toBeNull();
    });
    expect(prestartCsvHelper(join(dir, 'missing.csv'), { start: w.start })).toBeNull();
    expect(w.started).toBe(0);
    expect(takePrestartedCsvHelper()).toBeNull();
  });

  it('unused, is ended after its idle time', async () => {
    await withThreads('2', async () => {
      const w = watched();
      const started = prestartCsvHelper(undefined, { idleMs: 50, start: w.start });
      expect(started).not.toBeNull();
      expect(w.closed).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(w.closed).toBe(1);
      expect(takePrestartedCsvHelper()).toBeNull();
      // Ended, it is not ready, whether it had loaded before it was ended or not.
      expect(await started!.ready()).toBe(false);
    });
  });

  it('never keeps the process alive, waited for or not', () => {
    // A process that prestarts a worker (ended after 30 s unused) and does nothing else ends at once: well under
    // 30 s (it took 0.3-0.6 s here). Without the worker's unref it would wait for the idle timer, past the timeout.
    const src = fileURLToPath(new URL('../../src/xlsx/read-csv-parallel.ts', import.meta.url));
    const script = join(dir, 'prestart.mts');
    for (const wait of [false, true]) {
      const then = wait ? 'await started.ready()' : 'started !== null';
      writeFileSync(
        script,
        `const m = await import(${JSON.stringify(src)});\nconst started = m.prestartCsvHelper();\nconsole.log(${then});\n`,
      );
      const t0 = performance.now();
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
        env: { ...process.env, LOOPBOOK_CSV_THREADS: '2' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(out.trim()).toBe('true');
      expect(performance.now() - t0).toBeLessThan(15_000);
    }
  }, 45_000);
});
