// The layering rules of DESIGN.md are enforced by ESLint; these tests prove the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('layering lint rules', () => {
  it('forbids Excel and Office globals in src/', async () => {
    const ids = await ruleIds('export const n = Excel.run;\n', 'src/analysis/lint-probe.ts');
    expect(ids).toContain('no-restricted-globals');
  });

  it('forbids src/ importing addin/', async () => {
    const ids = await ruleIds(
      "import { officeReady } from '../../addin/office/ready.js';\nexport const f = officeReady;\n",
      'src/analysis/lint-probe.ts',
    );
    expect(ids).toContain('no-restricted-imports');
  });

  it('forbids shipping add-in code importing the Excel stand-in, and allows the playground', async () => {
    const code = "import { createSimExcel } from '../excel-sim/index.js';\nexport const c = createSimExcel;\n";
    expect(await ruleIds(code, 'addin/office/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'addin/taskpane/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'addin/playground/lint-probe.ts')).not.toContain('no-restricted-imports');
  });

  it('forbids Node modules outside src/xlsx and src/cli, and allows them there', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n";
    expect(await ruleIds(code, 'src/report/lint-probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'src/xlsx/lint-probe.ts')).not.toContain('no-restricted-imports');
  });

  it('flags floating promises', async () => {
    const ids = await ruleIds(
      'async function f(): Promise<void> {}\nexport function g(): void { f(); }\n',
      'src/report/lint-probe.ts',
    );
    expect(ids).toContain('@typescript-eslint/no-floating-promises');
  });
});
