// The ribbon's function file. Loopbook's only button opens the task pane (ShowTaskpane in
// manifest.xml), so this page just has to initialise Office.js for the ribbon to be ready.
import { officeReady } from '../office/ready.js';

officeReady().catch((error: unknown) => {
  document.body.textContent = `Loopbook could not start: ${error instanceof Error ? error.message : String(error)}`;
});
