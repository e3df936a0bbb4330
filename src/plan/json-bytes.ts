/**
 * Payload sizes: the UTF-8 size of a value serialized as JSON, measured without building the string
 * (fast on large 2-D arrays). The plan chunks writes with it and the Office host sizes its requests and
 * reads with it, so both keep to the same 4 MB budget.
 */

/** UTF-8 size of `value` serialized as JSON. */
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
        for (const v of value) n += jsonBytes(v);
        return n;
      }
      let n = 2;
      for (const [k, v] of Object.entries(value)) if (v !== undefined) n += jsonBytes(k) + jsonBytes(v) + 2;
      return n;
    }
    default:
      return 0;
  }
}
