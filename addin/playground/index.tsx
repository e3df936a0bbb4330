// The playground: the production task pane beside a viewer of a simulated workbook, on the Excel stand-in,
// in any browser and without Excel. Loads the sample workbook (or a .xlsx the user opens) in the browser.
// URL parameters: `lang=zh-CN` (Office display language), `sample=none` (start with an empty workbook),
// `orders=100000` (a generated orders sheet of that many rows instead of the sample).
// First: Zod without eval under the page's CSP (see addin/office/csp.ts).
import '../office/csp.js';
import { createRoot } from 'react-dom/client';
import { useEffect, useMemo, useState } from 'react';
import { createSimExcel } from '../excel-sim/index.js';
import type { SimExcel } from '../excel-sim/index.js';
import type { XlRun } from '../office/excel-api.js';
import { WorkbookModel } from '../excel-sim/model.js';
import { parseAddress } from '../excel-sim/address.js';
import { App } from '../taskpane/App.js';
import { createWorkerEngine } from '../taskpane/engine.js';
import { createOfficeHost } from '../office/office-host.js';
import { officeApplier } from '../office/pane-applier.js';
import type { PaneHost } from '../taskpane/host.js';
import { Viewer } from './Viewer.js';
import { xlsxToModel } from './xlsx-model.js';
import { playgroundText } from './text.js';
import { STAND_IN_MEASURE } from './marks.js';
import { langFromDisplay } from '../taskpane/i18n/index.js';

const SAMPLE = 'sample/loopbook-sample.xlsx';
const BATCH_BYTES = 1_000_000;

/** Resolves in a new task (a MessageChannel turn: no 4 ms timer clamping). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
const params = new URLSearchParams(location.search);
const displayLanguage = params.get('lang') ?? navigator.language;
const text = playgroundText(displayLanguage);
document.documentElement.lang = langFromDisplay(displayLanguage);
document.title = text.title;

interface Session {
  name: string;
  sim: SimExcel;
  host: PaneHost;
  /** Subscribe to "the workbook changed". */
  subscribe: (l: () => void) => () => void;
  edit: (sheet: string, row: number, col: number, value: string | number) => void;
}

function session(name: string, model: WorkbookModel): Session {
  const sim = createSimExcel({ model, displayLanguage });
  const changed = new Set<() => void>();
  const edited = new Set<(sheet: string) => void>();
  const notify = () => {
    for (const l of changed) l();
  };
  const office = sim.office;
  // Real Excel answers each sync() in another process, so the page's event loop turns between syncs; the
  // stand-in answers at once. Let the page breathe around every sync, as it would with Excel.
  const run: XlRun = async (batch) =>
    await sim.run(
      async (ctx) =>
        await batch({
          get workbook() {
            return ctx.workbook;
          },
          async sync<T>(value?: T): Promise<T> {
            await nextTask();
            const out = await ctx.sync(value);
            await nextTask();
            return out;
          },
        }),
    );
  const base = createOfficeHost({
    run,
    office,
    kind: 'playground',
    // The stand-in does Excel's work on this page's main thread: 1 MB batches keep each task short.
    apply: officeApplier(office, { maxRequestBytes: BATCH_BYTES }),
    readBytes: BATCH_BYTES,
    onChanged: (l) => {
      edited.add(l);
      return () => edited.delete(l);
    },
  });
  // Only writes and navigation change what the viewer shows (reads do not): redraw after those.
  const host: PaneHost = {
    ...base,
    applyPlan: async (plan, onProgress, signal) => {
      try {
        await base.applyPlan(plan, onProgress, signal);
      } finally {
        notify();
      }
    },
    goTo: async (sheet, address) => {
      try {
        await base.goTo(sheet, address);
      } finally {
        notify();
      }
    },
  };
  return {
    name,
    sim,
    host,
    subscribe: (l) => {
      changed.add(l);
      return () => changed.delete(l);
    },
    edit: (sheet, row, col, value) => {
      const num =
        typeof value === 'number'
          ? value
          : value.trim() !== '' && Number.isFinite(Number(value))
            ? Number(value)
            : value;
      model.sheet(sheet).setRaw(row, col, num === '' ? undefined : num);
      notify();
      for (const l of edited) l(sheet);
    },
  };
}

