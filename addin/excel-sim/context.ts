/**
 * Request context, the command queue and `sync()`: writes and loads are queued on proxy objects and run, in
 * order, only when `sync()` is called; loaded values become readable when that `sync()` resolves.
 * Enforces Excel on the web's payload limits and counts syncs and bytes.
 */
import { SimError } from './errors.js';
import type { SimErrorCode } from './errors.js';
import type { WorkbookModel } from './model.js';

/** 5 MB: Excel on the web's limit for a request's and a response's payload. */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/** Excel's limit on the cells of one range read. */
export const MAX_CELLS_PER_READ = 5_000_000;
/**
 * How long the stand-in runs a sync's commands before letting the page's other tasks in (ms). Excel does a
 * batch in its own process, leaving the add-in's thread free; the stand-in runs on the page's main thread,
 * so a long batch (a PivotTable laid out again on each field change over 200,000 records) is cut into
 * tasks at command boundaries: between commands, never inside one, so what each command does and which
 * command an error names are as before. Syncs still run one at a time, in the order they were called.
 */
export const SYNC_SLICE_MS = 40;

/** Lets the event loop take other tasks (a macrotask: rendering and input, not just promise callbacks). */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** One `sync()` as the stand-in saw it. */
export interface SyncRecord {
  index: number;
  ops: number;
  requestBytes: number;
  responseBytes: number;
  calculationSuspended: boolean;
  screenUpdatingSuspended: boolean;
  /** `Range.formulas` writes in the sync (Office leaves formulas written with calculation suspended to the add-in to recalculate). */
  formulaWrites: number;
  failed: string | null;
}

export interface SimCounters {
  syncs: number;
  requestBytes: number;
  responseBytes: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  log: SyncRecord[];
}

/** Make the Nth `sync()` (1-based, counted over the whole stand-in) fail with `code`. */
export interface FailureInjection {
  atSync: number;
  code?: SimErrorCode;
  /**
   * How much of that sync's batch Excel had applied before failing: `none` (the request never arrived),
   * `half` (the first half of the queued commands ran — Excel does not roll back a batch), `all`.
   */
  applied?: 'none' | 'half' | 'all';
  /** Later syncs (counted like `atSync`) that fail the same way: a retry that fails again. */
  alsoAt?: number[];
}

export interface SimHost {
  model: WorkbookModel;
  counters: SimCounters;
  failure: FailureInjection | null;
  /** Highest ExcelApi version supported, e.g. `1.12` (members of newer sets throw `ApiNotFound`). */
  excelApi: string;
  payloadLimit: number;
  /** The sync running now (settled when it is done): the next one waits for it, as Excel's queue does. */
  busy?: Promise<unknown>;
}

interface Op {
  label: string;
  request: number;
  /** Runs against the model; returns the response payload in bytes. */
  exec: () => number;
}

/** `1.10` ≥ `1.9`, compared numerically part by part. */
export function versionAtLeast(have: string, need: string): boolean {
  const a = have.split('.').map(Number);
  const b = need.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/**
 * UTF-8 size of `value` as JSON, without building the string (fast on large 2-D arrays). Kept apart from
 * the add-in's own measure (src/plan/json-bytes.ts) on purpose: the stand-in enforces Excel's limit
 * independently, so a wrong measure in the add-in cannot hide behind the same code here.
 */
export function jsonBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'string': {
      let n = 2;
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c === 34 || c === 92) n += 2;
        else if (c < 32) n += 6;
        else if (c < 0x80) n += 1;
        else if (c < 0x800) n += 2;
        else if (c >= 0xd800 && c <= 0xdbff) {
          n += 4;
          i++;
        } else n += 3;
      }
      return n;
    }
    case 'object': {
      if (Array.isArray(value)) {
        let n = 2 + Math.max(0, value.length - 1);
        // A run of the same element (Office.js callers repeat one row of number formats for a block, and
        // one format string along a row) is measured once: exact, and cheap on million-cell writes.
        let prev: unknown = undefined;
        let prevBytes = 0;
        for (const v of value) {
          if (v !== prev || prevBytes === 0) {
            prev = v;
            prevBytes = jsonBytes(v);
          }
          n += prevBytes;
        }
        return n;
      }
      let n = 2;
      let first = true;
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        n += (first ? 0 : 1) + jsonBytes(k) + 1 + jsonBytes(v);
        first = false;
      }
      return n;
    }
    default:
      return 0;
  }
}

export class SimContext {
  private queue: Op[] = [];
  private staged: (() => void)[] = [];
  private closed = false;
  private calcSuspended = false;
  private screenSuspended = false;
  /** Whether the sync running now had calculation suspended (`suspendApiCalculationUntilNextSync`). */
  private calcSuspendedInSync = false;

