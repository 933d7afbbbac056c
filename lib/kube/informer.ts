import {
  ApiError,
  resourcePath,
  type KubeClient,
  type KubeObject,
  type ResourceType,
  type WatchEvent,
} from "./client.ts";

export interface InformerHandlers<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions<T> {
  namespace?: string;
  labelSelector?: string;
  /** Cache PartialObjectMetadata only (no data, no spec): for Secrets the controller does not own. */
  metadataOnly?: boolean;
  /** Trim objects before caching (memory); the default drops managedFields and last-applied annotations. */
  transform?: (obj: KubeObject) => T;
  log?: (line: string) => void;
  /** Server-side watch timeout; the informer re-watches from the last resourceVersion afterwards. */
  watchTimeoutSeconds?: number;
}

export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : (obj.metadata.name ?? "");
}

function rvNumber(rv: string | undefined): bigint {
  try {
    return rv ? BigInt(rv) : 0n;
  } catch {
    return 0n;
  }
}

/**
 * Drops managedFields and the last-applied annotation by building new objects rather than
 * `delete`: a deleted property turns a V8 object into a dictionary (about 4x its size), and
 * metadata is kept for every cached object.
 */
export function defaultTransform<T>(obj: KubeObject): T {
  const { managedFields: _managed, ...meta } = obj.metadata as KubeObject["metadata"] & {
    managedFields?: unknown;
  };
  const ann = meta.annotations;
  if (ann && "kubectl.kubernetes.io/last-applied-configuration" in ann) {
    const { "kubectl.kubernetes.io/last-applied-configuration": _applied, ...rest } = ann;
    meta.annotations = rest;
  }
  obj.metadata = meta;
  return obj as T;
}

const META_LIST_ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
const META_ACCEPT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

/**
 * List-then-watch cache of one resource type. Relists after a 410 Gone or any watch error
 * (with backoff), resumes the watch from the last resourceVersion when the server closes it,
 * and emits add/update/delete for the differences a relist finds.
 */
export class Informer<T extends KubeObject> {
  private readonly store = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private readonly client: KubeClient;
  private readonly rt: ResourceType;
  private readonly opts: InformerOptions<T>;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private lastRv = "";
  /** Index value → key, or a Set once a value has several keys (most have one; a Set costs ~200 bytes). */
  private readonly indexes = new Map<
    string,
    { fn: (obj: T) => string[]; map: Map<string, string | Set<string>> }
  >();
  relists = 0;

  constructor(client: KubeClient, rt: ResourceType, opts: InformerOptions<T> = {}) {
    this.client = client;
    this.rt = rt;
    this.opts = opts;
  }

  get resource(): ResourceType {
    return this.rt;
  }

  /** Adds a secondary index (e.g. owner UID → keys); call before `run`. */
  addIndex(name: string, fn: (obj: T) => string[]): void {
    this.indexes.set(name, { fn, map: new Map() });
  }

