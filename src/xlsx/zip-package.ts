/**
 * The applier's whole-package zip work, with node:zlib (native deflate and CRC-32) and without compressing
 * again what it did not change: `unzipPackage` remembers each part's compressed bytes, and `zipPackage`
 * copies them as they were for every part whose bytes are still the very array `unzipPackage` returned (the
 * user's set-aside worksheets and shared strings: 21 of the sample's 23 MB). Everything else is deflated.
 *
 * Only what .xlsx files use: stored (0) and deflate (8) entries, no encryption. An archive this module
 * does not read (ZIP64, other methods) is unzipped by fflate instead, and then every part is compressed.
 */
import { unzipSync } from 'fflate';
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

type Files = Record<string, Uint8Array>;

export interface RawEntry {
  method: number;
  crc: number;
  size: number;
  /** The compressed bytes, as stored in the archive. */
  data: Uint8Array;
}

export interface Unzipped {
  files: Files;
  /** Compressed form of the parts as read, by the inflated array's identity. */
  raw: WeakMap<Uint8Array, RawEntry>;
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** The archive's entries through its central directory, or null when it is not one this module reads. */
function entries(bytes: Uint8Array): { name: string; entry: RawEntry }[] | null {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--)
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  if (count === 0xffff || p === 0xffffffff) return null;
  const decoder = new TextDecoder();
  const out: { name: string; entry: RawEntry }[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) return null;
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const csize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const local = u32(bytes, p + 42);
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8) || csize === 0xffffffff || size === 0xffffffff) return null;
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) return null;
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (start + csize > bytes.length) return null;
    out.push({ name, entry: { method, crc, size, data: bytes.subarray(start, start + csize) } });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Every part of the package, inflated (directories left out), with its compressed form remembered. */
export function unzipPackage(bytes: Uint8Array): Unzipped {
  const list = entries(bytes);
  const raw = new WeakMap<Uint8Array, RawEntry>();
  if (!list) return { files: unzipSync(bytes), raw };
  const files: Files = {};
  for (const { name, entry } of list) {
    if (name.endsWith('/')) continue;
    const data = entry.method === 0 ? entry.data.slice() : new Uint8Array(inflateRawSync(entry.data));
    if (data.length !== entry.size || crc32(data) !== entry.crc)
      throw new Error(`The workbook's part ${name} is damaged (its size or CRC-32 does not match)`);
    files[name] = data;
    raw.set(data, entry);
  }
  return { files, raw };
}

/**
 * A zip of `files` in their order: parts that are still the arrays `raw` knows are copied compressed as read,
 * the others deflated at `level` (0: stored). No ZIP64: a part or archive over 4 GB is an error.
 */
