export const SYSTEM_DEPS: { command: string; pkg: string; why: string }[];
export function missingDeps(): { command: string; pkg: string; why: string }[];
export function ensureSystemDeps(): void;
