/**
 * A bounded string pool for cached objects. JSON.parse gives every string value its own copy, so
 * 10,000 Certificates hold 10,000 copies of "ClusterIssuer", of their issuer's name and of each
 * condition message. Transforms route such low-variety fields through a pool to share one copy.
 * The bound keeps a flood of distinct values from growing it: past it, values pass through.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();
  private readonly max: number;

  constructor(max = 20_000) {
    this.max = max;
  }

  get size(): number {
    return this.pool.size;
  }

  intern<S extends string | undefined>(s: S): S {
    if (s === undefined || s.length > 256) return s;
    const hit = this.pool.get(s);
    if (hit !== undefined) return hit as S;
    if (this.pool.size < this.max) this.pool.set(s, s);
    return s;
  }

  /** Interns every value of a string map in place (labels, selected annotations). */
  internValues(m: Record<string, string> | undefined, only?: (key: string) => boolean): void {
    if (!m) return;
    for (const k in m) if (!only || only(k)) m[k] = this.intern(m[k] as string);
  }
}
