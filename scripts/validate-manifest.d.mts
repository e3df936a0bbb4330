export function schemaPath(): string;
export function validateManifest(file?: string): { ok: boolean; output: string };
