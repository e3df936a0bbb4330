/**
 * The pane's pages run under a Content-Security-Policy without 'unsafe-eval' (webpack.config.js). Zod 4
 * compiles object parsers with `new Function` where it may, and its probe for that — though the error is
 * caught — is reported by the browser as a `securitypolicyviolation` (and would be sent to any report-uri).
 * Jitless parsing, which Zod documents for strict CSPs, never makes the probe; recipes are small, so
 * nothing is lost. Imported for this effect, first, by the modules the pages start from (ready.ts for the
 * pane, the playground's index.tsx, and office-host.ts).
 */
import { z } from 'zod';

z.config({ jitless: true });
