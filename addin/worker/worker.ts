// The task pane's analysis Web Worker: ingest, analyse, report and plan off the main thread, so the pane
// (and Excel) never freezes. Cancelling a run terminates this worker; the pane starts a fresh one.
import { expose } from 'comlink';
import { createEngineCore } from './engine-core.js';

expose(createEngineCore());
