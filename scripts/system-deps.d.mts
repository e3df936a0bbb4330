export interface SystemDep {
  command?: string;
  python?: string;
  font?: string;
  pkg: string;
  why: string;
}
export const SYSTEM_DEPS: SystemDep[];
export function missingDeps(): SystemDep[];
export function ensureSystemDeps(): void;