  constructor(readonly host: SimHost) {}

  get model(): WorkbookModel {
    return this.host.model;
  }

  /** Throws `ApiNotFound` when the configured ExcelApi version is below `version`. */
  requireApi(version: string, member: string): void {
    if (!versionAtLeast(this.host.excelApi, version)) {
      throw new SimError(
        'ApiNotFound',
        `${member} needs ExcelApi ${version}; this host supports ExcelApi ${this.host.excelApi}.`,
      );
    }
  }

  enqueue(label: string, request: number, exec: () => number): void {
    if (this.closed)
      throw new SimError('InvalidRequestContext', `${label}: the request context of a finished Excel.run was used.`);
    this.queue.push({ label, request: request + 16, exec });
  }

  /** Makes loaded values visible once the current sync succeeds. */
  stage(commit: () => void): void {
    this.staged.push(commit);
  }

  suspendCalculation(): void {
    this.calcSuspended = true;
  }

  /**
   * Calculates the workbook's formulas before cell values are read inside a sync (see calc.ts) — unless this
   * sync has calculation suspended: then the values read are those of the last calculation.
   */
  calculateForRead(): void {
    if (!this.calcSuspendedInSync) this.model.calculate();
  }

  suspendScreenUpdating(): void {
    this.screenSuspended = true;
  }

  get pending(): number {
    return this.queue.length;
  }

  close(): void {
    this.closed = true;
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    if (this.closed) throw new SimError('InvalidRequestContext', 'sync() on the context of a finished Excel.run.');
    const ops = this.queue;
    this.queue = [];
    const c = this.host.counters;
    c.syncs += 1;
    const rec: SyncRecord = {
      index: c.syncs,
      ops: ops.length,
      requestBytes: 0,
      responseBytes: 0,
      calculationSuspended: this.calcSuspended,
      screenUpdatingSuspended: this.screenSuspended,
      formulaWrites: ops.filter((o) => o.label.endsWith('Range.formulas')).length,
      failed: null,
    };
    const calcSuspended = this.calcSuspended;
    this.calcSuspended = false;
    this.screenSuspended = false;
    c.log.push(rec);
    const before = this.host.busy;
    const run = this.runBatch(ops, rec, calcSuspended, before, passThroughValue);
    this.host.busy = run.catch(() => undefined);
    return await run;
  }

  private async runBatch<T>(
    ops: Op[],
    rec: SyncRecord,
    calcSuspended: boolean,
    before: Promise<unknown> | undefined,
    passThroughValue: T | undefined,
  ): Promise<T> {
    const c = this.host.counters;
    // Let other tasks run, as a real round trip would; a sync called while another runs waits for it.
    if (before) await before;
    await Promise.resolve();
    // Batches run one at a time, so what this batch's commands stage is this batch's alone.
    this.staged = [];
    this.calcSuspendedInSync = calcSuspended;
    try {
      rec.requestBytes = ops.reduce((s, o) => s + o.request, 0);
      c.requestBytes += rec.requestBytes;
      c.maxRequestBytes = Math.max(c.maxRequestBytes, rec.requestBytes);
      if (rec.requestBytes > this.host.payloadLimit) {
        throw new SimError(
          'RequestPayloadSizeLimitExceeded',
          `The request payload (${rec.requestBytes} bytes) exceeds the limit of ${this.host.payloadLimit} bytes.`,
        );
      }
      const f = this.host.failure;
      const failing = f !== null && (f.atSync === rec.index || (f.alsoAt?.includes(rec.index) ?? false));
      const applied = failing ? (f.applied ?? 'half') : 'all';
      const n = applied === 'all' ? ops.length : applied === 'half' ? Math.floor(ops.length / 2) : 0;
      try {
        let slice = performance.now();
        for (let i = 0; i < n; i++) {
          const op = ops[i];
          if (performance.now() - slice > SYNC_SLICE_MS) {
            await nextTask();
            slice = performance.now();
          }
          try {
            rec.responseBytes += op.exec();
          } catch (e) {
            if (e instanceof SimError && e.debugInfo.errorLocation === undefined) {
              throw new SimError(e.code, e.message, op.label);
            }
            throw e;
          }
        }
      } finally {
        // Excel calculates what the batch changed (what ran of it) — not in a sync with calculation suspended.
        if (!this.calcSuspendedInSync) this.model.calculate();
      }
      if (failing) throw new SimError(f.code ?? 'GeneralException', `Injected failure at sync ${rec.index}.`);
      c.responseBytes += rec.responseBytes;
      c.maxResponseBytes = Math.max(c.maxResponseBytes, rec.responseBytes);
      if (rec.responseBytes > this.host.payloadLimit) {
        throw new SimError(
          'ResponsePayloadSizeLimitExceeded',
          `The response payload (${rec.responseBytes} bytes) exceeds the limit of ${this.host.payloadLimit} bytes.`,
        );
      }
      for (const commit of this.staged) commit();
      this.staged = [];
      return passThroughValue as T;
    } catch (e) {
      rec.failed = e instanceof SimError ? e.code : 'Error';
      this.staged = [];
      throw e;
    }
  }
}

