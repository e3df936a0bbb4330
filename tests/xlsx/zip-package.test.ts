import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { orderDefaults } from '../../src/xlsx/apply-zip.js';
import {
  crc32Combine,
  DEFLATE_THREAD_MIN,
  DeflatedRun,
  DeflateThread,
  deflatedPieces,
  unzipPackage,
  zipPackage,
  type RawEntry,
} from '../../src/xlsx/zip-package.js';

const contains = (hay: Uint8Array, needle: string) => Buffer.from(hay).includes(Buffer.from(needle));

describe('zipPackage and unzipPackage', () => {
  it('writes a zip an independent reader (fflate) reads back part for part, names in UTF-8 included', () => {
    const files = {
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet>' + '<row/>'.repeat(5000) + '</worksheet>'),
      'xl/media/图.txt': strToU8('中文'),
    };
    for (const level of [0, 3]) {
      const back = unzipSync(zipPackage(files, level));
      expect(Object.keys(back)).toEqual(Object.keys(files));
      for (const [name, data] of Object.entries(files)) expect(strFromU8(back[name]), name).toBe(strFromU8(data));
    }
  });

  it('copies an unchanged part compressed as it was read, and compresses a changed one', () => {
    // Written stored (fflate level 0): the text is in the archive as it is, so a copy keeps it readable there.
    const kept = 'K'.repeat(20_000);
    const changed = 'C'.repeat(20_000);
    const input = zipSync({ 'a.xml': strToU8(kept), 'b.xml': strToU8(changed) }, { level: 0 });
    const { files, raw } = unzipPackage(input);
    files['b.xml'] = strToU8(changed); // the same text, but a new array: it counts as changed
    const out = zipPackage(files, 6, raw);
    expect(contains(out, kept)).toBe(true);
    expect(contains(out, changed)).toBe(false);
    const back = unzipSync(out);
    expect([strFromU8(back['a.xml']), strFromU8(back['b.xml'])]).toEqual([kept, changed]);
  });

  it('writes a part given as pieces (texts and byte chunks) as the part they make joined', () => {
    // The expected part is the pieces joined; both readers check its size and CRC-32 as they inflate it.
    const row = (i: number) => `<row r="${i}"><c><is><t>社群 ${i}</t></is></c></row>`;
    const chunk = (from: number) => strToU8(Array.from({ length: 3000 }, (_, k) => row(from + k)).join(''));
    const pieces = [
      '<?xml version="1.0"?>',
      '<worksheet>',
      '<sheetData>',
      chunk(1),
      chunk(3001),
      '</sheetData>',
      '</worksheet>',
    ];
    const joined = pieces.map((x) => (typeof x === 'string' ? x : strFromU8(x))).join('');
    for (const list of [pieces, [], [chunk(1)], ['only text']]) {
      const raw = new WeakMap<Uint8Array, RawEntry>();
      const files = { 'a.xml': strToU8('<a/>'), 'xl/worksheets/sheet1.xml': deflatedPieces(list, 3, raw) };
      const out = zipPackage(files, 3, raw);
      const want = list === pieces ? joined : list.map((x) => (typeof x === 'string' ? x : strFromU8(x))).join('');
      expect(strFromU8(unzipSync(out)['xl/worksheets/sheet1.xml'])).toBe(want);
      expect(strFromU8(unzipPackage(out).files['xl/worksheets/sheet1.xml'])).toBe(want);
    }
  });

  it('writes a part with runs deflated before the pieces around them were known, CRC-32 combined', () => {
    // The expected part is every piece joined; unzipPackage checks the combined size and CRC-32 as it inflates.
    const row = (i: number) => `<row r="${i}"><c><is><t>社群 ${i}</t></is></c></row>`;
    const chunk = (from: number) => strToU8(Array.from({ length: 3000 }, (_, k) => row(from + k)).join(''));
    const run = (...chunks: Uint8Array[]) => {
      const r = new DeflatedRun(3);
      for (const x of chunks) r.add(x);
      return r;
    };
    const bytesOf = (x: string | Uint8Array | DeflatedRun, parts: Uint8Array[]) =>
      typeof x === 'string' ? x : x instanceof DeflatedRun ? parts.map((p) => strFromU8(p)).join('') : strFromU8(x);
    const [c1, c2, c3] = [chunk(1), chunk(3001), chunk(6001)];
    const cases: [(string | Uint8Array | DeflatedRun)[], Uint8Array[]][] = [
      [
        ['<worksheet><sheetData>', run(c1, c2), '</sheetData></worksheet>'],
        [c1, c2],
      ],
      [
        ['<a>', run(c1), c3, run(c2), '</a>'],
        [c1, c2],
      ],
      [
        ['<a>', run(c1, c2)],
        [c1, c2],
      ], // a run last: an empty final block ends the stream
      [[run()], []],
      [['<a>', run(), '</a>'], []],
    ];
    for (const [list, inRuns] of cases) {
      let k = 0;
      const want = list
        .map((x) => (x instanceof DeflatedRun ? bytesOf(x, inRuns.slice(k, (k += x.data.length))) : bytesOf(x, [])))
        .join('');
      const raw = new WeakMap<Uint8Array, RawEntry>();
      const files = { 'a.xml': strToU8('<a/>'), 'xl/worksheets/sheet1.xml': deflatedPieces(list, 3, raw) };
      const out = zipPackage(files, 3, raw);
      expect(strFromU8(unzipSync(out)['xl/worksheets/sheet1.xml'])).toBe(want);
      expect(strFromU8(unzipPackage(out).files['xl/worksheets/sheet1.xml'])).toBe(want);
    }
  });

  it("combines CRC-32s as node's zlib computes the CRC-32 of the bytes joined", () => {
    // Expected: crc32 of the concatenation (node:zlib), for lengths around the bit steps of the combination.
    let seed = 7;
    const bytes = (n: number) =>
      Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    for (const [m, n] of [
      [0, 0],
      [0, 5],
      [5, 0],
      [1, 1],
      [3, 1000],
      [1000, 3],
      [4096, 65_537],
      [17, 1 << 20],
    ]) {
      const a = bytes(m);
      const b = bytes(n);
      expect(crc32Combine(crc32(a), crc32(b), n)).toBe(crc32(Buffer.concat([a, b])));
    }
  });

  it('says which part is damaged when its CRC-32 does not match', () => {
    const input = zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }, { level: 0 });
    const at = Buffer.from(input).indexOf('<workbook/>');
    input[at + 1] = 'W'.charCodeAt(0); // same size, other bytes
    expect(() => unzipPackage(input)).toThrow(/xl\/workbook\.xml is damaged/);
  });
});