export function zipPackage(files: Files, level: number, raw?: WeakMap<Uint8Array, RawEntry>): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  let centralSize = 0;
  for (const [name, data] of Object.entries(files)) {
    const kept = raw?.get(data);
    let entry: RawEntry;
    if (kept) entry = kept;
    else if (level === 0) entry = { method: 0, crc: crc32(data), size: data.length, data };
    else
      entry = {
        method: 8,
        crc: crc32(data),
        size: data.length,
        data: new Uint8Array(deflateRawSync(data, { level })),
      };
    if (entry.data.length >= 0xffffffff || entry.size >= 0xffffffff || offset >= 0xffffffff)
      throw new Error(`The workbook is too large to write (part ${name} or the archive passes 4 GB)`);
    const nameBytes = encoder.encode(name);
    // Bit 11: the name is UTF-8. Time and date: 1980-01-01 00:00, so the same content gives the same bytes.
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x800;
    const head = new Uint8Array(30 + nameBytes.length);
    const h = new DataView(head.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, flags, true);
    h.setUint16(8, entry.method, true);
    h.setUint16(10, 0, true);
    h.setUint16(12, 0x21, true);
    h.setUint32(14, entry.crc, true);
    h.setUint32(18, entry.data.length, true);
    h.setUint32(22, entry.size, true);
    h.setUint16(26, nameBytes.length, true);
    h.setUint16(28, 0, true);
    head.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, flags, true);
    c.setUint16(10, entry.method, true);
    c.setUint16(12, 0, true);
    c.setUint16(14, 0x21, true);
    c.setUint32(16, entry.crc, true);
    c.setUint32(20, entry.data.length, true);
    c.setUint32(24, entry.size, true);
    c.setUint16(28, nameBytes.length, true);
    c.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(head, entry.data);
    centrals.push(central);
    offset += head.length + entry.data.length;
    centralSize += central.length;
  }
  if (centrals.length >= 0xffff || offset + centralSize >= 0xffffffff)
    throw new Error('The workbook is too large to write (more than 65,535 parts or 4 GB)');
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, centrals.length, true);
  e.setUint16(10, centrals.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Bytes of a part deflated as they are made (issue 14): each chunk deflated on its own with a sync flush, as
 * `deflatedPieces` does its pieces, and its CRC-32 kept. A sheet's rows go in here chunk by chunk, so that the
 * 650 MB of XML of a 1,000,000-customer sheet is never held: only its compressed form (60 MB) is, and the maker's
 * one buffer is reused. Held whole, those chunks kept the collector busy (10M orders / 1M customers: the write
 * phase took 23.9 CPU s with them held, 13.4 streamed; peak RSS 2.59 → 1.95 GB at its end).
 *
 * Chunks of a large part are deflated by a `DeflateThread` beside the thread that makes them (issue 13: on the
 * 1,000,000-order CSV, 0.56 s of the main thread's write, which left the second core idle); the same zlib call with
 * the same options, so the same bytes. `data` waits for them.
 */
export class DeflatedRun {
  /** CRC-32 and size of the bytes added. */
  crc = 0;
  size = 0;
  private readonly chunks: (Uint8Array | null)[] = [];
  private pending = 0;

  /** `thread`: where chunks from `DEFLATE_THREAD_MIN` bytes go (null: none, every chunk deflated here). */
  constructor(
    private readonly level: number,
    private readonly thread: DeflateThread | null = DeflateThread.shared(),
  ) {}

  add(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    const at = this.chunks.push(null) - 1;
    const sent =
      this.thread !== null &&
      (bytes.length >= DEFLATE_THREAD_MIN || this.pending > 0) &&
      this.thread.deflate(bytes, this.level, (d) => {
        this.chunks[at] = d;
        this.pending--;
      });
    if (sent) this.pending++;
    else this.chunks[at] = deflateSyncFlushed(bytes, this.level);
  }

  /** The deflated chunks, each ending byte-aligned and not final (waiting for those still in the thread). */
  get data(): Uint8Array[] {
    while (this.pending > 0) this.thread!.takeOne();
    return this.chunks as Uint8Array[];
  }
}

const deflateSyncFlushed = (bytes: Uint8Array, level: number): Uint8Array =>
  deflateRawSync(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH });

/** Chunks this long or longer go to the thread (ByteSink's full chunks are 1 MB; a small sheet's one chunk stays). */
export const DEFLATE_THREAD_MIN = 256 * 1024;

/** The thread's program: each message's bytes deflated (null when zlib fails), posted back in order, counted. */
const DEFLATE_WORKER = `const { workerData } = require('node:worker_threads');
const { constants, deflateRawSync } = require('node:zlib');
const { port, posted } = workerData;
port.on('message', ({ bytes, level }) => {
  let out = null;
  try {
    out = deflateRawSync(bytes, { level, finishFlush: constants.Z_SYNC_FLUSH });
  } catch {}
  port.postMessage(out);
  Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
});`;

/**
 * A worker thread that deflates chunks while the calling thread goes on (synchronously: the writer's loop never
 * yields to the event loop). Results come back in the order the chunks were sent and are taken without the event
 * loop: the thread counts what it posted in shared memory, the caller waits on the count (`Atomics.wait`) and reads
 * its port (`receiveMessageOnPort`). The caller keeps each chunk until its result is in: a chunk zlib failed on, or
 * every chunk once the thread stops answering (it could not start), is deflated by the caller instead. At most
 * `maxPending` chunks wait in the thread; beyond that the caller deflates the chunk itself.
 */
export class DeflateThread {
  private static instance: DeflateThread | null | undefined;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly posted = new Int32Array(new SharedArrayBuffer(4));
  private received = 0;
  private dead = false;
  private readonly queue: { bytes: Uint8Array; level: number; done: (d: Uint8Array) => void }[] = [];

  constructor(
    private readonly maxPending = 8,
    private readonly timeoutMs = 30_000,
    source = DEFLATE_WORKER,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(source, {
      eval: true,
      execArgv: [],
      workerData: { port: port2, posted: this.posted },
      transferList: [port2],
    });
    // A failure shows as silence (see takeOne); the event itself must not go unhandled.
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  /** The process's thread, started when first asked for; null where threads are not available. */
  static shared(): DeflateThread | null {
    if (DeflateThread.instance === undefined) {
      try {
        DeflateThread.instance = new DeflateThread();
      } catch {
        DeflateThread.instance = null;
      }
    }
    return DeflateThread.instance;
  }

  /** Sends `bytes` (copied) to be deflated; `done` gets the result when taken. False: deflate them yourself. */
  deflate(bytes: Uint8Array, level: number, done: (d: Uint8Array) => void): boolean {
    if (this.dead || this.queue.length >= this.maxPending) return false;
    const copy = bytes.slice();
    this.queue.push({ bytes: copy, level, done });
    this.port.postMessage({ bytes: copy, level });
    return true;
  }

  /** Takes the oldest result (waiting for it) and hands it to its `done`. */
  takeOne(): void {
    const job = this.queue.shift();
    if (!job) return;
    let out: Uint8Array | null = null;
    if (!this.dead) {
      while (Atomics.load(this.posted, 0) === this.received)
        if (Atomics.wait(this.posted, 0, this.received, this.timeoutMs) === 'timed-out') {
          this.stop();
          break;
        }
      const m = this.dead ? undefined : receiveMessageOnPort(this.port);
      if (m) {
        this.received++;
        out = m.message as Uint8Array | null;
      }
    }
    job.done(out ?? deflateSyncFlushed(job.bytes, job.level));
  }

  /** Stops the thread; chunks still queued are deflated by the caller as they are taken. */
  stop(): void {
    this.dead = true;
    void this.worker.terminate();
    this.port.close();
    if (DeflateThread.instance === this) DeflateThread.instance = undefined;
  }
}

/** `vec` times the 32×32 bit matrix `mat` over GF(2) (zlib's crc32_combine). */
function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0, v = vec >>> 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= mat[i];
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]);
}

