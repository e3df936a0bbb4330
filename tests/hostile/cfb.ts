/**
 * A minimal OLE2 compound file writer (MS-CFB version 3, 512-byte sectors) for the tests: a root storage and
 * streams of zeros, laid out header → FAT sector → directory sector → stream sectors. An encrypted .xlsx is such
 * a file holding `EncryptionInfo` and `EncryptedPackage` streams (MS-OFFCRYPTO §2.3.4); no tool here can write a
 * real one (LibreOffice 7.4 ignores a password on --convert-to), so the test builds the container the reader
 * has to recognise. Streams are 4,096 bytes (the mini-stream cutoff) so all live in regular sectors.
 */
import { writeFileSync } from 'node:fs';

const FREE = 0xffffffff;
const END = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

export function writeCompoundFile(path: string, streams: string[]): void {
  if (streams.length > 3) throw new Error('one directory sector holds the root and three streams');
  const streamSectors = 8; // 4,096 bytes each
  const sectors = 2 + streams.length * streamSectors;
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18); // minor version
  header.writeUInt16LE(3, 0x1a); // major version
  header.writeUInt16LE(0xfffe, 0x1c); // byte order
  header.writeUInt16LE(9, 0x1e); // sector shift: 512
  header.writeUInt16LE(6, 0x20); // mini sector shift: 64
  header.writeUInt32LE(1, 0x2c); // FAT sectors
  header.writeUInt32LE(1, 0x30); // first directory sector
  header.writeUInt32LE(4096, 0x38); // mini stream cutoff
  header.writeUInt32LE(END, 0x3c); // first mini FAT sector
  header.writeUInt32LE(END, 0x44); // first DIFAT sector
  header.writeUInt32LE(0, 0x4c); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREE, 0x4c + 4 * i);

  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(END, 4);
  for (let s = 0; s < streams.length; s++) {
    const first = 2 + s * streamSectors;
    for (let k = 0; k < streamSectors; k++)
      fat.writeUInt32LE(k === streamSectors - 1 ? END : first + k + 1, 4 * (first + k));
  }

  const dir = Buffer.alloc(512);
  const entry = (i: number, name: string, type: number, child: number, right: number, start: number, size: number) => {
    const e = i * 128;
    const n = Buffer.from(`${name}\0`, 'utf16le');
    n.copy(dir, e);
    dir.writeUInt16LE(n.length, e + 0x40);
    dir[e + 0x42] = type;
    dir[e + 0x43] = 1; // black
    dir.writeUInt32LE(NOSTREAM, e + 0x44); // left sibling
    dir.writeUInt32LE(right, e + 0x48);
    dir.writeUInt32LE(child, e + 0x4c);
    dir.writeUInt32LE(start, e + 0x74);
    dir.writeUInt32LE(size, e + 0x78);
  };
  entry(0, 'Root Entry', 5, streams.length > 0 ? 1 : NOSTREAM, NOSTREAM, END, 0);
  streams.forEach((name, s) => {
    entry(1 + s, name, 2, NOSTREAM, s + 1 < streams.length ? 2 + s : NOSTREAM, 2 + s * streamSectors, 4096);
  });
  writeFileSync(path, Buffer.concat([header, fat, dir, Buffer.alloc((sectors - 2) * 512)]));
}
