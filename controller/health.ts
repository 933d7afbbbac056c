import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export interface HealthChecks {
  /** Process is alive and, when leading, still renewing its lease. */
  healthy(): boolean;
  /** Caches have synced. */
  ready(): boolean;
  /** The Prometheus exposition, in chunks streamed with backpressure. */
  metrics?(): Iterable<string>;
}

export interface StartedServer {
  port: number;
  close(): Promise<void>;
}

/** Serves /healthz, /livez, /readyz and (when given) /metrics on loopback-or-any as configured. */
export async function startHttpServer(
  port: number,
  host: string,
  checks: HealthChecks,
  withMetrics: boolean,
): Promise<StartedServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const reply = (code: number, body: string, type = "text/plain; charset=utf-8"): void => {
      res.writeHead(code, { "content-type": type });
      res.end(body);
    };
    if (path === "/healthz" || path === "/livez")
      return reply(checks.healthy() ? 200 : 500, checks.healthy() ? "ok\n" : "unhealthy\n");
    if (path === "/readyz")
      return reply(checks.ready() ? 200 : 503, checks.ready() ? "ok\n" : "caches not synced\n");
    if (path === "/metrics" && withMetrics && checks.metrics) {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
      Readable.from(checks.metrics(), { objectMode: false }).pipe(res);
      return;
    }
    reply(404, "not found\n");
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
