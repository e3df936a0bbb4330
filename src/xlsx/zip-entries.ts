/**
 * Read a few small entries of a .zip (an .xlsx) through its central directory, without streaming the
 * whole archive: the reader uses it for `xl/workbook.xml`, the sheet relationships and the table parts,
 * which ExcelJS's streaming reader drains unread. Entries are inflated with node:zlib.
 *
 * Only what .xlsx files use: stored (0) and deflate (8) entries, no encryption; ZIP64 archives are
 * read when their end-of-central-directory locator is present.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  // readSync may return fewer bytes than asked; loop until done or end of file (capped by length).
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
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
    entries.push({ name, method, compressedSize, uncompressedSize, localOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

function readEntry(fd: number, entry: CentralEntry): Buffer {
  const header = readAt(fd, entry.localOffset, 30);
  if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = readAt(fd, start, entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return inflateRawSync(raw);
  throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
}

/**
 * Returns the text of every entry whose name `want` accepts and whose uncompressed size is at most
 * `maxBytes` (default 8 MB), keyed by entry name. Throws when the file is not a zip archive.
 */
export function readZipTextEntries(
  path: string,
  want: (name: string) => boolean,
  maxBytes = 8 * 2 ** 20,
): Map<string, string> {
  const fd = openSync(path, 'r');
  try {
    const out = new Map<string, string>();
    for (const entry of listEntries(fd)) {
      if (!want(entry.name) || entry.uncompressedSize > maxBytes) continue;
      out.set(entry.name, readEntry(fd, entry).toString('utf8'));
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
