/**
 * A zip-bomb workbook (issue 17 "Must show"): one worksheet that inflates to `inflatedBytes` (2.5 GiB in the
 * test) from about 4 KB per MiB, beside a small sound sheet. Written without the big sheet ever existing
 * uncompressed: one ~1 MiB block of rows is deflated once and its compressed bytes repeated (./zip-writer.ts).
 *
 * The rows carry no `r` numbers, as a careless exporter writes them; one row in 128 holds a random number so the
 * block packs about 250 to 1 (measured: 1 MiB → 4,137 bytes), which puts a 2.5 GiB sheet in a ~10 MB file,
 * the size the issue reports.
 */
import { mulberry32 } from '../../src/stats/random.js';
import {
  deflateSegment,
  rowsXml,
  sheetEntry,
  SHEET_HEAD,
  SHEET_TAIL,
  workbookParts,
  writeZip,
  type RawEntry,
} from './zip-writer.js';

/** Whole rows, about `approxBytes` long. */
function rowBlock(approxBytes: number): string {
  const rng = mulberry32(17);
  const rows: string[] = [];
  let length = 0;
  for (let i = 0; length < approxBytes; i++) {
    const v = i % 128 === 0 ? Math.floor(rng() * 1e6) : 7;
    const row = `<row><c><v>${v}</v></c><c><v>2024</v></c></row>`;
    rows.push(row);
    length += row.length;
  }
  return rows.join('');
}

export interface Bomb {
  /** Bytes of the file on disk. */
  fileBytes: number;
  /** Bytes the bomb sheet inflates to. */
  inflatedBytes: number;
}

/**
 * Writes at `path` a workbook with sheets `Bomb` (the inflating one) and `Sound` (three rows), the bomb first.
 * `declareTrueSize` false makes the central directory claim the bomb is 1 KB (a lying header).
 */
export function writeBomb(path: string, targetInflated: number, declareTrueSize = true): Bomb {
  const block = rowBlock(2 ** 20);
  const copies = Math.max(1, Math.floor((targetInflated - SHEET_HEAD.length - SHEET_TAIL.length) / block.length));
  const head = deflateSegment(SHEET_HEAD, false);
  const body = deflateSegment(block, false);
  const tail = deflateSegment(SHEET_TAIL, true);
  const inflatedBytes = SHEET_HEAD.length + copies * block.length + SHEET_TAIL.length;
  const bomb: RawEntry = {
    name: 'xl/worksheets/sheet1.xml',
    method: 8,
    pieces: [head, ...Array<Buffer>(copies).fill(body), tail],
    size: declareTrueSize ? inflatedBytes : 1024,
    crc: 0,
  };
  const sound = sheetEntry(
    2,
    rowsXml([
      ['channel', 'spend'],
      ['search', 1200],
      ['social', 800],
    ]),
  );
  const fileBytes = writeZip(path, [...workbookParts(['Bomb', 'Sound']), bomb, sound]);
  return { fileBytes, inflatedBytes };
}
