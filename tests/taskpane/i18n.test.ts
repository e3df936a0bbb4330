// The pane's catalogues: English and Chinese hold the same keys, no text is empty, every key the code
// uses exists, and Office's display language picks the catalogue.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, createI18n, langFromDisplay } from '../../addin/taskpane/i18n/index.js';
import { KIND_ROLES } from '../../addin/taskpane/roles.js';
import { TABLE_KINDS } from '../../src/ingest/types.js';

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, leaves(v, `${prefix}${k}.`));
  }
  return out;
}

const en = leaves(CATALOGUES.en);
const zh = leaves(CATALOGUES['zh-CN']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('pane catalogues', () => {
  it('English and Chinese have the same keys and no empty text', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries({ ...en, ...zh })) expect(v.trim(), k).not.toBe('');
    // Placeholders match: {{n}} in English is {{n}} in Chinese.
    for (const k of Object.keys(en)) {
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(vars(zh[k]), k).toEqual(vars(en[k]));
    }
  });

  it('every literal key the pane uses exists; every table kind and role has a label', () => {
    const dir = path.resolve(import.meta.dirname, '../../addin/taskpane');
    const used = new Set<string>();
    for (const f of sourceFiles(dir)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(30);
    for (const k of used) expect(en, k).toHaveProperty([k]);
    for (const kind of TABLE_KINDS) expect(en).toHaveProperty([`kinds.${kind}`]);
    for (const role of new Set(Object.values(KIND_ROLES).flat().concat('attribute')))
      expect(en).toHaveProperty([`roles.${role}`]);
  });

  it('Office display language picks the catalogue; interpolation fills values', () => {
    expect(langFromDisplay('zh-CN')).toBe('zh-CN');
    expect(langFromDisplay('zh-Hans-CN')).toBe('zh-CN');
    expect(langFromDisplay('en-GB')).toBe('en');
    expect(langFromDisplay('de-DE')).toBe('en');
    const i18n = createI18n('zh-CN');
    expect(i18n.t('data.rows', { n: '1,234' })).toBe('1,234 行');
    expect(i18n.t('data.sure', { pct: 93 })).toBe('置信度 93%');
  });
});