describe('DeflatedRun with a DeflateThread', () => {
  // Chunks of 300 KB to 1 MB (what the thread takes) and a small last one (deflated where it is made, unless chunks
  // before it are still in the thread), varied enough that their compressed forms differ.
  const chunks = [1 << 20, 300_000, 1 << 20, 700_000, 5_000].map((n, k) =>
    strToU8(
      Array.from({ length: Math.ceil(n / 40) }, (_, i) => `<row r="${i}"><c><v>${(i * 7919 + k) % 1009}</v></c></row>`)
        .join('')
        .slice(0, n),
    ),
  );
  // Expected: each chunk deflated on its own by node's zlib with a sync flush (what the run did on its own thread).
  const want = chunks.map((c) => new Uint8Array(deflateRawSync(c, { level: 3, finishFlush: constants.Z_SYNC_FLUSH })));
  const run = (thread: DeflateThread | null) => {
    const r = new DeflatedRun(3, thread);
    for (const c of chunks) r.add(c);
    return r;
  };

  it('gives the bytes, size and CRC-32 of the chunks deflated on the calling thread, in order', () => {
    expect(chunks[1].length).toBeGreaterThanOrEqual(DEFLATE_THREAD_MIN);
    const thread = new DeflateThread();
    try {
      const a = run(thread);
      const b = run(thread); // a second run on the same thread while the first's chunks may be in it
      for (const r of [b, a]) {
        expect(r.data.map((d) => Buffer.from(d).toString('hex'))).toEqual(
          want.map((d) => Buffer.from(d).toString('hex')),
        );
        expect([r.size, r.crc]).toEqual([Buffer.concat(chunks).length, crc32(Buffer.concat(chunks))]);
      }
      const joined = inflateRawSync(Buffer.concat(a.data), { finishFlush: constants.Z_SYNC_FLUSH });
      expect(joined.equals(Buffer.concat(chunks))).toBe(true);
    } finally {
      thread.stop();
    }
  });

  it('deflates a chunk itself when the thread holds its most, fails on it, or does not answer', () => {
    const hex = (r: DeflatedRun) => r.data.map((d) => Buffer.from(d).toString('hex'));
    const expected = want.map((d) => Buffer.from(d).toString('hex'));
    const busy = new DeflateThread(1);
    // A thread whose zlib fails on every chunk (it posts null), and one that never answers (waited on for 200 ms).
    const failing = new DeflateThread(
      8,
      30_000,
      `const { workerData } = require('node:worker_threads');
       workerData.port.on('message', () => { workerData.port.postMessage(null); Atomics.add(workerData.posted, 0, 1); Atomics.notify(workerData.posted, 0); });`,
    );
    const silent = new DeflateThread(8, 200, `require('node:worker_threads').workerData.port.on('message', () => {});`);
    try {
      expect(hex(run(busy))).toEqual(expected);
      expect(hex(run(failing))).toEqual(expected);
      expect(hex(run(silent))).toEqual(expected);
      // Once silent, the thread is given nothing more: every chunk is deflated where it is made.
      expect(hex(run(silent))).toEqual(expected);
      expect(hex(run(null))).toEqual(expected);
    } finally {
      for (const t of [busy, failing, silent]) t.stop();
    }
  });
});

describe('orderDefaults', () => {
  it('sorts the <Default> elements by extension where they were, and leaves the rest', () => {
    // By hand: three Defaults (one written open/close, as excelize does) around an Override, out of order.
    const ct =
      '<?xml version="1.0"?><Types xmlns="x"><Default Extension="xml" ContentType="application/xml"></Default>' +
      '<Override PartName="/xl/workbook.xml" ContentType="w"/><Default Extension="PNG" ContentType="image/png"/>' +
      '<Default Extension="bmp" ContentType="image/bmp"/></Types>';
    expect(orderDefaults(ct)).toBe(
      '<?xml version="1.0"?><Types xmlns="x"><Default Extension="bmp" ContentType="image/bmp"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="w"/><Default Extension="PNG" ContentType="image/png"/>' +
        '<Default Extension="xml" ContentType="application/xml"></Default></Types>',
    );
    const none = '<Types><Override PartName="/a" ContentType="b"/></Types>';
    expect(orderDefaults(none)).toBe(none);
  });
});
