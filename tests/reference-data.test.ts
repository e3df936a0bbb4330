/**
 * The vendored reference data are intact: each file's uncompressed content has the sha256 recorded when
 * it was copied in (tests/reference-data/README.md lists the same), and the row count its publisher
 * states (CDNOW: Fader & Hardie's read-me files; Hillstrom: the MineThatData challenge; Online Retail:
 * UCI; rfm: the R package's documentation). A corrupted or truncated copy fails here, by name, before
 * the analysis tests fail on figures.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DATA, readReference } from './reference-data.js';

interface Entry {
  file: string;
  sha256: string;
  /** Records, header line not counted. */
  rows: number;
  header: boolean;
}

const FILES: readonly Entry[] = [
  {
    file: 'cdnow/CDNOW_master.txt.gz',
    sha256: 'eff6889ed364c5199d6eacbbeb7a6d559971df4406ac876f322c373f00a072ef',
    rows: 69_659,
    header: true,
  },
  {
    file: 'cdnow/CDNOW_sample.txt',
    sha256: '6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a',
    rows: 6_919,
    header: false,
  },
  {
    file: 'cdnow/cdnow_customers_summary_with_transactions.csv',
    sha256: '7ddd11b55be3227edfc1d58675154e96971b0de3ad37ddd9280d1dba154b8b2f',
    rows: 2_357,
    header: true,
  },
  {
    file: 'hillstrom/hillstrom.csv.gz',
    sha256: 'ff9e59285e9dc3f5fa3e0975419e6631ea5bdccd65d818991473d2367e02979c',
    rows: 64_000,
    header: true,
  },
  {
    file: 'online-retail/online_retail.csv.gz',
    sha256: '3a62b16c6e79c05582242c33685626aee2f1399c4d07520ee4c772ba5b26e030',
    rows: 541_909,
    header: true,
  },
  {
    file: 'rfm/rfm_data_orders.csv',
    sha256: 'ab1709303a6cf5ec2492476c44fe303c5c3a169292dc51183e63e09f39d8f772',
    rows: 4_906,
    header: true,
  },
];

/** Lines of a text: line feeds, plus one for a last line without a line end. */
function lineCount(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}

describe('reference data (tests/reference-data)', () => {
  it.each(FILES)('$file: sha256 of the content and $rows rows', ({ file, sha256, rows, header }) => {
    const bytes = readReference(file);
    expect(createHash('sha256').update(bytes).digest('hex'), `${file} is corrupted`).toBe(sha256);
    expect(lineCount(bytes) - (header ? 1 : 0)).toBe(rows);
  });

  it('holds exactly these files and a README that states each checksum', () => {
    const dir = fileURLToPath(REFERENCE_DATA);
    const stored = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !['README.md', '.gitattributes'].includes(d.name))
      .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
      .sort();
    expect(stored).toEqual(FILES.map((f) => f.file).sort());
    const readme = readFileSync(new URL('README.md', REFERENCE_DATA), 'utf8');
    for (const { file, sha256 } of FILES) expect(readme, file).toContain(sha256);
  });
});