/**
 * Base of every proxy object: properties must be loaded and synced before they are read
 * (`PropertyNotLoaded` otherwise); setting a property queues a write.
 */
export abstract class SimObject {
  private loadedValues = new Map<string, unknown>();

  constructor(readonly ctx: SimContext) {}

  /** Scalar properties `load()` without arguments brings. */
  protected abstract readonly loadable: readonly string[];
  /** Reads a property from the model (runs inside `sync()`). */
  protected abstract readProperty(name: string): unknown;

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed accessor for the property getters
  protected get<T>(name: string): T {
    if (!this.loadedValues.has(name)) {
      throw new SimError(
        'PropertyNotLoaded',
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loadedValues.get(name) as T;
  }

  /** Marks values as loaded once the current sync succeeds (used by collections for their items). */
  stageLoaded(values: Record<string, unknown>): void {
    this.ctx.stage(() => {
      for (const [k, v] of Object.entries(values)) this.loadedValues.set(k, v);
    });
  }

  protected set(name: string, value: unknown, apply: () => void): void {
    this.loadedValues.delete(name);
    this.ctx.enqueue(`${this.constructor.name}.${name}`, jsonBytes(value), () => {
      apply();
      return 0;
    });
  }

  protected call(method: string, args: unknown, apply: () => unknown): void {
    this.ctx.enqueue(`${this.constructor.name}.${method}`, jsonBytes(args), () => {
      apply();
      return 0;
    });
  }

  /** True for a null object (`…OrNullObject` that found nothing); checked inside sync. */
  protected resolvesToNull(): boolean {
    return false;
  }

  /** What `load()` without arguments brings. */
  defaultLoad(): string[] {
    return [...this.loadable];
  }

  /** Normalizes `load()` arguments to this object's property names. */
  protected names(arg: string | string[] | undefined): string[] {
    if (arg === undefined) return [...this.loadable];
    const list = (Array.isArray(arg) ? arg : arg.split(',')).map((s) => s.trim()).filter((s) => s !== '');
    return list;
  }

  /** Reads the named properties now (inside sync) and returns them with their JSON size. */
  readNow(names: string[]): { values: Record<string, unknown>; bytes: number } {
    const values: Record<string, unknown> = {};
    for (const n of names) {
      if (!this.loadable.includes(n))
        throw new SimError('InvalidArgument', `${this.constructor.name} has no loadable property '${n}'.`);
      values[n] = this.readProperty(n);
    }
    return { values, bytes: jsonBytes(values) };
  }

  load(propertyNames?: string | string[]): this {
    const names = this.names(propertyNames);
    this.ctx.enqueue(`${this.constructor.name}.load`, jsonBytes(names), () => {
      // Loading a null object is allowed; its properties stay unavailable.
      if (this.resolvesToNull()) return 4;
      const { values, bytes } = this.readNow(names);
      this.stageLoaded(values);
      return bytes;
    });
    return this;
  }
}

/** A proxy bound to a model object found when the first command that uses it runs (like Excel's object paths). */
export class Binding<T> {
  private resolved = false;
  private target: T | null = null;

  constructor(
    private readonly find: () => T | null,
    private readonly nullable: boolean,
    private readonly what: string,
  ) {}

  static of<T>(target: T): Binding<T> {
    const b = new Binding<T>(() => target, false, '');
    b.resolved = true;
    b.target = target;
    return b;
  }

  /** The target, or a thrown `ItemNotFound` (null objects included). */
  get(): T {
    const t = this.peek();
    if (t === null) throw new SimError('ItemNotFound', `${this.what} was not found.`);
    if (typeof t === 'object' && t !== null && 'deleted' in t && (t as { deleted: unknown }).deleted === true) {
      throw new SimError('InvalidReference', `${this.what} was deleted.`);
    }
    return t;
  }

  /** The target or null (only null objects may be null). */
  peek(): T | null {
    if (!this.resolved) {
      const t = this.find();
      if (t === null && !this.nullable) throw new SimError('ItemNotFound', `${this.what} was not found.`);
      this.target = t;
      this.resolved = true;
    }
    return this.target;
  }
}
