/**
 * Reading a file's bytes at a position with `readSync`, which may return fewer bytes than asked: one loop, shared by
 * the zip and OLE2 readers and the .csv reader's shares.
 */
import { readSync } from 'node:fs';

/**
 * Fills `buf[at … at + length)` with the file's bytes from `position` on, until done or the end of the file: the
 * number of bytes read.
 */
export function readFully(fd: number, buf: Uint8Array, at: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, at + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** The file's `length` bytes from `position` (fewer at its end), in a new zero-filled buffer. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const done = readFully(fd, buf, 0, length, position);
  return done === length ? buf : buf.subarray(0, done);
}
