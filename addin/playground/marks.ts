/**
 * User-timing names the playground leaves on the page's performance timeline, so a bench can tell the
 * stand-in's own work (test scaffolding: in Excel it is Excel's, in another process) from the pane's.
 */

/** `performance.measure` around generating the `?orders=N` stand-in sheet (one main-thread task). */
export const STAND_IN_MEASURE = 'loopbook-playground: stand-in sheet generated';
