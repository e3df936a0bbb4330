// Task pane entry: waits for Office.js; inside Excel renders the full pane on an Office-backed host,
// outside Excel (a plain browser) the app root with a note on where to open it.
import { createRoot } from 'react-dom/client';
import { officeReady } from '../office/ready.js';
import type { XlOfficeContext, XlRun } from '../excel-sim/api.js';
import { App } from './App.js';
import { createWorkerEngine } from './engine.js';
import { createOfficeHost } from './office-host.js';
import { officeApplier } from './apply.js';
import type { HostTheme } from './host.js';

interface OfficeGlobals {
  Excel?: { run: XlRun };
  Office?: { context: XlOfficeContext & { officeTheme?: HostTheme } };
}

async function start(): Promise<void> {
  const info = await officeReady();
  const element = document.getElementById('root');
  if (!element) throw new Error('The task pane page has no #root element.');
  // Office.js globals, read once here (addin/office should offer these; see the task pane issue's report).
  const g = globalThis as OfficeGlobals;
  const host =
    info.host === 'excel' && g.Excel && g.Office
      ? createOfficeHost({
          run: g.Excel.run,
          office: g.Office,
          kind: 'excel',
          apply: officeApplier(g.Office),
          theme: () => {
            try {
              return g.Office?.context.officeTheme ?? null;
            } catch {
              return null;
            }
          },
        })
      : null;
  createRoot(element).render(<App host={host} createEngine={createWorkerEngine} displayLanguage={info.displayLanguage} />);
}

start().catch((error: unknown) => {
  document.body.textContent = `Loopbook could not start: ${error instanceof Error ? error.message : String(error)}`;
});
