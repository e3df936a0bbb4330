// manifest.xml: valid against the Office add-in schemas offline, and saying what the add-in promises.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../scripts/validate-manifest.mjs';

const hasXmllint = spawnSync('sh', ['-c', 'command -v xmllint']).status === 0;
const manifest = readFileSync(new URL('../manifest.xml', import.meta.url), 'utf8');

function pngSize(file: string): [number, number] {
  const b = readFileSync(new URL(`../${file}`, import.meta.url));
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('manifest.xml', () => {
  it.skipIf(!hasXmllint)('validates against the offline Office add-in manifest schemas', () => {
    const { ok, output } = validateManifest();
    expect(output).toContain('validates');
    expect(ok).toBe(true);
  });

  it.skipIf(!hasXmllint)('the validator rejects a broken manifest (so the check can fail)', () => {
    const broken = manifest.replace(
      '<Permissions>ReadWriteDocument</Permissions>',
      '<Permissions>Everything</Permissions>',
    );
    const file = `${process.env.TMPDIR ?? '/tmp'}/loopbook-broken-manifest-${process.pid}.xml`;
    writeFileSync(file, broken);
    expect(validateManifest(file).ok).toBe(false);
  });

  it('asks for what the add-in needs: Excel workbooks, ReadWriteDocument, ExcelApi 1.7', () => {
    expect(manifest).toMatch(/<Host Name="Workbook"\/>/);
    expect(manifest).toMatch(/<Permissions>ReadWriteDocument<\/Permissions>/);
    expect(manifest).toMatch(/<Set Name="ExcelApi" MinVersion="1.7"\/>/);
  });

  it('puts a Loopbook button on the Home tab that opens the task pane', () => {
    expect(manifest).toMatch(/<OfficeTab id="TabHome">/);
    expect(manifest).toMatch(/<Action xsi:type="ShowTaskpane">/);
  });

  it('has display name and description in English and Chinese', () => {
    expect(manifest).toMatch(/<DisplayName DefaultValue="Loopbook">\s*<Override Locale="zh-CN"/);
    expect(manifest).toMatch(
      /<Description DefaultValue="[^"]+">\s*<Override Locale="zh-CN" Value="[^"]*[\u4e00-\u9fff]/,
    );
  });

  it('ships Loopbook icons at 16, 32, 64, 80 and 128 px, and every icon URL it names exists', () => {
    for (const size of [16, 32, 64, 80, 128]) expect(pngSize(`assets/icon-${size}.png`)).toEqual([size, size]);
    const referenced = [...manifest.matchAll(/localhost:3000\/(assets\/icon-\d+\.png)/g)].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThan(0);
    for (const file of referenced) expect(() => pngSize(file)).not.toThrow();
  });
});
