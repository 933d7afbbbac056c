import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpResult {
  status: number;
  body: string;
}

export interface HttpOptions {
  method?: string;
  ca?: string | Buffer;
  insecure?: boolean;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/** A small HTTP(S) client for loopback servers: readiness probes and raw API calls (self-signed TLS via `ca`). */
export function sendHttp(url: string, opts: HttpOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
      u,
      {
        method: opts.method ?? "GET",
        ca: opts.ca,
        rejectUnauthorized: !opts.insecure,
        headers: opts.headers,
        timeout: opts.timeoutMs ?? 2000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${opts.method ?? "GET"} ${url} timed out`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A GET for readiness probes. */
export function httpGet(url: string, opts: Omit<HttpOptions, "method" | "body"> = {}): Promise<HttpResult> {
  return sendHttp(url, opts);
}