/**
 * The CRC-32 of A followed by B from A's CRC, B's CRC and B's length (zlib's crc32_combine): a part's CRC when a
 * run of it was deflated before the bytes ahead of it were known.
 * @example crc32Combine(crc32(a), crc32(b), b.length) === crc32(Buffer.concat([a, b]))
 */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  // The operator for one zero bit, then for two and four.
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  gf2Square(even, odd);
  gf2Square(odd, even);
  let crc = crc1 >>> 0;
  let len = len2;
  // Zeros of B's length applied to A's CRC, a power of two of bytes at a time.
  for (;;) {
    gf2Square(even, odd);
    if (len % 2 === 1) crc = gf2Times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len % 2 === 1) crc = gf2Times(odd, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
  }
  return (crc ^ crc2) >>> 0;
}

/**
 * A part given as pieces (text as UTF-8, and byte chunks) deflated without joining them into one array: each run of
 * text and each chunk is deflated on its own, all but the last ending in a sync flush (byte-aligned, not final), so
 * that the streams follow one another as one deflate stream. Returns the array that stands for the part in `files`;
 * `raw` gets its compressed form, which `zipPackage` copies as it is. (Issue 13: a sheet of 100,000s of rows was
 * held twice, as chunks and joined, at the write phase's peak.)
 */
export function deflatedPieces(
  pieces: readonly (string | Uint8Array | DeflatedRun)[],
  level: number,
  raw: WeakMap<Uint8Array, RawEntry>,
): Uint8Array {
  // Adjacent texts (the worksheet's elements around its rows) go together; a run deflated already stays as it is.
  const runs: (Uint8Array | DeflatedRun)[] = [];
  let text = '';
  for (const x of pieces) {
    if (typeof x === 'string') text += x;
    else {
      if (text) runs.push(Buffer.from(text, 'utf8'));
      text = '';
      runs.push(x);
    }
  }
  if (text || runs.length === 0) runs.push(Buffer.from(text, 'utf8'));
  const out: Uint8Array[] = [];
  let crc = 0;
  let size = 0;
  let length = 0;
  runs.forEach((bytes, i) => {
    const last = i === runs.length - 1;
    if (bytes instanceof DeflatedRun) {
      crc = crc32Combine(crc, bytes.crc, bytes.size);
      size += bytes.size;
      // A run ends byte-aligned and not final: when it is the last piece, an empty final block ends the stream.
      const tail = last ? [deflateRawSync(new Uint8Array(0), { level })] : [];
      for (const d of [...bytes.data, ...tail]) {
        out.push(d);
        length += d.length;
      }
      return;
    }
    crc = crc32(bytes, crc);
    size += bytes.length;
    const finishFlush = last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
    const d = deflateRawSync(bytes, { level, finishFlush });
    out.push(d);
    length += d.length;
  });
  const data = new Uint8Array(length);
  let at = 0;
  for (const d of out) {
    data.set(d, at);
    at += d.length;
  }
  const standIn = new Uint8Array(0);
  raw.set(standIn, { method: 8, crc, size, data });
  return standIn;
}