  byIndex(name: string, value: string): T[] {
    const keys = this.indexes.get(name)?.map.get(value);
    if (keys === undefined) return [];
    if (typeof keys === "string") {
      const o = this.store.get(keys);
      return o ? [o] : [];
    }
    const out: T[] = [];
    for (const k of keys) {
      const o = this.store.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  private setObj(key: string, obj: T): void {
    const old = this.store.get(key);
    if (old) this.unindex(key, old);
    this.store.set(key, obj);
    for (const idx of this.indexes.values()) {
      for (const v of idx.fn(obj)) {
        const cur = idx.map.get(v);
        if (cur === undefined) idx.map.set(v, key);
        else if (typeof cur === "string") {
          if (cur !== key) idx.map.set(v, new Set([cur, key]));
        } else cur.add(key);
      }
    }
  }

  private deleteObj(key: string): void {
    const old = this.store.get(key);
    if (old) this.unindex(key, old);
    this.store.delete(key);
  }

  private unindex(key: string, obj: T): void {
    for (const idx of this.indexes.values()) {
      for (const v of idx.fn(obj)) {
        const cur = idx.map.get(v);
        if (cur === undefined) continue;
        if (typeof cur === "string") {
          if (cur === key) idx.map.delete(v);
          continue;
        }
        cur.delete(key);
        if (cur.size === 1) idx.map.set(v, cur.values().next().value as string);
        else if (cur.size === 0) idx.map.delete(v);
      }
    }
  }

  on(h: InformerHandlers<T>): void {
    this.handlers.push(h);
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): T[] {
    const all = [...this.store.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  get size(): number {
    return this.store.size;
  }

  /**
   * Puts an object the controller just wrote into the cache (if newer than the cached one),
   * so the next reconcile does not act on a stale copy before the watch event arrives.
   */
  upsert(raw: KubeObject): void {
    this.cacheNewer(objectKey(raw), raw);
  }

  /**
   * Caches `raw` unless the cache already holds this or a newer version (a write-through upsert
   * and its watch event race), checked before the transform, which may parse keys and
   * certificates; then tells the handlers.
   */
  private cacheNewer(key: string, raw: KubeObject): void {
    const old = this.store.get(key);
    if (old && rvNumber(old.metadata.resourceVersion) >= rvNumber(raw.metadata.resourceVersion)) return;
    const obj = this.transform(raw);
    this.setObj(key, obj);
    for (const h of this.handlers) {
      if (old) h.update?.(old, obj);
      else h.add?.(obj);
    }
  }

  /** Drops an object the controller just deleted. */
  remove(namespace: string | undefined, name: string): void {
    const key = namespace ? `${namespace}/${name}` : name;
    const old = this.store.get(key);
    if (!old) return;
    this.deleteObj(key);
    for (const h of this.handlers) h.delete?.(old);
  }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  private transform(obj: KubeObject): T {
    return (this.opts.transform ?? defaultTransform<T>)(obj);
  }

  private log(line: string): void {
    this.opts.log?.(`informer ${this.rt.plural}: ${line}`);
  }

  /** Runs until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 500;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.relist(signal);
          needList = false;
          backoff = 500;
        }
        await this.watchOnce(signal);
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof GoneError) {
          this.log("resourceVersion too old (410); relisting");
          needList = true;
          continue;
        }
        this.log(`watch failed: ${(err as Error).message}; relisting in ${backoff} ms`);
        needList = true;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private query(): Record<string, string | undefined> {
    return { labelSelector: this.opts.labelSelector };
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const path = resourcePath(this.rt, this.opts.namespace);
    const seen = new Map<string, T>();
    let cont: string | undefined;
    let rv = "";
    do {
      const page = await this.client.request<{
        metadata: { resourceVersion: string; continue?: string };
        // A Go nil slice: an empty PartialObjectMetadataList comes back as "items": null.
        items: KubeObject[] | null;
      }>("GET", path, {
        query: { ...this.query(), limit: 500, continue: cont },
        accept: this.opts.metadataOnly ? META_LIST_ACCEPT : undefined,
        signal,
      });
      for (const item of page.items ?? []) {
        // An object the cache holds at this version is kept as it is: no second transform
        // (for Secrets, a parse of their keys and certificates) on every relist.
        const key = objectKey(item);
        const cached = this.store.get(key);
        const same = cached && cached.metadata.resourceVersion === item.metadata.resourceVersion;
        seen.set(key, same ? cached : this.transform(item));
      }
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion;
    } while (cont);
    this.relists++;
    const old = new Map(this.store);
    for (const k of old.keys()) if (!seen.has(k)) this.deleteObj(k);
    for (const [k, v] of seen) this.setObj(k, v);
    for (const [k, v] of seen) {
      const prev = old.get(k);
      for (const h of this.handlers) {
        if (!prev) h.add?.(v);
        else if (prev.metadata.resourceVersion !== v.metadata.resourceVersion) h.update?.(prev, v);
      }
    }
    for (const [k, v] of old) if (!seen.has(k)) for (const h of this.handlers) h.delete?.(v);
    this.lastRv = rv;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters) w();
      this.syncWaiters = [];
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    const timeout = this.opts.watchTimeoutSeconds ?? 240 + Math.floor(Math.random() * 120);
    await this.client.watch(
      resourcePath(this.rt, this.opts.namespace),
      {
        query: {
          ...this.query(),
          watch: true,
          resourceVersion: this.lastRv,
          allowWatchBookmarks: true,
          timeoutSeconds: timeout,
        },
        accept: this.opts.metadataOnly ? META_ACCEPT : undefined,
        signal,
      },
      (e) => this.handle(e),
    );
  }

  private handle(e: WatchEvent): void {
    if (e.type === "ERROR") {
      if (e.object.code === 410) throw new GoneError();
      throw new ApiError(e.object.code ?? 500, e.object.reason ?? "", e.object.message ?? "watch error");
    }
    const rv = e.object.metadata.resourceVersion;
    if (e.type === "BOOKMARK") {
      if (rv) this.lastRv = rv;
      return;
    }
    const key = objectKey(e.object);
    if (rv) this.lastRv = rv;
    if (e.type === "DELETED") {
      const old = this.store.get(key);
      this.deleteObj(key);
      for (const h of this.handlers) h.delete?.(old ?? this.transform(e.object));
      return;
    }
    this.cacheNewer(key, e.object);
  }
}

class GoneError extends Error {
  override name = "GoneError";
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
