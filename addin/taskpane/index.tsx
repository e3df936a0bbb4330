// Task pane entry: waits for Office.js; inside Excel renders the full pane on an Office-backed host,
// outside Excel (a plain browser) the app root with a note on where to open it.
import { createRoot } from 'react-dom/client';
import { officeReady } from '../office/ready.js';
import { officeBindings } from '../office/bindings.js';
import { App } from './App.js';
import { createWorkerEngine } from './engine.js';
import { createOfficeHost } from '../office/office-host.js';
import { officeApplier } from '../office/pane-applier.js';

async function start(): Promise<void> {
  const info = await officeReady();
  const element = document.getElementById('root');
  if (!element) throw new Error('The task pane page has no #root element.');
  const office = info.host === 'excel' ? officeBindings() : null;
  const host = office
    ? createOfficeHost({
        run: office.run,
        office: office.office,
        kind: 'excel',
        apply: officeApplier(office.office),
        theme: office.theme,
      })
    : null;
  createRoot(element).render(
    <App host={host} createEngine={createWorkerEngine} displayLanguage={info.displayLanguage} />,
  );
}

start().catch((error: unknown) => {
  document.body.textContent = `Loopbook could not start: ${error instanceof Error ? error.message : String(error)}`;
});
