/** React glue: the flow's state through `useSyncExternalStore`, and the pane context. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Lang } from '../../src/types.js';
import type { Flow, FlowState } from './flow.js';

export interface PaneContextValue {
  flow: Flow;
  lang: Lang;
}

export const PaneContext = createContext<PaneContextValue | null>(null);

export function usePane(): PaneContextValue & { state: FlowState } {
  const ctx = useContext(PaneContext);
  if (!ctx) throw new Error('usePane outside PaneContext');
  const state = useSyncExternalStore(ctx.flow.subscribe, ctx.flow.getState, ctx.flow.getState);
  return { ...ctx, state };
}

/** The flow and language without subscribing to state changes (for components that only act). */
export function usePaneContext(): PaneContextValue {
  const ctx = useContext(PaneContext);
  if (!ctx) throw new Error('usePaneContext outside PaneContext');
  return ctx;
}
