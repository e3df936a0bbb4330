// Task pane entry: waits for Office.js, then renders the app root inside Fluent UI's provider.
import { createRoot } from 'react-dom/client';
import { officeReady } from '../office/ready.js';
import { App } from './App.js';

async function start(): Promise<void> {
  const host = await officeReady();
  const element = document.getElementById('root');
  if (!element) throw new Error('The task pane page has no #root element.');
  createRoot(element).render(<App host={host} />);
}

start().catch((error: unknown) => {
  document.body.textContent = `Loopbook could not start: ${error instanceof Error ? error.message : String(error)}`;
});
