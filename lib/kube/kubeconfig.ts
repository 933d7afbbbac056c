import { readFileSync } from "node:fs";
import type https from "node:https";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";

/**
 * What KubeClient needs from a configuration: the server, and connection/credential options.
 * @kubernetes/client-node's KubeConfig satisfies it; so does the light loader below.
 */
export interface KubeConfigLike {
  getCurrentCluster(): { server: string } | null;
  applyToHTTPSOptions(opts: https.RequestOptions): Promise<void>;
}

interface RawConfig {
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster?: string; user?: string } }[];
  "current-context"?: string;
}

const SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Loading @kubernetes/client-node's KubeConfig pulls in all of its generated API code (~70 MB
 * of RSS). The controller process reads the common kubeconfig shapes itself (token, client
 * certificate, CA, in-cluster service account) and only falls back to client-node for exec
 * plugins and auth providers (ADR 0407).
 */
export class LightKubeConfig implements KubeConfigLike {
  private readonly server: string;
  private readonly ca?: Buffer;
  private readonly cert?: Buffer;
  private readonly key?: Buffer;
  private readonly insecure: boolean;
  private readonly token?: string;
  private readonly tokenFile?: string;
  private readonly basic?: string;

  private constructor(o: {
    server: string;
    ca?: Buffer;
    cert?: Buffer;
    key?: Buffer;
    insecure?: boolean;
    token?: string;
    tokenFile?: string;
    basic?: string;
  }) {
    this.server = o.server;
    this.ca = o.ca;
    this.cert = o.cert;
    this.key = o.key;
    this.insecure = o.insecure ?? false;
    this.token = o.token;
    this.tokenFile = o.tokenFile;
    this.basic = o.basic;
  }

  getCurrentCluster(): { server: string } {
    return { server: this.server };
  }

  async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
    if (this.ca) opts.ca = this.ca;
    if (this.cert) opts.cert = this.cert;
    if (this.key) opts.key = this.key;
    if (this.insecure) opts.rejectUnauthorized = false;
    if (this.basic) opts.auth = this.basic;
    // A token file (projected service account token) rotates: read it each time.
    const token = this.tokenFile ? readFileSync(this.tokenFile, "utf8").trim() : this.token;
    if (token)
      opts.headers = {
        ...(opts.headers as Record<string, string> | undefined),
        authorization: `Bearer ${token}`,
      };
  }

  /** In-cluster: the service account token and CA mounted into every Pod. */
  static fromCluster(env: NodeJS.ProcessEnv): LightKubeConfig {
    const host = env["KUBERNETES_SERVICE_HOST"];
    const port = env["KUBERNETES_SERVICE_PORT"] ?? "443";
    if (!host) throw new Error("KUBERNETES_SERVICE_HOST is not set: not running in a cluster");
    const h = host.includes(":") ? `[${host}]` : host;
    return new LightKubeConfig({
      server: `https://${h}:${port}`,
      ca: readFileSync(join(SA_DIR, "ca.crt")),
      tokenFile: join(SA_DIR, "token"),
    });
  }

  /**
   * Reads a kubeconfig file. Returns "needs-client-node" when the current user authenticates
   * with an exec plugin or an auth provider, which only client-node implements.
   */
  static fromFile(path: string): LightKubeConfig | "needs-client-node" {
    const raw = parseYaml(readFileSync(path, "utf8")) as RawConfig | null;
    if (!raw || typeof raw !== "object") throw new Error(`${path}: not a kubeconfig`);
    const ctxName = raw["current-context"];
    const ctx = raw.contexts?.find((c) => c.name === ctxName)?.context;
    if (!ctx) throw new Error(`${path}: current-context "${ctxName ?? ""}" not found`);
    const cluster = raw.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
    if (!cluster) throw new Error(`${path}: cluster "${ctx.cluster ?? ""}" not found`);
    const user = raw.users?.find((u) => u.name === ctx.user)?.user ?? {};
    if (user["exec"] || user["auth-provider"]) return "needs-client-node";
    const server = str(cluster["server"]);
    if (!server) throw new Error(`${path}: cluster "${ctx.cluster}" has no server`);
    const base = join(path, "..");
    const file = (p: unknown): Buffer | undefined =>
      str(p) ? readFileSync(join(base, str(p) as string)) : undefined;
    const data = (d: unknown): Buffer | undefined =>
      str(d) ? Buffer.from(str(d) as string, "base64") : undefined;
    const username = str(user["username"]);
    return new LightKubeConfig({
      server,
      ca: data(cluster["certificate-authority-data"]) ?? file(cluster["certificate-authority"]),
      insecure: cluster["insecure-skip-tls-verify"] === true,
      cert: data(user["client-certificate-data"]) ?? file(user["client-certificate"]),
      key: data(user["client-key-data"]) ?? file(user["client-key"]),
      token: str(user["token"]),
      tokenFile: str(user["tokenFile"]) ? join(base, str(user["tokenFile"]) as string) : undefined,
      basic: username ? `${username}:${str(user["password"]) ?? ""}` : undefined,
    });
  }
}

/** The kubeconfig path client-go would use: $KUBECONFIG (first entry), else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env["KUBECONFIG"]?.split(":").find((p) => p !== "");
  return fromEnv ?? join(homedir(), ".kube", "config");
}