/** A generated orders sheet of `n` rows (seeded), for trying and measuring large sheets. */
export function generatedOrders(n: number): WorkbookModel {
  const model = new WorkbookModel();
  const sheet = model.addSheet('Orders');
  const channels = ['Paid Search', 'Paid Social', 'Email', 'Community', 'Organic'];
  let seed = 12345;
  const rnd = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  ['order_id', 'customer_id', 'order_date', 'amount', 'channel'].forEach((h, c) => {
    sheet.setRaw(0, c, h);
  });
  const customers = Math.max(1, Math.round(n / 5));
  for (let i = 1; i <= n; i++) {
    sheet.setRaw(i, 0, `O${String(i).padStart(7, '0')}`);
    sheet.setRaw(i, 1, `C${String(Math.floor(rnd() * customers)).padStart(6, '0')}`);
    // 2024-01-01 (serial 45292) … 2025-12-31.
    sheet.setRaw(i, 2, 45292 + Math.floor(rnd() * 731));
    sheet.setFormat(i, 2, 'yyyy-mm-dd');
    sheet.setRaw(i, 3, Math.round((20 + rnd() * 480) * 100) / 100);
    sheet.setRaw(i, 4, channels[Math.floor(rnd() * channels.length)]);
  }
  return model;
}

async function loadSample(): Promise<Session> {
  const generated = Number(params.get('orders'));
  if (Number.isInteger(generated) && generated > 0) {
    // Measured on the page's timeline: the bench counts this task as the stand-in's, not the pane's.
    const start = performance.now();
    const model = generatedOrders(generated);
    performance.measure(STAND_IN_MEASURE, { start, end: performance.now() });
    return session(`generated orders (${generated.toLocaleString('en-US')} rows)`, model);
  }
  if (params.get('sample') === 'none') {
    const model = new WorkbookModel();
    model.addSheet('Sheet1');
    return session('(empty)', model);
  }
  const res = await fetch(SAMPLE);
  if (!res.ok) throw new Error(`The sample workbook could not be loaded (${res.status}).`);
  return session('loopbook-sample.xlsx', xlsxToModel(new Uint8Array(await res.arrayBuffer())));
}

declare global {
  interface Window {
    /** For end-to-end tests and curious users: the current stand-in and helpers. */
    loopbookPlayground?: {
      sim: () => SimExcel;
      edit: (sheet: string, address: string, value: string | number) => void;
      open: (bytes: Uint8Array, name: string) => void;
      ready: boolean;
    };
  }
}

// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
function Playground() {
  const [current, setCurrent] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  // The viewer follows the session one task later: the pane's first render is then a task of its own, as in
  // Excel (where Excel, not the add-in, draws the grid), and neither waits for the other.
  const [viewed, setViewed] = useState<Session | null>(null);
  useEffect(() => {
    loadSample().then(setCurrent, (e: unknown) => {
      setError(e instanceof Error ? e.message : String(e));
    });
  }, []);
  useEffect(() => {
    const id = setTimeout(() => {
      setViewed(current);
    }, 0);
    return () => {
      clearTimeout(id);
    };
  }, [current]);
  useEffect(() => {
    if (!current) return;
    let frame = 0;
    const unsubscribe = current.subscribe(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        setVersion((v) => v + 1);
      });
    });
    window.loopbookPlayground = {
      sim: () => current.sim,
      edit: (sheet, address, value) => {
        const r = parseAddress(address);
        current.edit(sheet, r.r0, r.c0, value);
      },
      open: (bytes, name) => {
        setCurrent(session(name, xlsxToModel(bytes)));
      },
      ready: true,
    };
    return unsubscribe;
  }, [current]);
  const pane = useMemo(
    () =>
      current ? (
        <App
          key={current.name + String(current.sim.model.sheets.length)}
          host={current.host}
          createEngine={createWorkerEngine}
        />
      ) : null,
    [current],
  );
  const open = async (file: File) => {
    try {
      setError(null);
      setCurrent(session(file.name, xlsxToModel(new Uint8Array(await file.arrayBuffer()))));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="pg">
      <header className="pg-bar">
        <strong>{text.title}</strong>
        <span className="pg-file">{current ? current.name : text.loading}</span>
        <label className="pg-open">
          {text.open}
          <input
            type="file"
            accept=".xlsx,.xlsm"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void open(f);
            }}
          />
        </label>
        {error ? (
          <span role="alert" className="pg-error">
            {error}
          </span>
        ) : null}
      </header>
      <div className="pg-main">
        {viewed ? (
          <Viewer model={viewed.sim.model} version={version} onEdit={viewed.edit} text={text} />
        ) : (
          <section className="pg-viewer" />
        )}
        <aside className="pg-pane" aria-label={text.pane}>
          {pane}
        </aside>
      </div>
    </div>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Playground />);
