// A writable stream that keeps what the command line prints, for tests that call `main` with their own stdout
// and stderr.
import { Writable } from 'node:stream';

/** A stream and the text written to it so far. */
export function sink(): { stream: Writable; text: () => string } {
  let s = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      s += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => s };
}
