/**
 * Draws Loopbook's ribbon and store icons (assets/icon-{16,32,64,80,128}.png): a rounded blue tile
 * with a white loop (a ring with an arrowhead, "closing the loop") around three rising bars.
 * Drawn from signed distances with 4×4 supersampling so small sizes stay crisp.
 * Run: `npx tsx scripts/make-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

type RGBA = [number, number, number, number];

const BLUE: RGBA = [15, 108, 189, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const GOLD: RGBA = [255, 196, 61, 255];

/** Coverage of each shape at a point in unit coordinates (0..1 square). */
function sample(x: number, y: number): RGBA | null {
  // Rounded tile.
  const r = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  if (Math.hypot(qx, qy) > r) return null;
  let colour: RGBA = BLUE;
  // Ring (the loop) with a gap at the top right where the arrowhead sits.
  const cx = 0.5,
    cy = 0.5;
  const d = Math.hypot(x - cx, y - cy);
  const angle = Math.atan2(cy - y, x - cx); // 0 = right, counter-clockwise positive
  const inGap = angle > 0.35 && angle < 1.15;
  if (d > 0.3 && d < 0.39 && !inGap) colour = WHITE;
  // Arrowhead: a triangle at the end of the ring, pointing clockwise (downwards at the gap's end).
  const ax = cx + 0.345 * Math.cos(0.35),
    ay = cy - 0.345 * Math.sin(0.35);
  const tri: [number, number][] = [
    [ax - 0.11, ay - 0.02],
    [ax + 0.11, ay - 0.02],
    [ax, ay + 0.12],
  ];
  if (insideTriangle(x, y, tri)) colour = WHITE;
  // Three rising bars inside the loop; the last one in gold: the result.
  const bars: [number, number, RGBA][] = [
    [0.36, 0.58, WHITE],
    [0.47, 0.5, WHITE],
    [0.58, 0.4, GOLD],
  ];
  for (const [left, top, c] of bars) {
    if (x >= left && x <= left + 0.08 && y >= top && y <= 0.66) colour = c;
  }
  return colour;
}

function insideTriangle(x: number, y: number, t: [number, number][]): boolean {
  const s = (a: [number, number], b: [number, number]) => (x - b[0]) * (a[1] - b[1]) - (a[0] - b[0]) * (y - b[1]);
  const d1 = s(t[0], t[1]),
    d2 = s(t[1], t[2]),
    d3 = s(t[2], t[0]);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

/** Renders the icon at `size` px as RGBA bytes. */
export function renderIcon(size: number): Uint8Array {
  const ss = 4;
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = sample((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 255;
          }
        }
      }
      const n = ss * ss,
        o = (py * size + px) * 4;
      // Premultiplied average, then un-premultiply so edges blend on any ribbon colour.
      const alpha = a / n;
      out[o + 3] = Math.round(alpha);
      if (alpha > 0) {
        const k = 255 / a;
        out[o] = Math.round(r * k);
        out[o + 1] = Math.round(g * k);
        out[o + 2] = Math.round(b * k);
      }
    }
  }
  return out;
}

/** Encodes RGBA bytes as a PNG (colour type 6, 8 bits). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const size of ICON_SIZES) {
    writeFileSync(new URL(`../assets/icon-${size}.png`, import.meta.url), encodePng(renderIcon(size), size, size));
  }
  console.log(`wrote ${ICON_SIZES.map((s) => `assets/icon-${s}.png`).join(', ')}`);
}
