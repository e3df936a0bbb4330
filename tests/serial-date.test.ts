import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isoToSerial, serialToIso } from '../src/serial-date.js';
import { LOOPBOOK_VERSION } from '../src/version.js';

describe('Excel serial dates', () => {
  it('match Excel: =DATE(2024,6,18) is 45461, =DATE(1970,1,1) is 25569, =DATE(1900,3,1) is 61', () => {
    expect(isoToSerial('2024-06-18')).toBe(45461);
    expect(isoToSerial('1970-01-01')).toBe(25569);
    expect(isoToSerial('1900-03-01')).toBe(61);
    // Before the 1900 leap-year quirk: =DATE(1900,1,1) is 1, =DATE(1900,2,28) is 59.
    expect(isoToSerial('1900-01-01')).toBe(1);
    expect(isoToSerial('1900-02-28')).toBe(59);
  });

  it('round-trips and drops the time of day', () => {
    for (const iso of ['1900-01-01', '1900-02-28', '1900-03-01', '2006-12-31', '2025-12-31']) {
      expect(serialToIso(isoToSerial(iso)!)).toBe(iso);
    }
    expect(serialToIso(45461.75)).toBe('2024-06-18');
  });

  it('rejects text that is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2024-02-30', '2024-13-01', '18/06/2024', '', '2024-6-1']) expect(isoToSerial(bad)).toBeNull();
  });

  it("the version written into results is package.json's", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(LOOPBOOK_VERSION).toBe(pkg.version);
  });
});
