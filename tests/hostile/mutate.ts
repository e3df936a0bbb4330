/**
 * Ways a workbook or CSV arrives broken (issue 17), as pure functions of a seed-driven fast-check choice:
 * each takes the sound file's parts (or bytes) and returns the bytes of a broken file.
 */
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';

export type Parts = Record<string, Uint8Array>;

/** A mutation of a workbook, applied to its parts and/or its zip bytes. */
export type XlsxMutation =
  | { kind: 'flipCompressed'; flips: { at: number; xor: number }[] }
  | { kind: 'truncateFile'; keep: number }
  | { kind: 'cutPart'; part: number; keep: number }
  | { kind: 'contentTypes'; how: 'drop' | 'garbage' | 'wrongMain' }
  | { kind: 'dropPart'; part: number }
  | { kind: 'dropRelationship'; which: number }
  | { kind: 'duplicateSheetNames'; caseOnly: boolean }
  | { kind: 'sharedStringIndex'; value: string; every: number }
  | { kind: 'styleIndex'; value: string; every: number }
  | { kind: 'insertMarkup'; part: number; at: number; text: string }
  | { kind: 'rowNumbers'; value: string; every: number }
  | { kind: 'cellRefs'; value: string; every: number }
  | { kind: 'stored'; flips: { at: number; xor: number }[] };

export type CsvMutation =
  | { kind: 'flip'; flips: { at: number; xor: number }[] }
  | { kind: 'truncate'; keep: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'gzipFlip'; flips: { at: number; xor: number }[] };

const textParts = (parts: Parts): string[] =>
  Object.keys(parts)
    .filter((k) => /\.(xml|rels)$/.test(k))
    .sort();

function editText(parts: Parts, name: string, edit: (s: string) => string): Parts {
  return { ...parts, [name]: strToU8(edit(strFromU8(parts[name]))) };
}

/** Replaces the n-th, 2n-th … match of `re` in every worksheet with `value`. */
function everyNth(parts: Parts, re: RegExp, every: number, value: (m: string) => string): Parts {
  let out = parts;
  for (const name of Object.keys(parts).filter((k) => /^xl\/worksheets\/[^/]+\.xml$/.test(k))) {
    let i = 0;
    out = editText(out, name, (s) => s.replace(re, (m) => (++i % every === 0 ? value(m) : m)));
  }
  return out;
}

const without = (parts: Parts, name: string): Parts =>
  Object.fromEntries(Object.entries(parts).filter(([k]) => k !== name));

function zip(parts: Parts, level: 0 | 6 = 6): Uint8Array {
  const z: Zippable = {};
  for (const [k, v] of Object.entries(parts)) z[k] = [v, { level }];
  return zipSync(z);
}

function flip(bytes: Uint8Array, flips: { at: number; xor: number }[], from = 0): Uint8Array {
  const out = Uint8Array.from(bytes);
  const span = out.length - from;
  if (span <= 0) return out;
  for (const f of flips) out[from + (f.at % span)] ^= f.xor || 1;
  return out;
}

/** The broken workbook's bytes. */
export function mutateXlsx(parts: Parts, m: XlsxMutation): Uint8Array {
  const names = textParts(parts);
  const pick = (i: number): string => names[i % names.length];
  switch (m.kind) {
    case 'flipCompressed': {
      // Past the first local header, so the flips land in compressed data and headers alike.
      return flip(zip(parts), m.flips, 30);
    }
    case 'stored':
      return flip(zip(parts, 0), m.flips, 30);
    case 'truncateFile': {
      const bytes = zip(parts);
      return bytes.subarray(0, m.keep % bytes.length);
    }
    case 'cutPart': {
      const name = pick(m.part);
      return zip({ ...parts, [name]: parts[name].subarray(0, m.keep % Math.max(parts[name].length, 1)) });
    }
    case 'contentTypes': {
      const ct = '[Content_Types].xml';
      if (m.how === 'drop') {
        return zip(without(parts, ct));
      }
      if (m.how === 'garbage') return zip({ ...parts, [ct]: strToU8('<Types><Default Extension="xml"') });
      return zip(editText(parts, ct, (s) => s.replace(/sheet\.main\+xml/g, 'wordprocessingml.document.main+xml')));
    }
    case 'dropPart': {
      return zip(without(parts, pick(m.part)));
    }
    case 'dropRelationship': {
      const rels = 'xl/_rels/workbook.xml.rels';
      let i = 0;
      return zip(
        editText(parts, rels, (s) => s.replace(/<Relationship\b[^>]*\/>/g, (r) => (i++ === m.which ? '' : r))),
      );
    }
    case 'duplicateSheetNames': {
      let i = 0;
      return zip(
        editText(parts, 'xl/workbook.xml', (s) =>
          s.replace(/(<sheet\b[^>]*\bname=")([^"]*)"/g, (_r, head: string) => {
            i++;
            return `${head}${m.caseOnly && i % 2 === 0 ? 'ORDERS' : 'Orders'}"`;
          }),
        ),
      );
    }
    case 'sharedStringIndex':
      return zip(
        everyNth(parts, /(<c\b[^>]*t="s"[^>]*>)<v>\d+<\/v>/g, m.every, (r) =>
          r.replace(/<v>\d+<\/v>/, `<v>${m.value}</v>`),
        ),
      );
    case 'styleIndex':
      return zip(everyNth(parts, /\bs="\d+"/g, m.every, () => `s="${m.value}"`));
    case 'rowNumbers':
      return zip(everyNth(parts, /<row\b r="\d+"/g, m.every, () => `<row r="${m.value}"`));
    case 'cellRefs':
      return zip(everyNth(parts, /<c\b r="[A-Z]+\d+"/g, m.every, () => `<c r="${m.value}"`));
    case 'insertMarkup': {
      const name = pick(m.part);
      return zip(
        editText(parts, name, (s) => s.slice(0, m.at % (s.length + 1)) + m.text + s.slice(m.at % (s.length + 1))),
      );
    }
  }
}

/** The broken CSV's bytes (and whether it is to be named .csv.gz). */
export function mutateCsv(bytes: Uint8Array, m: CsvMutation, gzip: (b: Uint8Array) => Uint8Array): Uint8Array {
  switch (m.kind) {
    case 'flip':
      return flip(bytes, m.flips);
    case 'truncate':
      return bytes.subarray(0, m.keep % (bytes.length + 1));
    case 'insert': {
      const at = m.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
    }
    case 'gzipFlip':
      return flip(gzip(bytes), m.flips, 10);
  }
}
