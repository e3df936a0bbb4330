/** Payload sizes of Office.js requests and responses (JSON, UTF-8), measured without building strings. */

/** Each request and response is kept under this (Excel on the web rejects more than 5 MB). */
export const TARGET_PAYLOAD_BYTES = 4_000_000;

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
