/** Writes every corpus file into a folder: `npx tsx tests/corpus/write.ts /tmp/corpus`. */
import { mkdirSync } from 'node:fs';
import { corpusCases } from './cases.js';
import { writeCase } from './files.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npx tsx tests/corpus/write.ts <folder>');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
for (const c of corpusCases()) console.log(await writeCase(c, dir));
