import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./repo-root.ts";

const run = promisify(execFile);

export interface ControlPlaneBinaries {
  etcd: string;
  kubeApiserver: string;
}

/**
 * Finds kube-apiserver and etcd: `CERTFLOW_KUBE_APISERVER`/`CERTFLOW_ETCD` when set, otherwise the
 * version-keyed cache filled by scripts/build-control-plane.sh (which builds only what is missing).
 */
export async function ensureControlPlaneBinaries(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ControlPlaneBinaries> {
  const etcd = env["CERTFLOW_ETCD"];
  const kubeApiserver = env["CERTFLOW_KUBE_APISERVER"];
  if (etcd && kubeApiserver) return { etcd, kubeApiserver };
  const script = join(repoRoot(), "scripts", "build-control-plane.sh");
  let stdout: string;
  try {
    ({ stdout } = await run("bash", [script], { env, maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`building the control plane failed:\n${(e.stderr ?? e.message).trim()}`);
  }
  const dir = stdout.trim().split("\n").at(-1) ?? "";
  const found = {
    etcd: etcd ?? join(dir, "etcd"),
    kubeApiserver: kubeApiserver ?? join(dir, "kube-apiserver"),
  };
  for (const bin of Object.values(found)) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing after the build; run: bash ${script}`);
  }
  return found;
}

async function onPath(name: string): Promise<string | undefined> {
  try {
    const { stdout } = await run("sh", ["-c", `command -v ${name}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Finds a Debian-packaged tool, installing the package with apt-get when it is missing (as root only). */
export async function ensureDebianTool(tool: string, pkg: string): Promise<string> {
  const found = await onPath(tool);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`${tool} is not installed; install it with: sudo apt-get install -y ${pkg}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    await run("apt-get", ["install", "-y", "-q", pkg], { env }).catch(async () => {
      await run("apt-get", ["update", "-q"], { env });
      await run("apt-get", ["install", "-y", "-q", pkg], { env });
    });
  } catch (err) {
    throw new Error(`installing ${pkg} failed (apt-get install -y ${pkg}): ${(err as Error).message}`);
  }
  const installed = await onPath(tool);
  if (!installed) throw new Error(`apt-get installed ${pkg} but ${tool} is still not on PATH`);
  return installed;
}
