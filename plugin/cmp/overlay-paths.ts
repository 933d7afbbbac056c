import { stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { KUSTOMIZATION_FILE_NAMES } from "../../kustomize/loader.ts";

/**
 * The repository root inside argocd-cmp-server's working copy: the working directory
 * is <root>/<ARGOCD_APP_SOURCE_PATH>, so strip that many segments. Without the
 * variable (a local run), the working directory is the root.
 */
export function repoRootFor(cwd: string, sourcePath: string | undefined): string {
  const segments = (sourcePath ?? "").split(/[\\/]/).filter((s) => s !== "" && s !== ".");
  let root = resolve(cwd);
  const tail = segments.join(sep);
  if (tail !== "" && root.endsWith(sep + tail)) root = root.slice(0, root.length - tail.length - 1);
  return root;
}

export function isInside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

export async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export async function kustomizationIn(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = join(dir, name);
    const found = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (found) return file;
  }
  return undefined;
}
