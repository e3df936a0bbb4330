/**
 * Entries of a .zip (an .xlsx) through its central directory: small parts read whole (`xl/workbook.xml`,
 * relationships, table parts), big ones (worksheets, shared strings) streamed and inflated chunk by chunk
 * with node:zlib. The central directory is the archive's own index, so every entry is found whatever
 * order the writer stored them in. (ExcelJS's streaming reader walks the local headers in one pass
 * instead, and under load it intermittently loses the archive's last entry — exceljs issue #3064; the
 * reader here replaced it for that reason.)
 *
 * Only what .xlsx files use: stored (0) and deflate (8) entries, no encryption; ZIP64 archives are
 * read when their end-of-central-directory locator is present. Every part read to its end is checked against
 * the CRC-32 its central-directory entry records (`ZipCrcError` names the part): a flipped bit that still
 * inflates, or a stored part cut short, is an error, not silently wrong cells.
 */
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { readAt } from './read-at.js';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { ReadLimitError } from './read-limits.js';

interface CentralEntry {
  name: string;
  method: number;
  /** CRC-32 of the uncompressed bytes, as the central directory records it. */
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function listEntries(fd: number): CentralEntry[] {
  const size = fstatSync(fd).size;
  const tailLen = Math.min(size, 65_557); // EOCD (22) + longest comment (65,535)
  const tail = readAt(fd, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    // ZIP64: the locator sits right before the EOCD and points at the ZIP64 EOCD record.
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw new Error('ZIP64 locator missing');
    const rec = readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56);
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  const cd = readAt(fd, cdOffset, cdSize);
  const entries: CentralEntry[] = [];
  let p = 0;
  for (let i = 0; i < count && p + 46 <= cd.length; i++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) break;
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extended information extra field (0x0001) holds the sizes and offset that overflowed.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.push({ name, method, crc, compressedSize, uncompressedSize, localOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

/** Offset of an entry's compressed data (after its local header, whose name and extra lengths may differ). */
function dataStart(fd: number, entry: CentralEntry): number {
  const header = readAt(fd, entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50)
    throw new Error(`bad local header for ${entry.name}`);
  return entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** A part whose bytes do not match the CRC-32 the archive records for it: the file is damaged. */
export class ZipCrcError extends Error {
  constructor(
    readonly part: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    const hex = (x: number): string => x.toString(16).padStart(8, '0');
    super(`part ${part} fails its checksum: its CRC-32 is ${hex(actual)} where the archive records ${hex(expected)}`);
    this.name = 'ZipCrcError';
  }
}

function checkCrc(part: string, expected: number, actual: number): void {
  if (actual >>> 0 !== expected >>> 0) throw new ZipCrcError(part, expected, actual >>> 0);
}

function readEntry(fd: number, entry: CentralEntry, maxBytes: number): Buffer {
  const raw = readAt(fd, dataStart(fd, entry), entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    // The central directory's size may lie (a bomb declares a small part): zlib stops at the cap itself.
    try {
      data = inflateRawSync(raw, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new ReadLimitError('partBytes', maxBytes, entry.name);
      throw err;
    }
  } else throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
  checkCrc(entry.name, entry.crc, crc32(data));
  return data;
}

/** What one streamed part may inflate to (see ./read-limits.ts). */
export interface InflateLimits {
  maxBytes: number;
  maxRatio: number;
  /** Inflated bytes before the ratio is checked. */
  ratioGraceBytes: number;
}

/**
 * Passes `source` through, counting its bytes: throws `ReadLimitError` once they pass `limits.maxBytes`, or
 * once more than `ratioGraceBytes` came out and the ratio to `consumed()` (compressed bytes the inflater took
 * in so far) passes `maxRatio`. With `crc`, throws `ZipCrcError` at the end when the bytes' CRC-32 is not
 * that one (it is computed as they pass). `close` runs however the iteration ends, so an early stop frees
 * the file.
 */
export async function* limitInflated(
  source: AsyncIterable<Buffer>,
  part: string,
  limits: InflateLimits | undefined,
  consumed: (() => number) | null,
  close: () => void,
  crc?: number,
): AsyncGenerator<Buffer> {
  let out = 0;
  let sum = 0;
  try {
    for await (const chunk of source) {
      out += chunk.length;
      if (limits) {
        if (out > limits.maxBytes) throw new ReadLimitError('partBytes', limits.maxBytes, part);
        if (consumed && out > limits.ratioGraceBytes && out > limits.maxRatio * Math.max(consumed(), 1))
          throw new ReadLimitError('ratio', limits.maxRatio, part);
      }
      if (crc !== undefined) sum = crc32(chunk, sum);
      yield chunk;
    }
    if (crc !== undefined) checkCrc(part, crc, sum);
  } finally {
    close();
  }
}

/** An archive opened through its central directory. */
export interface ZipArchive {
  /** Entry names in central-directory order. */
  names(): string[];
  has(name: string): boolean;
  /**
   * The entry as UTF-8 text, read whole; undefined when absent or declared larger than `maxBytes` (default
   * 8 MB). Throws `ReadLimitError` when it inflates past `maxBytes` all the same (its declared size lied).
   */
  text(name: string, maxBytes?: number): string | undefined;
  /**
   * The entry's uncompressed bytes as a stream of chunks (1 MB reads from the file, inflated on the
   * fly into 64 KB pieces): a 200 MB worksheet never sits in memory whole. With `limits`, the stream
   * throws `ReadLimitError` as soon as the part passes them (before anything is inflated when its declared
   * size already does).
   */
  stream(name: string, limits?: InflateLimits): AsyncIterable<Buffer>;
}

/** Opens `path` as a zip archive (reads only its central directory). Throws when it is not one. */
export function openZip(path: string): ZipArchive {
  const fd = openSync(path, 'r');
  let entries: Map<string, CentralEntry>;
  try {
    entries = new Map(listEntries(fd).map((e) => [e.name, e]));
  } finally {
    closeSync(fd);
  }
  return {
    names: () => [...entries.keys()],
    has: (name) => entries.has(name),
    text(name, maxBytes = 8 * 2 ** 20) {
      const entry = entries.get(name);
      if (!entry || entry.uncompressedSize > maxBytes) return undefined;
      const f = openSync(path, 'r');
      try {
        return readEntry(f, entry, maxBytes).toString('utf8');
      } finally {
        closeSync(f);
      }
    },
    stream(name, limits) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`no entry ${name} in the archive`);
      if (entry.method !== 0 && entry.method !== 8) {
        throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
      }
      if (limits && entry.uncompressedSize > limits.maxBytes) {
        throw new ReadLimitError('partBytes', limits.maxBytes, name);
      }
      const f = openSync(path, 'r');
      let start: number;
      try {
        start = dataStart(f, entry);
      } finally {
        closeSync(f);
      }
      if (entry.compressedSize === 0) {
        return limitInflated((async function* () {})(), name, limits, null, () => undefined, entry.crc);
      }
      const file = createReadStream(path, {
        start,
        end: start + entry.compressedSize - 1,
        highWaterMark: 2 ** 20,
      });
      if (entry.method === 0) return limitInflated(file, name, limits, null, () => file.destroy(), entry.crc);
      // 64 KB pieces: the SAX parser slows down sharply on larger strings (1M rows: 6 s at 64 KB, 16 s at 256 KB).
      const inflate = createInflateRaw({ chunkSize: 2 ** 16 });
      file.on('error', (err) => inflate.destroy(err));
      file.pipe(inflate);
      // `bytesWritten` counts the compressed bytes zlib has consumed, so the ratio is the true one so far.
      return limitInflated(
        inflate,
        name,
        limits,
        () => inflate.bytesWritten,
        () => {
          file.destroy();
          inflate.destroy();
        },
        entry.crc,
      );
    },
  };
}
