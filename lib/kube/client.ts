import http from "node:http";
import https from "node:https";
import type { KubeConfigLike } from "./kubeconfig.ts";

/**
 * A thin REST client: @kubernetes/client-node supplies the connection and credentials
 * (kubeconfig, in-cluster service account, exec plugins); requests and watches go over one
 * keep-alive agent so hundreds of small writes a second stay cheap (ADR 0401).
 */

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    [k: string]: unknown;
  };
}

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409;
}
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && err.reason === "AlreadyExists";
}

export function resourcePath(
  rt: ResourceType,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = rt.group === "" ? `/api/${rt.version}` : `/apis/${rt.group}/${rt.version}`;
  let p = base;
  if (rt.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${rt.plural}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Gives up when the server has not answered in time; watches pass 0 (they are long by design). */
  timeoutMs?: number;
}

/** A stuck connection must fail the call (and be retried) rather than hang a reconcile forever. */
const defaultRequestTimeoutMs = 60_000;

export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: KubeObject & { code?: number; reason?: string; message?: string };
}

function queryString(q: RequestOptions["query"]): string {
  if (!q) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** A non-2xx answer as an ApiError carrying the Status object's reason and message (raw text if it is not one). */
function statusError(verb: string, path: string, status: number, text: string): ApiError {
  let reason = "";
  let message = text.slice(0, 500).trim();
  try {
    const s = JSON.parse(text) as { reason?: string; message?: string };
    reason = s.reason ?? "";
    message = s.message ?? message;
  } catch {
    // not a Status object: keep the raw text
  }
  return new ApiError(status, reason, `${verb} ${path}: ${status} ${message}`);
}

/** `secrets`, `certificates/status`, `namespaces`: the resource (and subresource) a path names. */
export function resourceOfPath(path: string): string {
  const segs = (path.split("?")[0] ?? "").split("/").filter(Boolean);
  let i = segs[0] === "api" ? 2 : 3;
  if (segs[i] === "namespaces" && segs.length > i + 2) i += 2;
  const plural = segs[i] ?? "";
  const sub = segs[i + 2];
  return sub ? `${plural}/${sub}` : plural;
}

export class KubeClient {
  readonly server: URL;
  private readonly kubeConfig: KubeConfigLike;
  private base: https.RequestOptions = {};
  private baseAt = 0;
  private readonly agent: http.Agent;
  /** Requests sent, keyed `METHOD resource[/subresource]`: for the metrics endpoint and benchmarks. */
  readonly requestCounts = new Map<string, number>();

  private constructor(kubeConfig: KubeConfigLike, server: URL) {
    this.kubeConfig = kubeConfig;
    this.server = server;
    const agentOpts = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64 };
    this.agent = server.protocol === "https:" ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
  }

  static async create(kubeConfig: KubeConfigLike): Promise<KubeClient> {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error("the kubeconfig has no current cluster");
    const client = new KubeClient(kubeConfig, new URL(cluster.server));
    await client.options();
    return client;
  }

  /** Connection options from client-node, refreshed each minute so rotated tokens are picked up. */
  private async options(): Promise<https.RequestOptions> {
    if (Date.now() - this.baseAt > 60_000) {
      const opts: https.RequestOptions = {};
      await this.kubeConfig.applyToHTTPSOptions(opts);
      this.base = opts;
      this.baseAt = Date.now();
    }
    return this.base;
  }

  private async open(
    method: string,
    path: string,
    opts: RequestOptions,
  ): Promise<{ res: http.IncomingMessage; req: http.ClientRequest }> {
    const base = await this.options();
    const headers: Record<string, string> = { ...(base.headers as Record<string, string> | undefined) };
    headers["accept"] = opts.accept ?? "application/json";
    headers["user-agent"] = "certflow";
    let payload: Buffer | undefined;
    if (opts.body !== undefined) {
      payload = Buffer.from(typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body));
      headers["content-type"] = opts.contentType ?? "application/json";
      headers["content-length"] = String(payload.length);
    }
    const counted = `${method} ${resourceOfPath(path)}`;
    this.requestCounts.set(counted, (this.requestCounts.get(counted) ?? 0) + 1);
    const mod = this.server.protocol === "https:" ? https : http;
    return await new Promise((resolve, reject) => {
      const req = mod.request(
        {
          ca: base.ca,
          cert: base.cert,
          key: base.key,
          rejectUnauthorized: base.rejectUnauthorized,
          servername: base.servername,
          auth: base.auth,
          agent: this.agent,
          hostname: this.server.hostname,
          port: this.server.port,
          method,
          path: `${this.server.pathname.replace(/\/$/, "")}${path}${queryString(opts.query)}`,
          headers,
          signal: opts.signal,
        },
        (res) => resolve({ res, req }),
      );
      const timeoutMs = opts.timeoutMs ?? defaultRequestTimeoutMs;
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () =>
          req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)),
        );
      }
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** One request; non-2xx statuses become ApiError with the server's reason and message. */
  async request<T = KubeObject>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const { res } = await this.open(method, path, opts);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw statusError(method, path, status, text);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /**
   * Streams a watch until the server closes it, the signal fires, or an error occurs.
   * Resolves on a clean end; rejects on transport errors and non-2xx responses.
   */
  async watch(path: string, opts: RequestOptions, onEvent: (e: WatchEvent) => void): Promise<void> {
    const { res, req } = await this.open("GET", path, { ...opts, timeoutMs: 0 });
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw statusError("watch", path, status, Buffer.concat(chunks).toString("utf8"));
    }
    let buffered = "";
    try {
      res.setEncoding("utf8");
      for await (const chunk of res) {
        buffered += chunk as string;
        let nl = buffered.indexOf("\n");
        while (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim()) onEvent(JSON.parse(line) as WatchEvent);
          nl = buffered.indexOf("\n");
        }
      }
    } finally {
      req.destroy();
    }
  }

  // ---------------------------------------------------------------- typed helpers

  async get<T extends KubeObject>(rt: ResourceType, namespace: string | undefined, name: string): Promise<T> {
    return await this.request<T>("GET", resourcePath(rt, namespace, name));
  }

  async create<T extends KubeObject>(rt: ResourceType, obj: T): Promise<T> {
    return await this.request<T>("POST", resourcePath(rt, obj.metadata.namespace), { body: obj });
  }

  async delete(rt: ResourceType, namespace: string | undefined, name: string, uid?: string): Promise<void> {
    const body = uid ? { apiVersion: "v1", kind: "DeleteOptions", preconditions: { uid } } : undefined;
    await this.request("DELETE", resourcePath(rt, namespace, name), { body });
  }

  /** Server-side apply (force): the write style for everything the controller owns. */
  async apply<T extends KubeObject>(
    rt: ResourceType,
    obj: KubeObject,
    fieldManager: string,
    subresource?: "status",
  ): Promise<T> {
    return await this.request<T>(
      "PATCH",
      resourcePath(rt, obj.metadata.namespace, obj.metadata.name, subresource),
      {
        body: obj,
        contentType: "application/apply-patch+yaml",
        query: { fieldManager, force: true },
      },
    );
  }

  async mergePatch<T extends KubeObject>(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    subresource?: string,
  ): Promise<T> {
    return await this.request<T>("PATCH", resourcePath(rt, namespace, name, subresource), {
      body: patch,
      contentType: "application/merge-patch+json",
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
