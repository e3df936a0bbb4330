/**
 * The name lookups of reconciliation: platform campaigns per channel ("entities") with their month
 * groups, found by the reference an invoice gives (exact, alias, normalised, several references, fuzzy)
 * or by a name in its description; and the union-find that joins invoices and groups into match sets.
 */
import { bestMatch, nameKey, prepareName, splitRefs, type PreparedName } from '../names.js';
import type { MatchMethod } from './model.js';

/** A campaign of one channel, with its platform groups by month. */
export interface Entity {
  ch: string;
  key: string;
  label: string;
  chLabel: string;
  groups: Map<number, number>;
  prepared: PreparedName | null;
}

/** Campaign lookup within one channel (or `*` for all). */
interface Scope {
  entities: number[];
  byRaw: Map<string, number[]>;
  byKey: Map<string, number[]>;
  prepared: PreparedName[] | null;
}

/** The campaigns a reference names, or why none: no name close enough, or several equally close. */
export type CampaignHit =
  | { ok: true; entities: number[]; method: MatchMethod; score?: number }
  | { ok: false; why: 'none' | 'ambiguous'; closest: string | null; score: number };

export class Matcher {
  readonly entities: Entity[] = [];
  private readonly scopes = new Map<string, Scope>();
  private readonly cache = new Map<string, CampaignHit>();
  private readonly aliases = new Map<string, string>();

  constructor(
    private readonly minSimilarity: number,
    aliases: Record<string, string>,
  ) {
    for (const [from, to] of Object.entries(aliases)) this.aliases.set(nameKey(from), nameKey(to));
  }

  scope(ch: string): Scope {
    let s = this.scopes.get(ch);
    if (!s) this.scopes.set(ch, (s = { entities: [], byRaw: new Map(), byKey: new Map(), prepared: null }));
    return s;
  }

  addEntity(e: Entity): number {
    const id = this.entities.length;
    this.entities.push(e);
    for (const sc of [this.scope(e.ch), this.scope('*')]) {
      sc.entities.push(id);
      push(sc.byKey, e.key, id);
      push(sc.byRaw, e.label, id);
    }
    return id;
  }

  /** Campaigns a reference names within a channel scope. */
  campaigns(ch: string, ref: string): CampaignHit {
    const ck = `${ch}\u0001${ref}`;
    let r = this.cache.get(ck);
    if (!r) {
      r = this.compute(ch, ref, true);
      this.cache.set(ck, r);
    }
    return r;
  }

  private compute(ch: string, ref: string, allowSplit: boolean): CampaignHit {
    const sc = this.scopes.get(ch);
    if (!sc) return { ok: false, why: 'none', closest: null, score: 0 };
    const exact = sc.byRaw.get(ref.trim());
    if (exact) return { ok: true, entities: exact, method: 'reference' };
    const key = nameKey(ref);
    const alias = this.aliases.get(key);
    if (alias !== undefined) {
      const a = sc.byKey.get(alias);
      if (a) return { ok: true, entities: a, method: 'alias' };
    }
    const norm = sc.byKey.get(key);
    if (norm) return { ok: true, entities: norm, method: 'normalised' };
    if (allowSplit) {
      const parts = splitRefs(ref);
      if (parts.length > 1) {
        const all = new Set<number>();
        let ok = true;
        for (const p of parts) {
          const h = this.compute(ch, p, false);
          if (!h.ok) {
            ok = false;
            break;
          }
          for (const e of h.entities) all.add(e);
        }
        if (ok) return { ok: true, entities: [...all], method: 'multiple' };
      }
    }
    if (!sc.prepared) sc.prepared = sc.entities.map((id) => this.prepared(id));
    const b = bestMatch(prepareName(ref), sc.prepared, this.minSimilarity);
    if (b.ok) {
      // The same campaign name may exist in several channels of the `*` scope: take every one of that key.
      const k = this.entities[sc.entities[b.index]].key;
      return { ok: true, entities: sc.byKey.get(k) ?? [sc.entities[b.index]], method: 'fuzzy', score: b.score };
    }
    return {
      ok: false,
      why: b.reason,
      closest: b.best >= 0 ? this.entities[sc.entities[b.best]].label : null,
      score: b.score,
    };
  }

  private prepared(id: number): PreparedName {
    const e = this.entities[id];
    e.prepared ??= prepareName(e.label);
    return e.prepared;
  }

  /** Campaigns whose normalised name appears in a description (longest names win over names they contain). */
  inDescription(ch: string, description: string): number[] {
    const sc = this.scopes.get(ch);
    if (!sc) return [];
    const d = nameKey(description);
    const found: number[] = [];
    for (const id of sc.entities) {
      const k = this.entities[id].key;
      const long = /\p{Script=Han}/u.test(k) ? k.length >= 2 : k.length >= 4;
      if (long && d.includes(k)) found.push(id);
    }
    return found.filter(
      (a) =>
        !found.some(
          (b) =>
            b !== a &&
            this.entities[b].key.length > this.entities[a].key.length &&
            this.entities[b].key.includes(this.entities[a].key),
        ),
    );
  }
}

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Union-find with path halving. */
export class Dsu {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra < rb ? rb : ra] = ra < rb ? ra : rb;
  }
}
