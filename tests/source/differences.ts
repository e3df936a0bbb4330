/**
 * Differences between two `--json` summaries (or any JSON values), path by path: the rule the DuckDB source is
 * held to against the in-memory path, shared by tests/source/cli.test.ts and bench/duckdb.ts.
 * Numbers agree when equal, within a cent (money, averages), or within 1e-6 relative (fitted parameters,
 * shares); counts must be equal (a cent's tolerance cannot hide a different count: two integers differ by ≥ 1).
 */
export function differences(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const ok = a === b || Math.abs(a - b) <= 0.005 || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
    return ok ? [] : [`${at}: ${a} ≠ ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: ${a.length} items ≠ ${b.length}`];
    return a.flatMap((x, i) => differences(x, b[i], `${at}/${i}`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`),
    );
  }
  return a === b ? [] : [`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}
