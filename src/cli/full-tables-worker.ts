/**
 * The full tables' thread (issue 14): a DuckDB of its own that stages the tables handed over by the main thread and
 * copies them to their files (full-tables-stage.ts), while the main thread builds the report and the workbook.
 *
 * Messages in: `{ type: 'table', id, table }` (a PreparedTable, its arrays moved here), staged in the order they
 * come; `{ type: 'close' }`, after the last table. Out: `{ type: 'copied', id, outcomes }` or `{ type: 'copied', id,
 * error }` for each table, then `{ type: 'closed' }` once every copy has ended and the database is closed; the
 * thread then ends.
 */
import { parentPort } from 'node:worker_threads';
import { Stager, type PreparedTable } from './full-tables-stage.js';

type Message = { type: 'table'; id: number; table: PreparedTable } | { type: 'close' };

const port = parentPort;
if (port) {
  const stager = Stager.open();
  // Its failure is each table's and the close's to report (below), not an unhandled rejection ending the thread.
  stager.catch(() => undefined);
  const text = (e: unknown) => (e instanceof Error ? e.message : String(e));
  port.on('message', (m: Message) => {
    if (m.type === 'table') {
      // Only the id is kept until the copy ends: the table's arrays go once it is staged.
      const { id } = m;
      let table: PreparedTable | null = m.table;
      // Handlers on one promise run in the order they were added: the tables are queued in the order they came.
      stager
        .then((s) => {
          const staged = s.add(table!);
          table = null;
          return staged;
        })
        .then(
          (outcomes) => {
            port.postMessage({ type: 'copied', id, outcomes });
          },
          (error: unknown) => {
            port.postMessage({ type: 'copied', id, error: text(error) });
          },
        );
      return;
    }
    stager
      .then((s) => s.close())
      .then(
        () => {
          port.postMessage({ type: 'closed' });
        },
        (error: unknown) => {
          port.postMessage({ type: 'closed', error: text(error) });
        },
      )
      .finally(() => {
        port.close();
      });
  });
}
