/**
 * The plan applier the pane uses: addin/office's all-or-nothing `applyPlan`, with Cancel. The applier
 * takes no abort signal, so Cancel fails its next `sync()` once: the applier then rolls back in fresh
 * syncs (which pass), and the workbook is exactly as before. A cancel that arrives during the final
 * commit cannot undo it; the run then completes.
 */
import type { I18nText } from '../../src/types.js';
import { emptyRunLog, ownedSheets } from '../../src/recipe/store.js';
import type { XlContext } from './excel-api.js';
import { applyPlan } from './applier.js';
import { readStore } from './recipe-store.js';
import { checkRequirements } from './requirements.js';
import type { XlOfficeContext } from './excel-api.js';
import { CancelledError } from '../taskpane/engine.js';
import { HostError } from '../taskpane/host.js';
import type { PlanApplier } from './office-host.js';

const text = (en: string, zh: string): I18nText => ({ en, 'zh-CN': zh });

/** A context whose first `sync()` after `signal` aborts fails; later ones (the rollback) go through. */
export function cancellableContext(
  ctx: XlContext,
  signal: AbortSignal | undefined,
): { ctx: XlContext; tripped: () => boolean } {
  let tripped = false;
  const wrapped: XlContext = {
    get workbook() {
      return ctx.workbook;
    },
    async sync<T>(value?: T): Promise<T> {
      if (signal?.aborted && !tripped) {
        tripped = true;
        throw new CancelledError();
      }
      return await ctx.sync(value);
    },
  };
  return { ctx: wrapped, tripped: () => tripped };
}

/**
 * An applier over addin/office for the host whose Office context is `office`; `maxRequestBytes` smaller
 * than the 4 MB default keeps each sync short where Excel's side runs on the page's thread (playground).
 */
export function officeApplier(
  office: { context: XlOfficeContext },
  options: { maxRequestBytes?: number } = {},
): PlanApplier {
  return async (run, plan, { onProgress, signal }) => {
    const result = await run(async (raw) => {
      const { store } = await readStore(raw);
      const { ctx, tripped } = cancellableContext(raw, signal);
      const r = await applyPlan(ctx, plan, {
        caps: checkRequirements(office.context).caps,
        ownedSheets: ownedSheets(store?.log ?? emptyRunLog()),
        ...(options.maxRequestBytes ? { maxRequestBytes: options.maxRequestBytes } : {}),
        ...(onProgress
          ? {
              onProgress: (p: { opsDone: number; opsTotal: number }) => {
                onProgress({ done: p.opsDone, total: p.opsTotal });
              },
            }
          : {}),
      });
      return { ...r, cancelled: tripped() };
    });
    if (result.ok) return;
    if (result.cancelled && result.outcome === 'rolledBack') throw new CancelledError();
    const d = result.diagnostics[0];
    throw new HostError(
      d?.code ?? 'apply.failed',
      d?.message ?? text('Writing the results failed.', '写入结果失败。'),
      result.outcome === 'rolledBack' || result.outcome === 'refused'
        ? text(
            'Your workbook was not changed. Try again; if it fails again, save the workbook and report the message.',
            '工作簿未被修改。请重试；如果仍然失败，请保存工作簿并报告此信息。',
          )
        : text(
            'Some results may be incomplete. Close the workbook without saving, reopen it and run again.',
            '部分结果可能不完整。请关闭工作簿（不保存），重新打开后再次运行。',
          ),
    );
  };
}
