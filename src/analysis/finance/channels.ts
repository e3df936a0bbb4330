/**
 * Which platform channel an invoice's vendor or channel text means: `Google Ireland Ltd` → `Google Ads`,
 * `巨量引擎` → `抖音` (through the user's map), `ｆａｃｅｂｏｏｋ` → `Facebook`.
 *
 * Order: the user's vendor → channel map; the same normalised key; every word of the channel appearing in
 * the vendor (or the reverse); a unique fuzzy match. Vendors are few, so each is resolved once and cached.
 */
import { bestMatch, nameKey, nameWords, prepareName, type PreparedName } from './names.js';

/** How a vendor was tied to a channel. */
export type ChannelMethod = 'map' | 'same' | 'words' | 'fuzzy';

export interface ChannelResolution {
  /** Channel key (`nameKey` of the channel), or null when none fits. */
  key: string | null;
  method: ChannelMethod | null;
}

/** Resolves vendor/channel texts to channel keys among the given channels. */
export class ChannelResolver {
  private readonly keys: string[];
  private readonly prepared: PreparedName[];
  private readonly words: Set<string>[];
  private readonly firsts: string[];
  private readonly map = new Map<string, string>();
  private readonly cache = new Map<string, ChannelResolution>();

  /**
   * @param channels channel labels seen on the platform side (any order, duplicates ignored)
   * @param vendorMap user map, vendor (or invoice channel) text → platform channel text
   * @param minSimilarity threshold for the fuzzy step
   */
  constructor(
    channels: Iterable<string>,
    vendorMap: Record<string, string>,
    private readonly minSimilarity: number,
  ) {
    const seen = new Map<string, string>();
    for (const c of channels) {
      const k = nameKey(c);
      if (k !== '' && !seen.has(k)) seen.set(k, c);
    }
    this.keys = [...seen.keys()];
    this.prepared = [...seen.values()].map(prepareName);
    this.words = [...seen.values()].map((c) => new Set(nameWords(c)));
    this.firsts = [...seen.values()].map((c) => nameWords(c)[0] ?? '');
    for (const [vendor, channel] of Object.entries(vendorMap)) this.map.set(nameKey(vendor), nameKey(channel));
  }

  /** Resolve one vendor or channel text. */
  resolve(text: string): ChannelResolution {
    const k = nameKey(text);
    let r = this.cache.get(k);
    if (r) return r;
    r = this.compute(text, k);
    this.cache.set(k, r);
    return r;
  }

  private compute(text: string, k: string): ChannelResolution {
    if (k === '') return { key: null, method: null };
    const mapped = this.map.get(k);
    if (mapped !== undefined) return { key: mapped, method: 'map' };
    if (this.keys.includes(k)) return { key: k, method: 'same' };
    // Every word of the channel in the vendor's words (Google Ads ⊂ Google Ads Ireland), or the reverse.
    const vw = new Set(nameWords(text));
    let hit = -1;
    let hits = 0;
    const covered = (a: Set<string>, b: Set<string>): boolean => a.size > 0 && [...a].every((w) => b.has(w));
    for (let i = 0; i < this.keys.length; i++) {
      const cw = this.words[i];
      if (covered(cw, vw) || covered(vw, cw)) {
        hits++;
        hit = i;
      }
    }
    if (hits === 1) return { key: this.keys[hit], method: 'words' };
    // The first word alone (Google Ireland Ltd → Google Ads), when exactly one channel shares it.
    const first = nameWords(text)[0];
    if (first !== undefined && first.length >= 3) {
      const same = this.keys.filter((_, i) => this.firsts[i] === first);
      if (same.length === 1) return { key: same[0], method: 'words' };
    }
    const b = bestMatch(prepareName(text), this.prepared, this.minSimilarity);
    if (b.ok) return { key: this.keys[b.index], method: 'fuzzy' };
    return { key: null, method: null };
  }
}
