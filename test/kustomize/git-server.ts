/**
 * A real git smart-HTTP server for tests: `git http-backend` run as CGI behind node:http on a
 * loopback port, serving the bare repositories under a directory (and plain files under /raw/).
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, normalize } from "node:path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface GitServer {
  url: string;
  close(): Promise<void>;
}

export async function startGitServer(projectRoot: string): Promise<GitServer> {
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    if (u.pathname.startsWith("/raw/")) {
      // Plain files (a release manifest URL), served from <projectRoot>/raw.
      const rel = normalize(decodeURIComponent(u.pathname.slice(5))).replace(/^(\.\.[/\\])+/, "");
      readFile(join(projectRoot, "raw", rel)).then(
        (body) => {
          res.setHeader("content-type", "text/plain");
          res.end(body);
        },
        () => {
          res.statusCode = 404;
          res.end("not found");
        },
      );
      return;
    }
    const env: NodeJS.ProcessEnv = {
      PATH: process.env["PATH"],
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: "1",
      GATEWAY_INTERFACE: "CGI/1.1",
      REQUEST_METHOD: req.method ?? "GET",
      PATH_INFO: decodeURIComponent(u.pathname),
      QUERY_STRING: u.search.slice(1),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_ADDR: "127.0.0.1",
      SERVER_PROTOCOL: "HTTP/1.1",
    };
    if (req.headers["content-length"]) env["CONTENT_LENGTH"] = req.headers["content-length"];
    if (req.headers["content-encoding"]) env["HTTP_CONTENT_ENCODING"] = req.headers["content-encoding"];
    if (req.headers["git-protocol"]) env["GIT_PROTOCOL"] = String(req.headers["git-protocol"]);
    const cgi = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    req.pipe(cgi.stdin);
    let buf = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      buf = Buffer.concat([buf, chunk]);
      let end = buf.indexOf("\r\n\r\n");
      let sepLen = 4;
      if (end < 0) {
        end = buf.indexOf("\n\n");
        sepLen = 2;
      }
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of buf.subarray(0, end).toString("latin1").split(/\r?\n/)) {
        const i = line.indexOf(":");
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === "status") status = parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      res.write(buf.subarray(end + sepLen));
    });
    cgi.stdout.on("end", () => res.end());
    cgi.on("error", () => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
