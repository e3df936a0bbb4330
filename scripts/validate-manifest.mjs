#!/usr/bin/env node
// Validates manifest.xml offline: xmllint against the Office add-in manifest schemas
// (office-addin-manifest's own `validate` posts the file to a web service and fails offline).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Office add-in manifest schema, vendored in tests/fixtures/office-addin-manifest (see its README). */
export function schemaPath() {
  const file = path.join(root, 'tests/fixtures/office-addin-manifest/OfficeAppManifestV1_1.xsd');
  if (!existsSync(file)) throw new Error(`The manifest schema ${file} is missing from the repository.`);
  return file;
}

export function validateManifest(file = path.join(root, 'manifest.xml')) {
  const r = spawnSync('xmllint', ['--noout', '--schema', schemaPath(), file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint is not installed (Debian: apt-get install libxml2-utils): ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ok, output } = validateManifest(process.argv[2]);
  console.log(output);
  console.log(ok ? 'The manifest is valid.' : 'The manifest is NOT valid.');
  process.exit(ok ? 0 : 1);
}
