/** Raster images from `pdftoppm` (binary PPM) and the colour test the render checks share. */
export interface Image {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Parse a binary PPM (P6), as `pdftoppm` writes without `-png`. */
export function readPpm(bytes: Uint8Array): Image {
  let pos = 0;
  const token = (): string => {
    while (
      bytes[pos] === 0x20 ||
      bytes[pos] === 0x0a ||
      bytes[pos] === 0x0d ||
      bytes[pos] === 0x09 ||
      bytes[pos] === 0x23
    ) {
      if (bytes[pos] === 0x23) while (bytes[pos] !== 0x0a) pos++;
      else pos++;
    }
    let s = '';
    while (bytes[pos] > 0x20) s += String.fromCharCode(bytes[pos++]);
    return s;
  };
  if (token() !== 'P6') throw new Error('not a P6 PPM');
  const width = Number(token());
  const height = Number(token());
  if (Number(token()) !== 255) throw new Error('expected 8-bit PPM');
  pos += 1;
  return { width, height, rgb: bytes.subarray(pos, pos + width * height * 3) };
}

/** A pixel is "coloured" when its channels differ a lot (bars, slices, lines), not grey text or grid. */
export function coloured(img: Image, i: number): boolean {
  const r = img.rgb[3 * i];
  const g = img.rgb[3 * i + 1];
  const b = img.rgb[3 * i + 2];
  return Math.max(r, g, b) - Math.min(r, g, b) > 60;
}
