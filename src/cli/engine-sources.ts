/**
 * The command line's side of `--source duckdb:…` and `--source clickhouse://…` (src/source): which specs a run
 * opens (the flags' and the recipe's), DuckDB's memory limit and a private spill directory removed after the run,
 * ClickHouse's password from the environment (never from the spec or the recipe).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openEngineSources, type EngineSources } from '../source/index.js';
import type { TableKind } from '../ingest/types.js';
import type { Recipe } from '../recipe/index.js';

/** DuckDB's memory limit when none is given: half the machine's memory, at most 4 GB. */
export function defaultMemoryLimit(): string {
  const mb = Math.min(4096, Math.floor(os.totalmem() / 2 / 1024 / 1024));
  return `${Math.max(256, mb)}MB`;
}

/**
 * A run's engine sources and how to let them go: `close` the engines (once; the tables' metadata stays), `dispose`
 * of them and of DuckDB's spill directory.
 */
export interface OpenedEngine extends EngineSources {
  dispose(): Promise<void>;
}

/**
 * Opens the `--source` specs and the recipe's sources with a `location` (each once), or returns null when there
 * are none. Source errors (SourceError, SourceSpecError) propagate, naming the source. A ClickHouse source's
 * password is read from LOOPBOOK_CLICKHOUSE_PASSWORD (src/source/clickhouse/engine.ts).
 */
export async function openRunSources(
  specs: readonly string[],
  recipe: Recipe | null,
  memoryLimit: string | undefined,
): Promise<OpenedEngine | null> {
  const kinds = new Map<string, TableKind>();
  for (const s of recipe?.sources ?? []) if (s.location) kinds.set(s.location, s.kind);
  const all = [...new Set([...specs, ...kinds.keys()])];
  if (all.length === 0) return null;
  const tempDirectory = await mkdtemp(path.join(os.tmpdir(), 'loopbook-duckdb-'));
  try {
    const opened = await openEngineSources(
      all,
      { memoryLimit: memoryLimit ?? defaultMemoryLimit(), tempDirectory },
      (spec) => kinds.get(spec),
    );
    // Closed once: after the pushdown (the memory DuckDB held goes back before the results are built), or at the end.
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await opened.close();
    };
    return {
      ...opened,
      close,
      async dispose() {
        await close();
        await rm(tempDirectory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(tempDirectory, { recursive: true, force: true });
    throw error;
  }
}
