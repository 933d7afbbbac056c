import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const node = join(repoRoot, "node_modules", ".bin", "node");
const cli = join(repoRoot, "cli", "main.ts");

export interface CmpRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * A working copy laid out like argocd-cmp-server's: /tmp/_cmp_server/<uuid>/<repo files>,
 * here with overlays-example/ inside a repository of its own.
 */
export async function makeWorkingCopy(): Promise<{
  root: string;
  repo: string;
  cleanup: () => Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), "certflow-cmp-it-"));
  const repo = join(root, "_cmp_server", randomUUID());
  await mkdir(repo, { recursive: true });
  await cp(join(repoRoot, "overlays-example"), join(repo, "overlays-example"), { recursive: true });
  return { root, repo, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** The environment argocd-cmp-server gives a generate command (plus PATH/HOME of the sidecar). */
export function argoEnv(appPath: string, extra: Record<string, string> = {}): Record<string, string> {
  const name = `certflow-${appPath.split("/").at(-1) ?? "app"}`;
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: tmpdir(),
    ARGOCD_APP_NAME: name,
    ARGOCD_APP_NAMESPACE: "cert-manager",
    ARGOCD_APP_PROJECT_NAME: "default",
    ARGOCD_APP_REVISION: "0123456789abcdef0123456789abcdef01234567",
    ARGOCD_APP_REVISION_SHORT: "0123456",
    ARGOCD_APP_REVISION_SHORT_8: "01234567",
    ARGOCD_APP_SOURCE_PATH: appPath,
    ARGOCD_APP_SOURCE_REPO_URL: "https://github.com/example-org/gitops.git",
    ARGOCD_APP_SOURCE_TARGET_REVISION: "HEAD",
    KUBE_VERSION: "1.35.4",
    KUBE_API_VERSIONS:
      "v1,apps/v1,networking.k8s.io/v1,apiextensions.k8s.io/v1,cert-manager.io/v1,acme.cert-manager.io/v1",
    ...extra,
  };
}

/** Runs `certflow cmp generate` as the sidecar does: given cwd and env, no TTY, stdin closed. */
export function runGenerate(cwd: string, env: Record<string, string>, entry = cli): Promise<CmpRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node, [entry, "cmp", "generate"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** Runs the certflow CLI from the repository root with the test's own environment. */
export function runCli(args: string[]): Promise<CmpRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node, [cli, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
