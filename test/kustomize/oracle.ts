/**
 * The oracle for certflow's renderer tests: Go kustomize, built from the Go module proxy at the
 * version pinned in test/kustomize/tool/go.mod by scripts/build-kustomize.sh (cached; a no-op
 * when built). CERTFLOW_KUSTOMIZE may point at a binary instead.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const REPO_ROOT = new URL("../../", import.meta.url).pathname;
export const CASES_DIR = join(REPO_ROOT, "test/kustomize/cases");

export async function kustomizeBinary(): Promise<string> {
  const fromEnv = process.env["CERTFLOW_KUSTOMIZE"];
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(
        `CERTFLOW_KUSTOMIZE=${fromEnv} does not exist; unset it or build with: scripts/build-kustomize.sh`,
      );
    return fromEnv;
  }
  const script = join(REPO_ROOT, "scripts/build-kustomize.sh");
  try {
    const { stdout } = await run(script, [], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
    const last = stdout.trim().split("\n").pop() ?? "";
    if (!existsSync(last)) throw new Error(`the build script printed '${last}', which does not exist`);
    return last;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `Go kustomize is missing and could not be built. Build it with: ${script}\n${e.stderr ?? e.message}`,
    );
  }
}

export interface CaseMeta {
  root?: string;
  loadRestrictor?: "rootOnly" | "none";
}

export function readCaseMeta(caseDir: string): CaseMeta {
  const p = join(caseDir, "case.json");
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as CaseMeta) : {};
}

export type OracleResult = { ok: true; yaml: string } | { ok: false; stderr: string };

export async function kustomizeBuild(bin: string, dir: string, meta: CaseMeta): Promise<OracleResult> {
  const args = ["build", dir];
  if (meta.loadRestrictor === "none") args.push("--load-restrictor", "LoadRestrictionsNone");
  try {
    const { stdout } = await run(bin, args, {
      maxBuffer: 256 << 20,
      env: { ...process.env, KUSTOMIZE_PLUGIN_HOME: "/nonexistent" },
    });
    return { ok: true, yaml: stdout };
  } catch (err) {
    return { ok: false, stderr: (err as { stderr?: string }).stderr ?? String(err) };
  }
}
